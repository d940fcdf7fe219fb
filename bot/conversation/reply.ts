import type { AuditOutcome } from "../../core/src/log/index.ts";
import type { NudgeChannel, NudgeEngineName } from "../../core/src/nudges/index.ts";
import type { ChartTable } from "../../core/src/charts/index.ts";
import type { RiskBand } from "../../core/src/index.ts";
import type { ChartRequest } from "./chart-request.ts";
import type { ExportList } from "./intent.ts";

/** What kind of answer a reply is: adapters pick a layout by it. */
export type ReplyKind =
  | "insight"
  | "drivers"
  | "nudge"
  | "summary"
  | "top-at-risk"
  | "segment"
  | "count"
  | "experiment"
  | "help"
  | "menu"
  | "not-found"
  | "error"
  /** A follow or alert set, removed or listed (the answer to a follow command). */
  | "follow"
  /** A followed customer's risk changed (the notification after a new snapshot). */
  | "alert"
  /** Write-back: a customer marked contacted, an offer logged, a snooze set or ended, or their history. */
  | "customer-action"
  /** Two groups side by side. */
  | "compare"
  /** What changed since an earlier snapshot. */
  | "changes"
  /** A list as a CSV file. */
  | "export";

/** A labelled value on a card ("Churn risk": "71% (High)"). */
export interface ReplyFact {
  label: string;
  /** As shown; a simulated value already says "(simulated)" in it. */
  value: string;
  /** Made by the simulator, not read from the team's data (JSON readers need not parse the words). */
  simulated?: boolean;
}

/** A titled block of plain-text lines. */
export interface ReplySection {
  title: string;
  lines: string[];
}

/** A table of text cells (the ranked list, a segment table): same shape as a chart's text table. */
export type ReplyTable = ChartTable;

/** One driver of a customer's score, in words. */
export interface ReplyDriver {
  /** "Contract = Month-to-month". */
  label: string;
  /** "a month-to-month contract". */
  words: string;
  effect: "raises" | "lowers";
  /** SHAP value in log-odds. */
  value: number;
}

/** The most effective feasible change for a customer. */
export interface ReplyWhatIf {
  /** "switch to a one-year contract". */
  action: string;
  /** Calibrated churn probability before and after. */
  before: number;
  after: number;
}

export interface ReplyNudge {
  actionId: string;
  title: string;
  message: string;
  channel: NudgeChannel;
  engine: NudgeEngineName;
  /** "rule engine", "LLM meta-llama/…", "rule engine (LLM not used: llm-timeout)". */
  engineWords: string;
  fallbackReason: string | null;
}

/** A customer of a ranked at-risk list, in the data set's own terms. */
export interface RankedCustomer {
  rank: number;
  customerID: string;
  /** current or retained (customers to act on); churned only in a list that asked for history. */
  status: "current" | "churned" | "retained";
  probability: number;
  band: RiskBand;
  /** Monthly revenue (the contract's revenue column); null when the data has none or the cell is blank. */
  monthlyRevenue: number | null;
  /** monthlyRevenue × probability (a blank revenue counts 0); null when the data has no revenue column. */
  revenueAtRisk: number | null;
  /** ISO currency of the money figures ("EUR"); null without revenue. */
  currency: string | null;
  /** The contract's first segment columns, as the list shows them ({ label: "State", value: "CA" }). */
  segments: { column: string; label: string; value: string }[];
  /** What the team did last ("contacted 2 days ago by dana"), when the shared store knows. */
  lastAction?: string;
}

/** A file to attach (Slack upload, Teams attachment, a file on disk for the terminal). */
export interface ReplyFile {
  /** A safe file name: "7590-VHVEG-summary.txt". */
  name: string;
  mime: string;
  content: string;
  /**
   * The export this file is (a CSV list), so a surface that links files instead of attaching them
   * (Teams) can draw it again from the same snapshot behind a signed link.
   */
  export?: { list: ExportList; snapshotId: string };
}

/**
 * A button. `value` is the question it asks when pressed: adapters send it back through
 * `respond` as if typed ("drivers 7590-VHVEG"), so a button needs no state.
 */
export interface ReplyAction {
  id:
    | "why"
    | "summary"
    | "regenerate-nudge"
    | "open-customer"
    /** Write-back buttons; "offer" asks for the offer's text too (adapters append it to `value`). */
    | "contacted"
    | "offer"
    | "snooze"
    | "unsnooze"
    | "history";
  label: string;
  value: string;
}

/** One choice of a menu; `value` is the question to ask. */
export interface MenuOption {
  label: string;
  value: string;
}

/** What the audit event of this reply says (the adapter adds who asked, where, and how long it took). */
export interface ReplyAudit {
  /** "ask.customer", "ask.top-at-risk", … */
  action: string;
  customerID: string | null;
  outcome: AuditOutcome;
  errorCode: string | null;
  engine: NudgeEngineName | null;
  shown: Record<string, string | number | boolean | null>;
}

/**
 * The answer to one message, as plain data for every surface: `text` is the whole answer in plain
 * words (the fallback and the terminal's output); the other fields let richer clients draw cards,
 * charts (rendered by the adapter from `charts`), attachments, buttons and menus. Nothing in it is
 * specific to Slack or Teams.
 */
export interface Reply {
  kind: ReplyKind;
  /** One line: "7590-VHVEG: High churn risk (71%)". */
  title: string;
  /** The whole reply as plain text (no markup). */
  text: string;
  customerID: string | null;
  facts: ReplyFact[];
  sections: ReplySection[];
  table: ReplyTable | null;
  ranked: RankedCustomer[];
  drivers: ReplyDriver[];
  whatIf: ReplyWhatIf | null;
  nudge: ReplyNudge | null;
  charts: ChartRequest[];
  files: ReplyFile[];
  actions: ReplyAction[];
  /** Choices when the message was unclear or named no known customer; null otherwise. */
  menu: MenuOption[] | null;
  /** The snapshot and model the answer came from, when it used them. */
  source: { snapshotId: string; modelHash: string | null } | null;
  audit: ReplyAudit;
}

/** A reply with every optional part empty: answers fill in what they have. */
export function emptyReply(kind: ReplyKind, title: string, audit: ReplyAudit): Reply {
  return {
    kind,
    title,
    text: title,
    customerID: audit.customerID,
    facts: [],
    sections: [],
    table: null,
    ranked: [],
    drivers: [],
    whatIf: null,
    nudge: null,
    charts: [],
    files: [],
    actions: [],
    menu: null,
    source: null,
    audit,
  };
}
