/**
 * The digest ledger's shape: each (schedule, slot, destination) is claimed before sending and its
 * result recorded after, so a slot is delivered once however many processes race for it. Attempts
 * are numbered: a crashed sender's claim (lease expired, no result) is taken over by claiming the
 * next attempt, and the old holder's `fence()` then fails. The ledger lives in the shared store
 * (`openStoreLedger` in store-ledger.ts), where every server replica and `digest --once` sees it.
 */
import { CodedError } from "../../core/src/errors/index.ts";
import type { RiskBand } from "../../core/src/index.ts";

/** Who holds a claim: enough to find the process in logs. */
export interface LedgerOwner {
  /** Random per process. */
  id: string;
  pid: number;
  host: string;
}

export interface ClaimRecord {
  schedule: string;
  slot: string;
  destination: string;
  attempt: number;
  owner: LedgerOwner;
  claimedAt: string;
  /** After this instant another run may take the claim over (its holder is presumed dead). */
  leaseUntil: string;
}

export type DeliveryStatus = "sent" | "failed" | "skipped";

export interface ResultRecord {
  schedule: string;
  slot: string;
  destination: string;
  attempt: number;
  status: DeliveryStatus;
  reason: string | null;
  /** Whether a later run should try this slot again (failures, destinations not configured yet). */
  retry: boolean;
  /** Where the digest went: a Slack `channel/ts`, a Teams activity ID, an outbox file. */
  messageRef: string | null;
  at: string;
  owner: LedgerOwner;
  /** The digest's snapshot and band counts (sent digests: the next digest's "since last time"). */
  snapshotId: string | null;
  bands: Record<RiskBand, number> | null;
}

/** The last digest a destination received. */
export interface DeliveredRecord {
  schedule: string;
  slot: string;
  snapshotId: string;
  bands: Record<RiskBand, number>;
  messageRef: string | null;
  at: string;
}

/** A claim this process holds: send, then `finish` it. */
export interface Claim {
  readonly schedule: string;
  readonly slot: string;
  readonly destination: string;
  readonly attempt: number;
  /**
   * The previous attempt's holder vanished without a result (its lease expired): it may have
   * delivered before it died, so look at the destination before sending again where it can tell.
   */
  readonly takenOver: boolean;
  /** Throws `LedgerFenceError` when another run has since taken this claim over. Call right before sending. */
  fence(): Promise<void>;
}

export type ClaimOutcome =
  | { kind: "claimed"; claim: Claim }
  /** Settled for good: sent, or skipped (superseded). */
  | { kind: "done"; result: ResultRecord }
  /** Another run holds a live claim, or won the race for this attempt. */
  | { kind: "busy"; reason: string };

export interface FinishInput {
  status: DeliveryStatus;
  reason?: string | null;
  /** Default: true for failed, false otherwise. */
  retry?: boolean;
  messageRef?: string | null;
  snapshotId?: string | null;
  bands?: Record<RiskBand, number> | null;
}

export interface Ledger {
  readonly owner: LedgerOwner;
  /** Claims the next attempt of (schedule, slot, destination), unless it is settled or held. */
  claim(schedule: string, slot: string, destination: string): Promise<ClaimOutcome>;
  /** Records a claim's result; a sent digest also becomes its destination's "last delivered". */
  finish(claim: Claim, result: FinishInput): Promise<ResultRecord>;
  lastDelivered(destination: string): Promise<DeliveredRecord | undefined>;
  /** Slots of a schedule that have ledger entries, oldest first (ISO 8601 UTC). */
  slots(schedule: string): Promise<string[]>;
  /** The newest slot before `before` with an entry for `destination`, if any. */
  latestSlotFor(schedule: string, destination: string, before: string): Promise<string | undefined>;
  /** Every claim and result of (schedule, slot, destination), by attempt (for inspection and tests). */
  entries(
    schedule: string,
    slot: string,
    destination: string,
  ): Promise<{ claims: ClaimRecord[]; results: ResultRecord[] }>;
}

/** Another run took this claim over (its lease had expired): do not send. */
export class LedgerFenceError extends CodedError<"claim-taken-over"> {
  constructor(claim: Claim) {
    super(
      "claim-taken-over",
      `claim ${claim.schedule}/${claim.slot}/${claim.destination} attempt ${claim.attempt} was taken over by another run`,
    );
    this.name = "LedgerFenceError";
  }
}

/** `2026-07-06T07:00:00Z` ⇄ `2026-07-06T07-00-00Z` (a file name on every system). */
export const slotKey = (slot: string): string => slot.replaceAll(":", "-");
