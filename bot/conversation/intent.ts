/**
 * A condition on the customers of a ranked list, in stored values: a category's text or a boolean's
 * 1/0 in a set, or a number (a date: days since 1970) compared. Columns come from the snapshot's
 * conversation catalogue.
 */
export type CustomerFilter =
  | { column: string; op: "in" | "not-in"; values: Array<string | number> }
  | { column: string; op: "<" | "<=" | ">" | ">=" | "="; value: number };

/**
 * What a count question asks, each defined once in core (core/src/snapshot/):
 * - `customers`: customers to act on (not churned), per risk band too (`riskSummary`);
 * - `revenue-at-risk`: Σ monthly revenue × churn probability over them (`riskSummary`);
 * - `churn-rate`: the historical share of labelled customers who churned (`historicalChurnRate`);
 * - `mean-risk`: the mean predicted churn probability of customers to act on (`predictedChurnRate`).
 */
export type CountMeasure = "customers" | "revenue-at-risk" | "churn-rate" | "mean-risk";

/** How the at-risk list is ranked: by monthly revenue at risk (revenue × probability) or by probability. */
export type RankBy = "revenue" | "probability";

/** What a message asks for, decided by `parseIntent` from the words and the snapshot's catalogue. */
export type Intent =
  /** The customer's insight card: risk, drivers, best action, nudge, waterfall chart. */
  | { kind: "customer"; customerID: string }
  /** Every driver of the customer's score (the card's "Why?" button). */
  | { kind: "drivers"; customerID: string }
  /**
   * Another eligible nudge than those shown (the card's "Regenerate nudge" button: other than the
   * card's; "nudge <id> except a,b", the nudge reply's button: other than a and b).
   */
  | { kind: "nudge"; customerID: string; except?: string[] }
  /** The TXT summary as a file (the card's "Download summary" button). */
  | { kind: "summary"; customerID: string }
  | {
      kind: "top-at-risk";
      limit: number;
      filters: CustomerFilter[];
      rankBy: RankBy;
      /** Adjustments worth telling the asker ("showing 50, the most one reply lists"). */
      notes: string[];
      /** "my top at-risk", "my accounts": only the asker's own accounts (answer-mine.ts). */
      scope?: Scope;
    }
  | { kind: "segment"; column: string; scope?: Scope }
  /** An experiment's verdict; `key` null for the default experiment. */
  | { kind: "experiment"; key: string | null }
  /**
   * A number about the customers matching `filters` (see `CountMeasure`): "how many …", "revenue
   * at risk in Texas", "churn rate of customers on the international plan".
   */
  | { kind: "count"; measure: CountMeasure; filters: CustomerFilter[]; scope?: Scope }
  /** Follow a customer: a message after each new snapshot that changes their risk band or moves it 5 points. */
  | { kind: "follow"; customerID: string }
  /** Stop following a customer (and drop the asker's alerts on them). */
  | { kind: "unfollow"; customerID: string }
  /** The asker's follows and numbered alerts. */
  | { kind: "following" }
  /**
   * An alert: `above` when the probability crosses `threshold` % upwards, `moves-up` when it rises
   * `threshold` points or more since the previous snapshot.
   */
  | { kind: "alert"; customerID: string; alert: "above" | "moves-up"; threshold: number }
  /** Remove the asker's alert number `number` (as `following` lists them). */
  | { kind: "unalert"; number: number }
  /**
   * Follow a segment (customers matching `filters`): after each new snapshot, the customers who
   * entered `band` within it. `channel`: the follow belongs to the channel asked in ("this channel
   * follows contract=Month-to-month High"), not to the asker.
   */
  | { kind: "follow-segment"; filters: CustomerFilter[]; band: RiskBandName; channel: boolean }
  /**
   * An alert on a segment's mean churn risk (`predictedChurnRate` of its customers to act on):
   * `above` when it crosses `threshold` % upwards, `moves-up` when it rises `threshold` points.
   */
  | {
      kind: "alert-segment";
      filters: CustomerFilter[];
      alert: "above" | "moves-up";
      threshold: number;
      channel: boolean;
    }
  /**
   * Stop a segment follow or alert: number `number` as `following` lists segments, or (number
   * null) those on exactly `filters` — of `band` only when given.
   */
  | { kind: "unfollow-segment"; number: number | null; filters: CustomerFilter[]; band: RiskBandName | null }
  /** Two groups of customers side by side ("students vs analysts", "compare variant A and B"). */
  | { kind: "compare"; sides: [CompareSide, CompareSide]; experiment: string | null }
  /** What changed since an earlier snapshot of the same lineage ("what changed since last week"). */
  | { kind: "changes"; since: ChangesSince; scope?: Scope }
  /** A list as a CSV file ("export to csv", "top at-risk 50 band=High as csv"). */
  | { kind: "export"; list: ExportList; scope?: Scope }
  /** Write-back: the asker contacted the customer. */
  | { kind: "contacted"; customerID: string }
  /** Write-back: an offer made to the customer (free text, at most `MAX_ACTION_NOTE_LENGTH` characters). */
  | { kind: "offer"; customerID: string; offer: string }
  /** Write-back: leave the customer out of lists and digests for `days` (1–90) days. */
  | { kind: "snooze"; customerID: string; days: number }
  /** Write-back: end the customer's snooze now. */
  | { kind: "unsnooze"; customerID: string }
  /** What the team did about the customer (contacted, offers, snoozes), newest first. */
  | { kind: "history"; customerID: string }
  | { kind: "help" }
  /** Understood, but unusable: a bad filter, column or number. `problem` names it; `hint` shows the form. */
  | { kind: "invalid"; about: Exclude<IntentKind, "invalid" | "unclear">; problem: string; hint: string }
  /** Not understood, or more than one reading: answered with a short menu of questions to ask instead. */
  | { kind: "unclear"; input: string; options: string[] };

export type IntentKind = Intent["kind"];

/** A risk band by name, as snapshots label customers. */
export type RiskBandName = "Low" | "Medium" | "High";

/**
 * Whose accounts a list, count or segment question is about: `mine`, the asker's own (the
 * contract's owner column, mapped to chat users by the owner directory); absent, every account
 * the asker may see.
 */
export type Scope = "mine";

/**
 * One side of a comparison: the words as asked ("students") and the filters they stand for. A
 * side of a declared experiment's arm filters on its assignment column.
 */
export interface CompareSide {
  label: string;
  filters: CustomerFilter[];
}

/**
 * Since when: the previous snapshot (`previous`), `days` before the question ("last week": 7), or
 * a calendar date (UTC midnight, "YYYY-MM-DD", or "--MM-DD" without a year: the question's year,
 * or the year before when that date is still ahead); the answer picks the newest earlier snapshot
 * of the same lineage at or before it.
 */
export type ChangesSince =
  { kind: "previous" } | { kind: "days"; days: number } | { kind: "date"; date: string };

/**
 * What an export holds: customers to act on, ranked like the at-risk list (`limit` null: every
 * matching customer, up to `MAX_EXPORT`), or a segment table.
 */
export type ExportList =
  | { kind: "top-at-risk"; limit: number | null; filters: CustomerFilter[]; rankBy: RankBy; owner?: string }
  | { kind: "segment"; column: string; owner?: string };

/** Most customers one CSV export holds; more are clamped with a note. */
export const MAX_EXPORT = 50_000;

/** Most customers one at-risk list shows; more are clamped with a note. */
export const MAX_LIST = 50;
/** Customers an at-risk list shows when no number is given. */
export const DEFAULT_LIST = 10;
