import type { DestinationStream } from "pino";
import { createChartRenderer, type ChartRenderer } from "../../core/src/charts/server.ts";
import {
  createLogger,
  openUsageLog,
  recordAudit,
  type AuditEventInput,
  type Logger,
  type UsageLogOptions,
} from "../../core/src/log/index.ts";
import {
  createMemoryCooldownStore,
  type CooldownStore,
  createConfiguredLlmContractEngine,
  createConfiguredLlmEngine,
  createContractRuleNudgeEngine,
  createNudgeTriggers,
  createRuleNudgeEngine,
  readNudgeStrategies,
  type ContractNudgeEngine,
  type NudgeEngine,
  type NudgeStrategyConfig,
  type NudgeTrigger,
  type NudgeTriggers,
} from "../../core/src/nudges/index.ts";
import {
  buildContractInsight,
  buildCustomerInsight,
  type ContractInsight,
  type CustomerInsight,
} from "../../core/src/report/index.ts";
import type { ContractRow } from "../../core/src/data/index.ts";
import type { Snapshot } from "../../core/src/snapshot/index.ts";
import { openChurnModel, type ChurnModel } from "../../core/src/score/index.ts";
import {
  nudgeDecisionLog,
  openStore,
  type NudgeDecisionLog,
  storeCooldowns,
  storeCustomerActions,
  storeExposures,
  type ExposureStore,
  storeFollows,
  storeSegmentFollows,
  type Store,
} from "../../core/src/store/index.ts";
import { openSnapshotStore } from "../../core/src/snapshot/index.ts";
import {
  DEFAULT_EXPERIMENTS_FILE,
  readExperimentConfig,
  type ExperimentConfig,
} from "../../core/src/experiments/index.ts";
import {
  createConfiguredTranslator,
  respond,
  warmSnapshot,
  warmSnapshotInSteps,
  type Asker,
  type ConversationServices,
  type EarlierSnapshots,
  type Reply,
} from "../conversation/index.ts";
import { ServerConfigError, type ServerConfig } from "../server-config.ts";
import { createChartImages, type ChartImages } from "./chart-images.ts";
import { createChartLinks, type ChartLinks } from "./chart-links.ts";
import { createReplyChartLinks, type ReplyChartLinks } from "./reply-chart-links.ts";
import { createSummaryLinks, type SummaryLinks } from "./summary-links.ts";
import { countFallbacks } from "./counted-nudge-engine.ts";
import { recordServedExposure } from "./served-nudge-exposure.ts";
import { createServerMetrics, type ServerMetrics } from "./server-metrics.ts";
import { createServingState, type ServingLease, type ServingState } from "./serving-state.ts";
import { createFollowAccess, createSegmentAccess } from "./follow-access.ts";
import { createFollowNotifier, type NotifyOutcome } from "./follow-notifier.ts";
import { createEarlierSnapshots } from "./earlier-snapshots.ts";
import { createExportLinks, type ExportLinks } from "./export-links.ts";
import { loadOwnerDirectory, type OwnerDirectory } from "./owner-directory.ts";
import { createSlackIdentities } from "../slack/slack-identity.ts";
import { createSlackWebClient } from "../slack/slack-web-client.ts";
import { replyActivity, teamsSenderFrom } from "../teams/index.ts";

/**
 * What every listener shares (the API routes now; Slack and Teams adapters later): one logger, one
 * model and snapshot (hot-reloaded), one nudge engine with its cooldown, one chart renderer and
 * link signer, one metrics registry, one clock and one audit log.
 */
