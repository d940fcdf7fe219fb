/**
 * What the insight commands (`report`, `nudge`) share: opening the model, the snapshot and the
 * nudge engine from the command line and the environment, and one audit event per run in the usage
 * log (who, which customer, what was shown, which engine, outcome, latency).
 */
import { userInfo } from "node:os";
import {
  openUsageLog,
  recordAudit,
  type AuditEventInput,
  type AuditOutcome,
  type Logger,
} from "../core/src/log/index.ts";
import {
  createConfiguredLlmEngine,
  createLlmNudgeEngine,
  createRuleNudgeEngine,
  readNudgeStrategies,
  type NudgeEngine,
  type NudgeStrategyConfig,
  type NudgeTrigger,
} from "../core/src/nudges/index.ts";
import { buildCustomerInsight, InsightError, type CustomerInsight } from "../core/src/report/index.ts";
import type { ChurnModel } from "../core/src/score/index.ts";
import { openSnapshotStore, type Snapshot } from "../core/src/snapshot/index.ts";
import { CliError, ExitCode } from "./cli-error.ts";
import type { InsightConfig } from "../core/src/settings/index.ts";
import { openModelForCli } from "./model-input.ts";

/** Options every insight command takes. */
export interface InsightOptions {
  model: string;
  snapshots: string;
  snapshot?: string;
  experiment?: string;
  llm?: boolean;
}

export interface InsightSession {
  model: ChurnModel;
  snapshot: Snapshot;
  engine: NudgeEngine;
  build(customerID: string, trigger?: NudgeTrigger): Promise<CustomerInsight>;
  close(): Promise<void>;
}

/** Opens the model, the snapshot (latest unless one is named) and the nudge engine (rules, or the LLM with `--llm`). */
export async function openInsightSession(
  options: InsightOptions,
  config: InsightConfig,
  logger: Logger,
): Promise<InsightSession> {
  const strategies = await readStrategies(config.strategiesFile);
  const store = openSnapshotStore(options.snapshots);
  let snapshot: Snapshot | undefined;
  try {
    snapshot = options.snapshot ? await store.open(options.snapshot) : await store.latest();
  } catch (err) {
    throw new CliError("snapshot-unreadable", (err as Error).message, { cause: err });
  }
  if (!snapshot) {
    throw new CliError(
      "no-snapshot",
      `no snapshots in ${options.snapshots} (run \`npm start\` or \`engagetrack score\` first)`,
    );
  }
  const model = await openModelForCli(options.model);
  const engine = options.llm ? llmEngine(config, strategies, logger) : createRuleNudgeEngine({ strategies });
  return {
    model,
    snapshot,
    engine,
    async build(customerID, trigger = "on-demand") {
      try {
        return await buildCustomerInsight({
          model,
          snapshot: snapshot!,
          customerID,
          nudges: engine,
          clock: () => new Date(),
          experimentKey: options.experiment,
          trigger,
        });
      } catch (err) {
        if (err instanceof InsightError) throw new CliError(err.code, err.message, { cause: err });
        throw err;
      }
    },
    close: () => model.release(),
  };
}

function llmEngine(
  config: InsightConfig,
  strategies: NudgeStrategyConfig | undefined,
  logger: Logger,
): NudgeEngine {
  const llm = config.llm;
  if ("off" in llm) return createLlmNudgeEngine({ chat: null, offReason: llm.off, strategies });
  return createConfiguredLlmEngine(llm, { strategies, logger });
}

async function readStrategies(file: string | undefined): Promise<NudgeStrategyConfig | undefined> {
  try {
    return await readNudgeStrategies(file);
  } catch (err) {
    throw new CliError("bad-strategies", (err as Error).message, { cause: err });
  }
}

/** What a command reports for its audit event once it has shown something. */
export type AuditDetails = Pick<AuditEventInput, "shown" | "engine" | "snapshotId" | "modelHash">;

/**
 * Runs one user-facing interaction with its audit event: opens the usage log, times `body`, and
 * records who asked, about which customer, what was shown and how it ended — also when it fails
 * (the error code is logged; the user sees the CliError's message).
 */
export async function audited(
  config: InsightConfig,
  event: { action: string; customerID: string | null },
  body: (logger: Logger, audit: (details: AuditDetails) => void) => Promise<void>,
): Promise<void> {
  let log;
  try {
    log = await openUsageLog({ ...config.usageLog, base: { service: "cli" } });
  } catch (err) {
    throw new CliError(
      "log-unwritable",
      `cannot open the usage log ${config.usageLog.path} (set ENGAGETRACK_USAGE_LOG): ${(err as Error).message}`,
      { cause: err },
    );
  }
  const started = performance.now();
  let details: AuditDetails = {};
  let outcome: AuditOutcome = "ok";
  let errorCode: string | null = null;
  try {
    await body(log.logger, (d) => (details = { ...details, ...d }));
  } catch (err) {
    errorCode = err instanceof CliError ? err.code : "unexpected";
    outcome =
      errorCode === "unknown-customer"
        ? "not-found"
        : err instanceof CliError && err.exitCode === ExitCode.unusable
          ? "invalid"
          : "error";
    log.logger.warn({ code: errorCode, err }, `${event.action} failed`);
    throw err;
  } finally {
    recordAudit(log.logger, {
      actor: actor(),
      surface: "cli",
      action: event.action,
      customerID:
        event.customerID && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(event.customerID)
          ? event.customerID
          : null,
      outcome,
      errorCode,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
      ...details,
    });
    await log.close();
  }
}

function actor(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return "unknown";
  }
}
