import { displaySafe, valueWords, type ScoredCustomer, type Snapshot } from "../../core/src/index.ts";
import type { AlertKind, StoredAlert, StoredFollow } from "../../core/src/store/index.ts";
import type { CustomerRecord } from "../../core/src/snapshot/index.ts";
import { pct } from "./reply-format.ts";
import { emptyReply, type Reply, type ReplyDriver } from "./reply.ts";

/**
 * A follow tells of a change when the risk band changes, the customer churns, or the calibrated
 * probability moves this many percentage points or more either way (smaller moves between two
 * snapshots are mostly noise from re-scoring).
 */
export const FOLLOW_MOVE_POINTS = 5;

/** Drivers a notification names. */
const DRIVERS_SHOWN = 3;

/** What an alert or follow says, in words: "goes above 90%", "moves up 10 points". */
export function alertWords(alert: { kind: AlertKind; threshold: number }): string {
  return alert.kind === "above"
    ? `goes above ${alert.threshold}%`
    : `moves up ${alert.threshold} ${alert.threshold === 1 ? "point" : "points"}`;
}

/** One customer between two snapshots. */
export interface RiskMove {
  before: Pick<ScoredCustomer<CustomerRecord>, "probability" | "band" | "status">;
  after: Pick<ScoredCustomer<CustomerRecord>, "probability" | "band" | "status">;
}

/** Why a follow fires on a move ("band Medium → High", "up 7 points"), or null when it does not. */
export function followFires(move: RiskMove): string | null {
  const { before, after } = move;
  if (before.status !== "churned" && after.status === "churned") return "churned";
  if (before.band !== after.band) return `band ${before.band} → ${after.band}`;
  const points = (after.probability - before.probability) * 100;
  if (Math.abs(points) >= FOLLOW_MOVE_POINTS - 1e-9)
    return `${points > 0 ? "up" : "down"} ${Math.round(Math.abs(points))} points`;
  return null;
}

/**
 * Whether an alert fires on a move: `above` when the probability crosses the threshold upwards
 * (below it before, at or above it now), `moves-up` when it rises the threshold in points or more.
 */
export function alertFires(alert: { kind: AlertKind; threshold: number }, move: RiskMove): boolean {
  return thresholdFires(alert, move.before.probability, move.after.probability);
}

/**
 * The alert rule on two probabilities (a customer's, or a segment's mean risk): `above` fires when
 * it crosses the threshold upwards between the two snapshots (below before, at or above now), so it
 * fires once and again only after dropping below; `moves-up` when it rises the threshold in points.
 */
export function thresholdFires(
  alert: { kind: AlertKind; threshold: number },
  beforeProbability: number,
  afterProbability: number,
): boolean {
  const before = beforeProbability * 100;
  const after = afterProbability * 100;
  if (alert.kind === "above") return before < alert.threshold && after >= alert.threshold;
  return after - before >= alert.threshold - 1e-9;
}

/** A scored customer's top drivers in words, from `snapshot`'s contract (what notifications name). */
export function driverWords(
  scored: Pick<ScoredCustomer<CustomerRecord>, "drivers" | "customer">,
  snapshot: Pick<Snapshot<CustomerRecord>, "dataset">,
  count = DRIVERS_SHOWN,
): ReplyDriver[] {
  const words = valueWords(snapshot.dataset);
  return scored.drivers.slice(0, count).map((d): ReplyDriver => ({
    label: displaySafe(d.label, { singleLine: true }),
    words: displaySafe(words.describe(d.source, scored.customer[d.source]), { singleLine: true }),
    effect: d.value >= 0 ? "raises" : "lowers",
    value: d.value,
  }));
}

/** The follows and alerts of one follower on one customer that fired, and why. */
export interface CustomerChange {
  customerID: string;
  move: RiskMove;
  /** Why the follow fired; null when only alerts did (or there is no follow). */
  follow: { follow: StoredFollow; why: string } | null;
  /** Fired alerts with their number in the follower's list. */
  alerts: Array<{ alert: StoredAlert; number: number }>;
  previousSnapshotId: string;
}

/**
 * The notification of one change as a reply: the customer's probability before → after, what
 * fired (the follow, the alerts), the top drivers in words from the new snapshot, and a button to
 * open the customer's card. Plain data: Slack, Teams and the outbox render it.
 *
 * @example
 * const reply = changeReply(change, snapshot); // "2191-AZACT: churn risk 62% → 91% (Medium → High)"
 */
export function changeReply(change: CustomerChange, snapshot: Snapshot<CustomerRecord>): Reply {
  const { customerID, move } = change;
  const id = displaySafe(customerID, { singleLine: true });
  const { before, after } = move;
  const bands = before.band === after.band ? after.band : `${before.band} → ${after.band}`;
  const title = `${id}: churn risk ${pct(before.probability)} → ${pct(after.probability)} (${bands})`;
  const reply = emptyReply("alert", title, {
    action: "notify.follow",
    customerID,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: { alerts: change.alerts.length, follow: change.follow !== null },
  });
  const why: string[] = [];
  if (change.follow) why.push(`You follow ${id}: ${change.follow.why}`);
  for (const a of change.alerts) why.push(`Alert ${a.number}: ${id} ${alertWords(a.alert)}`);
  if (after.status === "churned") why.push(`${id} churned: following ends with this message`);
  reply.sections.push({ title: "Why you are told", lines: why });
  reply.facts.push(
    { label: "Churn risk", value: `${pct(after.probability)} (${after.band})` },
    { label: "Previous snapshot", value: `${pct(before.probability)} (${before.band})` },
  );
  const scored = snapshot.lookup(customerID);
  if (scored) reply.drivers = driverWords(scored, snapshot);
  reply.actions.push({ id: "open-customer", label: `Open ${id}`, value: `tell me about ${customerID}` });
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: snapshot.manifest.model.hash };
  reply.text = [
    title,
    ...why.map((l) => `- ${l}`),
    ...(reply.drivers.length
      ? ["Main drivers:", ...reply.drivers.map((d) => `- ${d.words} (${d.effect} risk)`)]
      : []),
    `Snapshot ${snapshot.manifest.id} (previous ${change.previousSnapshotId})`,
  ].join("\n");
  return reply;
}