export interface ServerServices {
  readonly config: ServerConfig;
  /** Operational log (JSON lines, secrets redacted). */
  readonly logger: Logger;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly serving: ServingState;
  /** The rule engine, or the LLM engine with its fallback when LLM_API_KEY is set. */
  readonly engine: NudgeEngine;
  /** App events (login, refresh) with the cooldown; on-demand nudges. */
  readonly nudges: NudgeTriggers;
  /** One customer's insight from a lease's model and snapshot; throws `InsightError`. */
  insight(lease: ServingLease, customerID: string, trigger?: NudgeTrigger): Promise<CustomerInsight>;
  /** The same for a model trained under its own dataset contract (not the demo's columns). */
  contractInsight(lease: ServingLease, customerID: string, trigger?: NudgeTrigger): Promise<ContractInsight>;
  /**
   * One chat question through the conversation layer (bot/conversation's `respond`), answered from
   * a lease of the current model and snapshot and audited once with who asked and where. Before
   * the first snapshot the reply says what to run; it never throws for a question.
   *
   * @example
   * const reply = await services.ask("why is 7590-VHVEG at risk", { id: "U123", surface: "slack" });
   * const png = await services.charts.renderReply(reply.charts[0]);
   */
  ask(text: string, asker: Asker): Promise<Reply>;
  /** The declared experiments (data/experiments.json, or the default when it is absent). */
  readonly experiments: ExperimentConfig;
  /**
   * Who owns which accounts (`ENGAGETRACK_OWNERS_FILE`, owner-directory.ts): "my accounts", access
   * by ownership, per-owner digests. Without the setting, the directory of no file.
   */
  readonly owners: OwnerDirectory;
  readonly charts: ChartImages;
  readonly links: ChartLinks;
  /** Signed links to reply charts whose data travels in the link (`/charts/r/<token>.png`). */
  readonly replyCharts: ReplyChartLinks;
  /** Signed download links of customers' TXT summaries (`/summaries/<token>.txt`). */
  readonly summaries: SummaryLinks;
  /** Signed download links of CSV exports (`/exports/<token>.csv`; Teams cards link them). */
  readonly exports: ExportLinks;
  /** Earlier snapshots of the serving lineage ("what changed", export links of an older reply). */
  readonly earlier: EarlierSnapshots;
  readonly metrics: ServerMetrics;
  /**
   * The state replicas share (Slack de-duplication, rate limits, cooldowns, Teams conversations,
   * digest claims): PostgreSQL at `DATABASE_URL`, or the embedded PGlite this process holds.
   */
  readonly store: Store;
  /** Nudge exposures (every nudge served, once per customer, arm and strategy) in the shared store. */
  readonly exposures: ExposureStore;
  /**
   * Resolves once followers have been told of the snapshots swapped in so far (follows and alerts:
   * a Slack DM, a Teams message or an outbox file, once per change across replicas).
   */
  followsNotified(): Promise<NotifyOutcome | undefined>;
  /** Writes one audit event to the usage log. */
  audit(event: AuditEventInput): void;
  /** Resolves once every audit line written so far has reached the usage log (or was counted as lost). */
  flushAudit(): Promise<void>;
  /** Told by `startServer` where it listens: the base of chart links when no public URL is set. */
  listening(url: string): void;
  /** Stops the snapshot poll, releases the model and closes the usage log. */
  close(): Promise<void>;
}

/** The services' side effects, with defaults for a real process. */
export interface ServiceEffects {
  /** Where the operational log goes; default stdout. */
  logStream?: DestinationStream;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
  openModel?: (dir: string) => Promise<ChurnModel>;
  /** Random source of LLM retry jitter; default Math.random. */
  random?: () => number;
  /** Node process metrics in /metrics; default true. */
  processMetrics?: boolean;
  /** The chart renderer; default a warm one with the shipped fonts. */
  chartRenderer?: ChartRenderer;
  /** Opens the usage log's file stream; default a size-rotated file (tests inject a failing disk). */
  openUsageLogStream?: UsageLogOptions["openStream"];
  /**
   * The shared store; default opened from `config.store` (and closed with the services). An
   * injected store stays open: its opener closes it.
   */
  store?: Store;
  /** Where notifications of followers without a chat (the terminal) are written; default data/outbox/alerts. */
  followOutboxDir?: string;
}

/**
 * Builds the services from the configuration and loads the newest snapshot and its model (a
 * missing snapshot is not an error: the server starts and says what to run). Throws
 * `ServerConfigError` for a strategies file or usage log that cannot be used.
 *
 * @example
 * const services = await createServices(serverConfigFrom(process.env));
 * const server = await startServer(services.config, services);
 */
