/**
 * A condition on the customers of a ranked list, in stored values: a category's text or a boolean's
 * 1/0 in a set, or a number (a date: days since 1970) compared. Columns come from the snapshot's
 * conversation catalogue.
 */
export type CustomerFilter =
  | { column: string; op: "in" | "not-in"; values: Array<string | number> }
  | { column: string; op: "<" | "<=" | ">" | ">=" | "="; value: number };

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
