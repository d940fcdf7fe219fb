import { CodedError } from "../../core/src/errors/index.ts";
import type { ChartSpec, RenderedChart } from "../../core/src/charts/server.ts";
import { riskDistribution } from "../../core/src/charts/index.ts";
import {
  buildDigestReport,
  cronSchedule,
  slotIso,
  type DigestReport,
  type DigestSnapshot,
} from "../../core/src/digest/index.ts";
import type { ExperimentConfig } from "../../core/src/experiments/index.ts";
import type { Logger } from "../../core/src/log/index.ts";
import type { DigestConfig, DigestSchedule } from "./digest-config.ts";
import type { DigestDestination } from "./digest-destination.ts";
import { digestInputFor } from "./digest-input.ts";
import { addLastActions } from "./call-first-actions.ts";
import type { CustomerActionStore } from "../../core/src/store/index.ts";
import type { Exposure } from "../../core/src/experiments/index.ts";
import type { CurrentSnapshot, DigestSources } from "./digest-sources.ts";
import { LedgerFenceError, type DeliveredRecord, type Ledger } from "./ledger.ts";
import { bookOwners, ownerBook, type BookDigestReport } from "./owner-book.ts";
import { OwnerUnreachableError } from "./owner-destinations.ts";

/** What happened to one (schedule, slot, destination) in a run. */
export interface DeliveryOutcome {
  schedule: string;
  slot: string;
  destination: string;
  type: DigestDestination["type"];
  /**
   * `sent` now; `failed` (recorded, retried by a later run); `skipped` (not configured, recorded,
   * retried later); `settled` (done by an earlier run); `busy` (another run holds it);
   * `superseded` (an older missed slot, recorded as skipped: only the latest is sent).
   */
  status: "sent" | "failed" | "skipped" | "settled" | "busy" | "superseded";
  reason: string | null;
  messageRef: string | null;
  /** A per-owner digest's owner (a value of the contract's owner column). */
  owner?: string;
}

export interface RunDigestsOptions {
  config: DigestConfig;
  ledger: Ledger;
  sources: DigestSources;
  /** The destinations of a schedule (outbox, Slack, Teams), with their clients. */
  destinations: (schedule: DigestSchedule) => DigestDestination[];
  /**
   * A per-owner schedule's destinations: one per owner of the newest snapshot's customers to act
   * on, each with `book` set (see `ownerDestinations`). Without it, per-owner schedules go nowhere
   * and each slot says so once.
   */
  ownerDestinations?: (
    schedule: DigestSchedule,
    owners: readonly string[],
  ) => DigestDestination[] | Promise<DigestDestination[]>;
  /** Renders the chart (PNG, or its text table when the blank-chart guard refuses it). */
  renderChart: (spec: ChartSpec) => Promise<RenderedChart>;
  experiments: ExperimentConfig;
  /** Milliseconds since the epoch. */
  clock: () => number;
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** Only this schedule. */
  schedule?: string;
  /** This slot (a fire time of the schedule, not in the future) instead of the latest due one. */
  slot?: Date;
  /** Base of notebook links for schedules without their own. */
  publicUrl?: string;
  /** Test-only: stop for good after claiming, or after posting (the process is then killed). */
  fault?: "after-claim" | "after-post";
  /** Called when the fault point is reached (the test watches for it), before stopping. */
  onFault?: (point: string) => void;
  /**
   * What the team did (write-back, the shared store): snoozed customers are left out of the
   * call-first list and each listed customer's latest action is shown. Without it, neither.
   */
  customerActions?: CustomerActionStore;
  /** Recorded nudge exposures of an experiment (the shared store); without it, the assigned arms. */
  exposures?: (experimentKey: string) => Promise<Exposure[]>;
}

/** Older missed slots recorded as superseded, at most, per run and schedule. */
const MAX_SUPERSEDED = 100;

/** A slot given to `runDigests` that the schedule cannot deliver. */
export class DigestSlotError extends CodedError<"bad-slot"> {
  constructor(message: string) {
    super("bad-slot", message);
    this.name = "DigestSlotError";
  }
}

