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
  /** A freshly decided nudge (the card's "Regenerate nudge" button). */
  | { kind: "nudge"; customerID: string }
  /** The TXT summary as a file (the card's "Download summary" button). */
  | { kind: "summary"; customerID: string }
  | {
      kind: "top-at-risk";
      limit: number;
      filters: CustomerFilter[];
      rankBy: RankBy;
      /** Adjustments worth telling the asker ("showing 50, the most one reply lists"). */
      notes: string[];
    }
  | { kind: "segment"; column: string }
  /** An experiment's verdict; `key` null for the default experiment. */
  | { kind: "experiment"; key: string | null }
  /**
   * A number about the customers matching `filters` (see `CountMeasure`): "how many …", "revenue
   * at risk in Texas", "churn rate of customers on the international plan".
   */
  | { kind: "count"; measure: CountMeasure; filters: CustomerFilter[] }
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
  | { kind: "help" }
  /** Understood, but unusable: a bad filter, column or number. `problem` names it; `hint` shows the form. */
  | { kind: "invalid"; about: Exclude<IntentKind, "invalid" | "unclear">; problem: string; hint: string }
  /** Not understood, or more than one reading: answered with a short menu of questions to ask instead. */
  | { kind: "unclear"; input: string; options: string[] };

export type IntentKind = Intent["kind"];

/** Most customers one at-risk list shows; more are clamped with a note. */
export const MAX_LIST = 50;
/** Customers an at-risk list shows when no number is given. */
export const DEFAULT_LIST = 10;
