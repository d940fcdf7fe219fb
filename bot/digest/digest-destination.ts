import type { RenderedChart } from "../../core/src/charts/server.ts";
import type { DigestReport } from "../../core/src/digest/index.ts";
import type { Claim } from "./ledger.ts";

/** One delivery of one digest to one destination, under a ledger claim. */
export interface DigestDelivery {
  report: DigestReport;
  /** The risk-distribution chart: its PNG, or its text table when the blank-chart guard refused the image. */
  chart: RenderedChart;
  claim: Claim;
}

export interface Delivered {
  /** Where it went (Slack `channel/ts`, Teams activity ID, outbox file). */
  messageRef: string;
  /** Anything worth recording beside success ("found already posted", "chart upload failed: …"). */
  note?: string;
}

/**
 * Where a schedule sends its digest: the outbox folder, a Slack channel or a Teams conversation.
 * Each has a stable ledger key, and says why it cannot deliver when a credential is missing.
 */
export interface DigestDestination {
  /** Ledger key, stable across runs and processes: `outbox-1a2b3c4d5e`, `slack-C0123ABCD`, `teams-…`. */
  readonly key: string;
  readonly type: "outbox" | "slack" | "teams";
  /** For logs and reports: "slack channel C0123ABCD". */
  readonly label: string;
  /** Why it cannot deliver (a missing credential); undefined when it can. */
  readonly unavailable?: string;
  /**
   * A per-owner digest's owner (a value of the contract's owner column): the digest covers their
   * customers only (owner-destinations.ts); undefined for a team digest.
   */
  readonly book?: string;
  /**
   * Delivers, calling `claim.fence()` right before the first irreversible step. When the claim took
   * over a crashed sender's (`claim.takenOver`), a destination that can tell whether that sender
   * already posted checks first and reports it instead of posting twice.
   */
  deliver(delivery: DigestDelivery): Promise<Delivered>;
}