export async function createServices(
  config: ServerConfig,
  effects: ServiceEffects = {},
): Promise<ServerServices> {
  const clock = effects.clock ?? Date.now;
  const settings = config.insight;
  const logger = createLogger(effects.logStream ?? process.stdout, {
    level: settings.usageLog.level,
    clock: () => new Date(clock()),
    base: { service: "bot" },
  });
  const strategies = await readStrategies(settings.strategiesFile);
  const experiments = await readExperiments();
  const owners = await readOwners(config.ownersFile);
  let usageLog;
  try {
    usageLog = await openUsageLog({
      ...settings.usageLog,
      clock: () => new Date(clock()),
      base: { service: "bot" },
      openStream: effects.openUsageLogStream,
      // Once each way, not once per request; /metrics counts the lines lost.
      onHealthChange: (healthy, err) =>
        healthy
          ? logger.info({ path: settings.usageLog.path }, "usage log writable again")
          : logger.warn(
              { err, path: settings.usageLog.path },
              "cannot write the usage log: audit lines are dropped until it works again (engagetrack_log_write_failures_total)",
            ),
    });
  } catch (err) {
    throw new ServerConfigError([
      `ENGAGETRACK_USAGE_LOG=${JSON.stringify(settings.usageLog.path)}: cannot open the usage log: ${(err as Error).message}`,
    ]);
  }

  let store: Store;
  try {
    store =
      effects.store ??
      (await openStore({
        databaseUrl: config.store.databaseUrl,
        dir: config.store.dir,
        command: "engagetrack serve",
        clock,
      }));
  } catch (err) {
    await usageLog.close();
    throw err; // StoreError: one sentence (the holder of the embedded store, an unreachable server)
  }
  logger.info(
    { engine: store.engine, where: store.where, openMs: Math.round(store.openMs) },
    "shared store open",
  );

  // The metrics read the serving state at each scrape; the serving state counts reloads in the
  // metrics (only once `reload()` runs, below).
  const snapshotStore = openSnapshotStore(settings.snapshotsDir);
  const state: ServingState = createServingState({
    modelDir: settings.modelDir,
    // The serving state logs each skipped snapshot directory once (not at every poll).
    store: snapshotStore,
    openModel: effects.openModel ?? openChurnModel,
    clock,
    logger,
    pollMs: config.snapshotPollMs,
    onReload: (outcome) => {
      metrics.snapshotReloads.inc({ outcome });
      // Prepare the new snapshot's rank orders, segment tables and ID index before people ask.
      if (outcome === "swapped" && warmOnReload) warming = warm(true);
      // Tell followers what changed since the snapshot served before (one at a time, in order).
      if (outcome === "swapped") notifying = notifying.then(notifyFollowers);
    },
  });
  const metrics = createServerMetrics({
    status: () => state.status(),
    usageLog: () => usageLog.health(),
    clock,
    processMetrics: effects.processMetrics,
  });

  const engine = countFallbacks(
    nudgeEngine(config, strategies, logger, effects.random ?? Math.random, clock),
    metrics.llmFallbacks,
  );
  const insight: ServerServices["insight"] = (lease, customerID, trigger = "on-demand") =>
    buildCustomerInsight({
      model: lease.model,
      snapshot: lease.snapshot,
      customerID,
      nudges: engine,
      clock: () => new Date(clock()),
      trigger,
    });
  // Tables described by their own contract: the generic engine (the LLM one when configured).
  const contractEngine: ContractNudgeEngine =
    "off" in settings.llm
      ? createContractRuleNudgeEngine()
      : createConfiguredLlmContractEngine(settings.llm, { logger, random: effects.random, clock });
  const contractInsight: ServerServices["contractInsight"] = (lease, customerID, trigger = "on-demand") =>
    buildContractInsight({
      model: lease.model,
      snapshot: lease.snapshot as unknown as Snapshot<ContractRow>,
      customerID,
      nudges: contractEngine,
      clock: () => new Date(clock()),
      trigger,
    });
  // The embedded store is held by this process alone, so the cooldowns it would share live in memory
  // here (a shared claim on PGlite costs the event loop ~0.3 ms a nudge); the decisions still go to
  // the store, in batches. On PostgreSQL every replica claims through the store.
  const decisions =
    store.engine === "pglite"
      ? nudgeDecisionLog(store.sql, store.replica, {
          onError: (err, dropped) =>
            logger.warn(
              { err, dropped },
              "cannot record nudge decisions in the store; kept for the next try",
            ),
        })
      : undefined;
  const cooldowns: CooldownStore = decisions
    ? recordingCooldowns(decisions)
    : storeCooldowns(store.sql, store.replica);
  // Every nudge served (the API, chat) is an exposure of its experiment arm: batched on both engines.
  const exposures = storeExposures(store.sql, store.replica, {
    onError: (err, dropped) =>
      logger.warn({ err, dropped }, "cannot record nudge exposures in the store; kept for the next try"),
  });
  const nudges = createNudgeTriggers({
    async decide(customerID, trigger) {
      const lease = state.acquire();
      try {
        const { nudge } = await insight(lease, customerID, trigger);
        recordServedExposure(exposures, lease.snapshot, customerID, nudge, "api", clock());
        return nudge;
      } finally {
        lease.release();
      }
    },
    store: cooldowns,
    clock,
    cooldownMs: settings.cooldownMs,
  });

  let listeningUrl = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`;
  const links = createChartLinks({
    secret: config.charts.secret,
    ttlSeconds: config.charts.ttlSeconds,
    baseUrl: () => config.publicUrl ?? listeningUrl,
    clock,
  });
  const linkOptions = {
    secret: config.charts.secret,
    ttlSeconds: config.charts.ttlSeconds,
    baseUrl: () => config.publicUrl ?? listeningUrl,
    clock,
  };
  const replyCharts = createReplyChartLinks({ ...linkOptions, customerLinks: links });
  const summaries = createSummaryLinks(linkOptions);
  const exports = createExportLinks(linkOptions);
  const charts = createChartImages({
    renderer:
      effects.chartRenderer ??
      createChartRenderer({ warn: (message, details) => logger.warn(details, message) }),
    history: () => state.history(),
    experiments,
    onRender: (outcome) => metrics.chartRenders.inc({ outcome }),
  });

  if (config.charts.ephemeralSecret) {
    logger.warn(
      "ENGAGETRACK_CHART_SIGNING_SECRET is not set: chart links are signed with a random key for this process only (they stop working on restart and differ between replicas)",
    );
  }
  /** Warms the serving snapshot: all at once before listening, in steps while serving. */
  /** The conversation layer's view of a lease (none before the first snapshot). */
  // Follows and alerts: the shared store keeps them; a swap to a newer snapshot tells followers.
  const follows = storeFollows(store.sql);
  const segmentFollows = storeSegmentFollows(store.sql);
  // Write-back (contacted, offers, snoozes): in the store, so every replica lists the same.
  const customerActions = storeCustomerActions(store.sql, store.replica);
  const teamsSender = teamsSenderFrom(config, { logger, store });
  const notifySlack = config.slack?.botToken
    ? createSlackWebClient({ token: config.slack.botToken, apiUrl: config.slack.apiUrl ?? undefined, logger })
    : undefined;
  const followerIdentities = notifySlack && createSlackIdentities(notifySlack, { owners, logger });
  const followNotifier = createFollowNotifier({
    follows,
    replica: store.replica,
    clock,
    logger,
    slack: notifySlack,
    // Under access by ownership, a follower is told only about accounts they may still see.
    access: createFollowAccess({ owners, slack: followerIdentities }),
    segmentFollows,
    // ... and a non-lead's segment follow covers only their book.
    segmentAccess: createSegmentAccess({ owners, slack: followerIdentities }),
    teams: teamsSender
      ? (conversationId, reply) =>
          teamsSender.send(
            conversationId,
            replyActivity(reply, {
              links: {
                chart: (c) => replyCharts.url(c),
                summary: (id) => summaries.url(id),
                file: (f) => (f.export ? exports.url(f.export.list, f.export.snapshotId) : undefined),
              },
              logger,
            }),
          )
      : undefined,
    outboxDir: effects.followOutboxDir,
    audit: (event) => void recordAudit(usageLog.logger, event),
  });
  // The snapshot followers were last told about: the one serving (kept only until the next swap).
  let followed: Snapshot | undefined;
  let notifying: Promise<NotifyOutcome | undefined> = Promise.resolve(undefined);
  const notifyFollowers = async (): Promise<NotifyOutcome | undefined> => {
    let lease: ServingLease;
    try {
      lease = state.acquire();
    } catch {
      return undefined;
    }
    try {
      const previous = followed;
      followed = lease.snapshot;
      if (!previous) return undefined;
      return await followNotifier.notify(previous, lease.snapshot);
    } catch (err) {
      logger.warn({ err }, "follows: could not tell followers of the new snapshot");
      return undefined;
    } finally {
      lease.release();
    }
  };

  // "What changed": earlier snapshots of the serving lineage; questions the parser does not
  // understand go to the LLM when one is configured (validated into an intent, never free text).
  const earlier = createEarlierSnapshots(state, snapshotStore);
  const translate =
    "off" in settings.llm
      ? undefined
      : createConfiguredTranslator(settings.llm, { logger, random: effects.random, clock });
  const conversation = (lease: ServingLease | undefined): ConversationServices => ({
    snapshot: () => lease?.snapshot,
    model: () => lease?.model,
    nudges: engine,
    contractNudges: contractEngine,
    experiments,
    clock: () => new Date(clock()),
    log: usageLog.logger,
    follows,
    segmentFollows,
    customerActions,
    earlier,
    translate,
    exposures,
    owners,
  });

  const warm = async (inSteps: boolean) => {
    let lease: ServingLease;
    try {
      lease = state.acquire();
    } catch {
      return; // nothing to warm yet
    }
    try {
      const started = performance.now();
      const services = conversation(lease);
      if (inSteps) await warmSnapshotInSteps(services, () => stopping);
      else warmSnapshot(services);
      logger.info(
        { snapshot: lease.snapshot.manifest.id, ms: Math.round(performance.now() - started) },
        "snapshot warmed for questions",
      );
    } catch (err) {
      logger.warn({ err }, "could not warm the snapshot: the first questions compute what they need");
    } finally {
      lease.release();
    }
  };

  const ask: ServerServices["ask"] = async (text, asker) => {
    let lease: ServingLease | undefined;
    try {
      lease = state.acquire();
    } catch {
      // Not ready: the conversation layer answers that there is no snapshot yet, and what to run.
    }
    try {
      return await respond(text, asker, conversation(lease));
    } finally {
      lease?.release();
    }
  };

  // The first load is warmed before the server listens; later swaps right after they happen.
  let warmOnReload = false;
  let warming: Promise<void> | undefined;
  let stopping = false;
  await state.reload();
  await warm(false);
  warmOnReload = true;

  let closed: Promise<void> | undefined;
  return {
    config,
    logger,
    clock,
    serving: state,
    engine,
    nudges,
    insight,
    contractInsight,
    ask,
    experiments,
    owners,
    charts,
    links,
    replyCharts,
    summaries,
    exports,
    earlier,
    metrics,
    store,
    exposures,
    followsNotified: () => notifying,
    audit: (event) => void recordAudit(usageLog.logger, event),
    flushAudit: () => usageLog.flush(),
    listening(url) {
      listeningUrl = url;
    },
    close() {
      closed ??= (async () => {
        stopping = true;
        await warming; // a warm-up in progress holds a lease: let it stop and release it
        await notifying; // so does telling followers
        await state.close();
        await decisions?.close();
        await exposures.close();
        if (!effects.store) await store.close();
        await usageLog.close();
      })();
      return closed;
    },
  };
}

function nudgeEngine(
  config: ServerConfig,
  strategies: NudgeStrategyConfig | undefined,
  logger: Logger,
  random: () => number,
  clock: () => number,
): NudgeEngine {
  const llm = config.insight.llm;
  // Without a key the rule engine answers alone (not the LLM engine's "off" fallback, which would
  // count every nudge as a fallback).
  if ("off" in llm) return createRuleNudgeEngine({ strategies });
  return createConfiguredLlmEngine(llm, { strategies, logger, random, clock });
}

async function readExperiments(): Promise<ExperimentConfig> {
  try {
    return await readExperimentConfig(DEFAULT_EXPERIMENTS_FILE, { missing: "default" });
  } catch (err) {
    throw new ServerConfigError([`${DEFAULT_EXPERIMENTS_FILE}: ${(err as Error).message}`]);
  }
}

async function readOwners(file: string | undefined): Promise<OwnerDirectory> {
  try {
    return await loadOwnerDirectory(file);
  } catch (err) {
    // The message names the setting, the file, the line and the field already.
    throw new ServerConfigError([(err as Error).message]);
  }
}

async function readStrategies(file: string | undefined): Promise<NudgeStrategyConfig | undefined> {
  try {
    return await readNudgeStrategies(file);
  } catch (err) {
    throw new ServerConfigError([
      `ENGAGETRACK_NUDGE_STRATEGIES=${JSON.stringify(file)}: ${(err as Error).message}`,
    ]);
  }
}

/** Cooldowns in this process's memory; each decided nudge is recorded in the store's decision log. */
function recordingCooldowns(decisions: NudgeDecisionLog): CooldownStore {
  const memory = createMemoryCooldownStore({ maxEntries: 100_000 });
  return {
    get: (key) => memory.get(key),
    claim(key, entry, cooldownMs) {
      const claimed = memory.claim(key, entry, cooldownMs);
      if (claimed.won)
        decisions.record({
          customerId: key,
          event: entry.event ?? "event",
          nudge: entry.nudge,
          decidedAt: entry.shownAt,
        });
      return claimed;
    },
  };
}