/**
 * One digest run (what `engagetrack digest --once` and each in-process trigger do): for each
 * schedule, the latest due slot (cron in its time zone, at or before now) — or the given one — is
 * claimed per destination in the ledger, built, sent and recorded. Older slots missed during
 * downtime are recorded as superseded and never sent: after an outage a channel gets one catch-up
 * digest, not a flood. Slots already settled are left alone; slots another run holds are skipped.
 * Failures are recorded with their reason and retried by the next run while the slot is still the
 * latest. Each destination's digest compares with what that destination received last.
 *
 * @example
 * const outcomes = await runDigests({ config, ledger, sources, destinations, renderChart,
 *   experiments, clock: Date.now, logger });
 * outcomes.filter((o) => o.status === "failed"); // []
 */
export async function runDigests(options: RunDigestsOptions): Promise<DeliveryOutcome[]> {
  const { ledger, logger } = options;
  const now = options.clock();
  const schedules = options.config.schedules.filter((s) => !options.schedule || s.name === options.schedule);
  if (options.schedule && schedules.length === 0) {
    throw new DigestSlotError(
      `no schedule ${JSON.stringify(options.schedule)}; declared: ${options.config.schedules.map((s) => s.name).join(", ") || "none"}`,
    );
  }
  const outcomes: DeliveryOutcome[] = [];
  let current: Promise<CurrentSnapshot | undefined> | undefined;
  const previous = new Map<string, Promise<DigestSnapshot | undefined>>();
  const reports = new Map<string, DigestReport>();
  // One chart per book (a per-owner digest charts its owner's customers); "" is the whole team's.
  const charts = new Map<string, Promise<RenderedChart>>();

  try {
    for (const schedule of schedules) {
      const cron = cronSchedule(schedule.cron, schedule.timeZone);
      let target: Date | undefined;
      if (options.slot) {
        if (!cron.matches(options.slot)) {
          throw new DigestSlotError(
            `slot ${options.slot.toISOString()} is not a time of schedule ${schedule.name} (${schedule.cron}, ${schedule.timeZone})`,
          );
        }
        if (options.slot.getTime() > now) {
          throw new DigestSlotError(`slot ${options.slot.toISOString()} is in the future`);
        }
        target = options.slot;
      } else {
        target = cron.latest(new Date(now));
      }
      if (!target) continue;
      const slot = slotIso(target);
      const destinations =
        schedule.per === "owner" ? await perOwner(schedule) : options.destinations(schedule);

      // Per destination: the slots since the last one it has entries for were missed (downtime), or
      // failed and are now replaced by a newer one. Recorded as superseded; never sent.
      for (const destination of destinations) {
        const last = await ledger.latestSlotFor(schedule.name, destination.key, slot);
        let missed = last ? new Date(last) : undefined;
        for (let n = 0; missed && missed < target && n < MAX_SUPERSEDED; n++) {
          const at = slotIso(missed);
          const claimed = await ledger.claim(schedule.name, at, destination.key);
          if (claimed.kind === "claimed") {
            await ledger.finish(claimed.claim, {
              status: "skipped",
              reason: `superseded by ${slot}`,
              retry: false,
            });
            outcomes.push(outcome(schedule, at, destination, "superseded", `superseded by ${slot}`, null));
          }
          missed = cron.next(missed);
        }
      }

      for (const destination of destinations) {
        const claimed = await ledger.claim(schedule.name, slot, destination.key);
        if (claimed.kind === "done") {
          const r = claimed.result;
          outcomes.push(outcome(schedule, slot, destination, "settled", r.reason ?? r.status, r.messageRef));
          continue;
        }
        if (claimed.kind === "busy") {
          outcomes.push(outcome(schedule, slot, destination, "busy", claimed.reason, null));
          continue;
        }
        const claim = claimed.claim;
        if (destination.unavailable) {
          // An owner with no way to be reached is reported once per slot (a per-owner digest is
          // not retried); a destination missing its credential is retried by later runs.
          await ledger.finish(claim, {
            status: "skipped",
            reason: destination.unavailable,
            retry: destination.book === undefined,
          });
          logger.warn(
            {
              schedule: schedule.name,
              slot,
              destination: destination.label,
              reason: destination.unavailable,
            },
            "digest destination skipped",
          );
          outcomes.push(outcome(schedule, slot, destination, "skipped", destination.unavailable, null));
          continue;
        }
        try {
          current ??= options.sources.current();
          const held = await current;
          if (!held) throw new Error("no snapshot is published yet (run `npm start` or `engagetrack score`)");
          const baseline = await ledger.lastDelivered(destination.key);
          const report = await reportFor(schedule, slot, held, baseline, destination.book);
          const book = destination.book ?? "";
          if (!charts.has(book)) charts.set(book, options.renderChart(riskDistribution(report.chart.bins)));
          const rendered = await charts.get(book)!;
          if (options.fault === "after-claim") await stopForGood(options, "after-claim");
          const delivered = await destination.deliver({ report, chart: rendered, claim });
          if (options.fault === "after-post") await stopForGood(options, "after-post");
          await ledger.finish(claim, {
            status: "sent",
            reason: delivered.note ?? null,
            messageRef: delivered.messageRef,
            snapshotId: held.snapshot.manifest.id,
            bands: { ...held.snapshot.summary().bands },
          });
          logger.info(
            {
              schedule: schedule.name,
              slot,
              destination: destination.label,
              messageRef: delivered.messageRef,
              note: delivered.note,
            },
            "digest sent",
          );
          outcomes.push(
            outcome(schedule, slot, destination, "sent", delivered.note ?? null, delivered.messageRef),
          );
        } catch (err) {
          if (err instanceof LedgerFenceError) {
            logger.warn({ schedule: schedule.name, slot, destination: destination.label }, err.message);
            outcomes.push(outcome(schedule, slot, destination, "busy", err.message, null));
            continue;
          }
          if (err instanceof OwnerUnreachableError) {
            await ledger.finish(claim, { status: "skipped", reason: err.message, retry: false });
            logger.warn(
              { schedule: schedule.name, slot, destination: destination.label, reason: err.message },
              "digest destination skipped",
            );
            outcomes.push(outcome(schedule, slot, destination, "skipped", err.message, null));
            continue;
          }
          const reason = (err as Error).message;
          await ledger.finish(claim, { status: "failed", reason, retry: true });
          logger.error(
            { schedule: schedule.name, slot, destination: destination.label, reason },
            "digest failed",
          );
          outcomes.push(outcome(schedule, slot, destination, "failed", reason, null));
        }
      }
    }
  } finally {
    (await current?.catch(() => undefined))?.release();
  }
  return outcomes;

  /**
   * A per-owner schedule's destinations: one per owner of the newest snapshot's customers to act
   * on. Without a snapshot, an owner column or a way to reach owners, one pseudo-destination
   * ("owners") says why, once per slot.
   */
  async function perOwner(schedule: DigestSchedule): Promise<DigestDestination[]> {
    current ??= options.sources.current();
    const held = await current;
    const problem = (reason: string, retry: boolean): DigestDestination[] => [
      {
        key: "owners",
        type: "outbox",
        label: `owners of schedule ${schedule.name}`,
        // Retried (no snapshot yet): a failure; not retried (no owner column): skipped once.
        ...(retry ? {} : { unavailable: reason, book: "" }),
        deliver: () => Promise.reject(new Error(reason)),
      },
    ];
    if (!held) return problem("no snapshot is published yet (run `npm start` or `engagetrack score`)", true);
    if (!held.snapshot.dataset.owner)
      return problem(
        `schedule ${schedule.name} is per owner, but data set ${held.snapshot.dataset.name} declares no owner column (contract: owner)`,
        false,
      );
    const owners = bookOwners(held.snapshot);
    if (!options.ownerDestinations) return problem("per-owner digests are not set up in this process", false);
    if (owners.length === 0)
      logger.warn(
        { schedule: schedule.name, column: held.snapshot.dataset.owner.column },
        "per-owner digest: no customer to act on has an owner",
      );
    try {
      return await options.ownerDestinations(schedule, owners);
    } catch (err) {
      return problem(`per-owner digests cannot be routed: ${(err as Error).message}`, true);
    }
  }

  async function reportFor(
    schedule: DigestSchedule,
    slot: string,
    held: CurrentSnapshot,
    baseline: DeliveredRecord | undefined,
    book?: string,
  ): Promise<DigestReport> {
    const key = JSON.stringify([
      schedule.name,
      slot,
      book ?? null,
      baseline?.snapshotId,
      baseline?.slot,
      baseline?.bands,
    ]);
    const cached = reports.get(key);
    if (cached) return cached;
    const snapshotId = held.snapshot.manifest.id;
    let before: DigestSnapshot | undefined;
    if (baseline && baseline.snapshotId !== snapshotId) {
      let opening = previous.get(baseline.snapshotId);
      if (!opening) previous.set(baseline.snapshotId, (opening = options.sources.open(baseline.snapshotId)));
      before = await opening;
    }
    if (book !== undefined) {
      // The owner's book now and in the snapshot their last digest reported; model health and
      // the experiment are the whole model's and population's, as in the team digest.
      const team = await reportFor(schedule, slot, held, undefined);
      const column = held.snapshot.dataset.owner!.column;
      const report: BookDigestReport = await reportOf(
        schedule,
        slot,
        { ...held, snapshot: ownerBook(held.snapshot, book) },
        baseline,
        before && ownerBook(before, book),
      );
      report.health = team.health;
      report.experiment = team.experiment;
      report.book = { owner: book, column };
      reports.set(key, report);
      return report;
    }
    const report = await reportOf(schedule, slot, held, baseline, before);
    reports.set(key, report);
    return report;
  }

  async function reportOf(
    schedule: DigestSchedule,
    slot: string,
    held: CurrentSnapshot,
    baseline: DeliveredRecord | undefined,
    before: DigestSnapshot | undefined,
  ): Promise<DigestReport> {
    if (schedule.experiment && !options.experiments.experiments.some((e) => e.key === schedule.experiment)) {
      logger.warn(
        { schedule: schedule.name, experiment: schedule.experiment },
        "digest experiment not declared",
      );
    }
    const now = new Date(options.clock());
    const actions = options.customerActions;
    const snoozed = actions ? new Set((await actions.snoozed(now)).keys()) : undefined;
    const declared = held.snapshot.dataset.experiment;
    const exposures =
      declared && options.exposures
        ? await options.exposures(declared.key ?? declared.column).catch((err: unknown) => {
            logger.warn(
              { err },
              "cannot read nudge exposures: the digest's experiment uses the assigned arms",
            );
            return undefined;
          })
        : undefined;
    const report = buildDigestReport(
      digestInputFor({
        schedule,
        slot,
        current: held,
        baseline,
        previous: before,
        experiments: options.experiments,
        publicUrl: options.publicUrl,
        snoozed,
        exposures,
      }),
    );
    if (actions) await addLastActions(report, actions, now);
    return report;
  }
}

function outcome(
  schedule: DigestSchedule,
  slot: string,
  destination: DigestDestination,
  status: DeliveryOutcome["status"],
  reason: string | null,
  messageRef: string | null,
): DeliveryOutcome {
  return {
    schedule: schedule.name,
    slot,
    destination: destination.key,
    type: destination.type,
    status,
    reason,
    messageRef,
    ...(destination.book && { owner: destination.book }),
  };
}

/** The test-only fault point: say so, then never return (the test kills the process here). */
async function stopForGood(options: RunDigestsOptions, point: string): Promise<never> {
  options.onFault?.(point);
  // A timer keeps the event loop (and so the process) alive until it is killed.
  return new Promise<never>(() => setInterval(() => {}, 1 << 30));
}
