import { presetCatalog, type ConversationCatalog } from "./conversation-catalog.ts";
import {
  DEFAULT_LIST,
  MAX_LIST,
  type CustomerFilter,
  type Intent,
  type RankBy,
  type RiskBandName,
} from "./intent.ts";
import { readSegment } from "./parse-segment-follow.ts";
import { normalizeMessage } from "./normalize-message.ts";
import { presetContract } from "../../core/src/index.ts";
import { parseChanges } from "./parse-changes.ts";
import { parseCompare } from "./parse-compare.ts";
import { parseExport } from "./parse-export.ts";
import { parseMine } from "./parse-mine.ts";
import { closestQuestions } from "./closest-question.ts";
import { filterColumnNames, parseFilters } from "./parse-filters.ts";
import { mergeFilters, phraseFilters } from "./phrase-filters.ts";
import { writeBackIntent } from "./parse-write-back.ts";
import {
  ambiguityOptions,
  parseCount,
  RANKING,
  RANKING_FILLER,
  unsupportedQuestion,
} from "./parse-question.ts";

/** What the parser may know besides the words (all optional). */
export interface ParseContext {
  /** True for a word that is a customer ID of the current snapshot (IDs without digits, e.g. "alice"). */
  isCustomerId?: (word: string) => boolean;
  /**
   * The columns and values of the snapshot asked about (`conversationCatalog(snapshot)`): filters
   * and segment columns are read against it. Default: the demo's (`simulated` preset).
   */
  catalog?: ConversationCatalog;
  /** A real customer ID for hints ("why is <id> at risk"); default: a placeholder. */
  exampleId?: string;
  /** The contract's declared experiment (its arm column), for "compare variant A and B"; default: the demo's. */
  experiment?: { column: string; key: string | null } | null;
}

/** The demo's declared experiment (the `simulated` preset's), for parsing without a snapshot. */
const DEMO_EXPERIMENT = (() => {
  const e = presetContract("simulated").experiment;
  return e ? { column: e.column, key: e.key ?? null } : null;
})();

/** Questions the menu offers when a message is not understood (the demo's; see `menuOptions`). */
export const MENU_OPTIONS: readonly string[] = ["help", "top at-risk 10", "segment contract", "experiment"];

/** The menu's questions for a catalogue: its first segment column when it has one. */
export function menuOptions(catalog: ConversationCatalog): string[] {
  const segment = catalog.segments[0] ?? catalog.columns.find((c) => c.kind !== "number");
  return ["help", "top at-risk 10", ...(segment ? [`segment ${segment.name}`] : []), "experiment"];
}

/** A customer ID as the schema allows it: letters, digits, "-", "_", "."; starts with a letter or digit. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const POLITE =
  /^(?:please|pls|hey|hi|hello|ok|okay|so|can you|could you|would you|will you|show me|show|give me|get me|find|list|display|what are|what's|whats|what is|who are|i want|i'd like|id like|let me see|engagetrack|engage|the)\b[\s,:]*/i;

interface Hints {
  customer: string;
  "top-at-risk": string;
  segment: string;
  experiment: string;
}

/** The example of each question's form, in the catalogue's own columns and values. */
export function intentHints(catalog: ConversationCatalog, exampleId?: string): Hints {
  const id = exampleId ?? "<customer id>";
  const filter = exampleFilter(catalog);
  const segments = catalog.segments.length ? catalog.segments : catalog.columns;
  return {
    customer: `ask about one customer by ID, e.g. "why is ${id} at risk"`,
    "top-at-risk": `e.g. top at-risk 10${filter ? ` ${filter}` : ""}`,
    segment: `e.g. segment ${segments[0]?.name ?? "band"} (columns: ${filterColumnNames(catalog, 10)})`,
    experiment: "e.g. experiment, or experiment <key>",
  };
}

/** "international plan=Yes", "contract=Month-to-month": a segment column and its first value. */
export function exampleFilter(catalog: ConversationCatalog): string | null {
  const c = catalog.segments.find((s) => s.kind !== "number" && s.kind !== "date" && s.values.length > 0);
  return c ? `${c.name}=${c.values[0]}` : null;
}

// Words that carry no meaning in a request, wherever they stand.
const FILLER = new Set(
  "a an the me my our us for of about on in with who whose which that is are was be at risk at-risk atrisk risky riskiest most highest high-risk customers customer clients client accounts account users user people please pls list show give top now today currently right id ids churn churning to likely going will leave leaving all any some and or their there by sorted ordered order rank ranked".split(
    " ",
  ),
);

/**
 * Reads a chat message (Slack, Teams or terminal) and decides what it asks for. Case-insensitive
 * and tolerant of markup, mentions, politeness and punctuation; never throws: a message it cannot
 * read becomes `unclear` (a short menu), a bad filter or column `invalid` (with the reason).
 *
 * - a customer ID, "why is 7590-VHVEG at risk", "tell me about 7590-VHVEG" → `customer`
 * - "drivers <id>", "nudge <id>", "summary <id>" → the card's buttons
 * - "top at-risk [n] [<column>=<value> <column><12 …] [by probability]", any column of the
 *   snapshot's catalogue by its name or label ("international plan=yes", "customer service calls>3")
 * - "segment <column>", "churn by <column>"; "experiment [key]"; "help"
 *
 * Columns and values are read against `context.catalog` (the snapshot's; the demo's by default).
 *
 * @example
 * parseIntent("<@U1> why is 7590-VHVEG at risk?"); // { kind: "customer", customerID: "7590-VHVEG" }
 * parseIntent("top 5 at-risk contract=month-to-month");
 * // { kind: "top-at-risk", limit: 5, filters: [{ column: "Contract", op: "in", values: ["Month-to-month"] }], … }
 */
export function parseIntent(text: string, context: ParseContext = {}): Intent {
  const catalog = context.catalog ?? presetCatalog("simulated");
  const hints = intentHints(catalog, context.exampleId);
  const menu = context.catalog ? menuOptions(catalog) : [...MENU_OPTIONS];
  const input = normalizeMessage(text);
  let s = input;
  for (let before = ""; before !== s;) {
    before = s;
    s = s.replace(POLITE, "").trim();
  }
  const lower = s.toLowerCase();
  if (
    lower === "" ||
    /^(help|\?+|h|commands|usage|menu|start|what can you do|how does (this|it) work)$/.test(lower)
  ) {
    return { kind: "help" };
  }

  let m: RegExpExecArray | null;
  // "my accounts", "which of my customers should I call today": the asker's own (parse-mine.ts).
  const mine = parseMine(s, (t) => parseIntent(t, context));
  if (mine) return mine;
  const follow = followIntent(s, input, context, menu);
  if (follow) return follow;
  const written = writeBackIntent(s, input, (w) => looksLikeId(w, context), context.exampleId);
  if (written) return written;
  // Exports, comparisons and changes over time (parse-export, parse-compare, parse-changes).
  const planned =
    parseExport(s, (t) => parseIntent(t, context)) ??
    (idWords(s, context).length < 2
      ? parseCompare(
          s,
          input,
          catalog,
          context.experiment !== undefined ? context.experiment : context.catalog ? null : DEMO_EXPERIMENT,
          menu,
        )
      : undefined) ??
    parseChanges(s, "e.g. what changed since last week, since 2026-11-14, or what changed");
  if (planned) return planned;
  // Counts, totals and rates; what is not supported yet (a menu); ranking phrasings ("who should I call").
  const question =
    unsupportedQuestion(s, input, menu, idWords(s, context).length) ??
    parseCount(s, input, catalog, menu, (column) => ({ kind: "segment", column }));
  if (question) return question;
  if (RANKING.test(s)) return topIntent(s, catalog, hints, input);
  if ((m = /^(?:summary|summarise|summarize|download(?: the)?(?: summary)?|report|txt)\b\s*(.*)$/i.exec(s))) {
    return customerCommand("summary", m[1], input, context, hints, menu);
  }
  if ((m = /^(?:all |full |every )?(?:drivers?|factors?|reasons?)\b\s*(.*)$/i.exec(s))) {
    return customerCommand("drivers", m[1], input, context, hints, menu);
  }
  // The nudge reply's Regenerate button: the actions already shown travel in the command.
  if ((m = /^nudges?\s+(.+?)\s+except\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)$/i.exec(s))) {
    const intent = customerCommand("nudge", m[1], input, context, hints, menu);
    return intent.kind === "nudge" ? { ...intent, except: m[2].toLowerCase().split(/\s*,\s*/) } : intent;
  }
  if ((m = /^(?:regenerate|re-?generate|new|another|redo|refresh)?\s*nudges?\b\s*(.*)$/i.exec(s))) {
    return customerCommand("nudge", m[1], input, context, hints, menu);
  }
  if ((m = /^(?:experiments?|a\/?b(?:[- ]tests?)?|ab[- ]tests?|split[- ]tests?|tests?)\b\s*(.*)$/i.exec(s))) {
    return experimentIntent(m[1], hints);
  }
  if (
    (m =
      /^(?:segments?|segmentation|break ?down|split|group(?:ed)?|(?:churn|risk)(?: rate)?s?)\s+(?:(?:by|per|of|on|across)\s+)?(.*)$/i.exec(
        s,
      ))
  ) {
    if (!/^(?:for|of|about)?\s*\S*\d/.test(m[1]) || /^(segments?|segmentation)/i.test(s)) {
      return segmentIntent(m[1], catalog, hints);
    }
  }
  if ((m = /^(?:by|per)\s+(.+)$/i.exec(s))) return segmentIntent(m[1], catalog, hints);
  if (/^(?:segments?|segmentation)$/i.test(s)) return segmentIntent("", catalog, hints);
  if (
    /^(?:top|riskiest|most at[- ]?risk|at[- ]?risk|who(?:'s| is| are)?\b.*\bat[- ]?risk\b|high[- ]risk|highest risk)/i.test(
      s,
    )
  ) {
    return topIntent(s, catalog, hints);
  }
  if (
    (m =
      /^(?:why(?: is| are|'s)?|tell me about|tell me more about|about|customer|lookup|look up|who is|info(?:rmation)?|details|explain|insight|card|profile|check)\b\s*(.*)$/i.exec(
        s,
      ))
  ) {
    return customerCommand("customer", m[1], input, context, hints, menu);
  }

  // No command word: look for customer IDs anywhere ("7590-VHVEG", "hey, 7590-vhveg please").
  const ids = idWords(s, context);
  if (ids.length === 1) {
    const kind = /\b(summary|summari[sz]e|download|txt)\b/i.test(s)
      ? "summary"
      : /\bdrivers?\b/i.test(s)
        ? "drivers"
        : /\bnudge\b/i.test(s)
          ? "nudge"
          : "customer";
    return { kind, customerID: ids[0] };
  }
  if (ids.length > 1)
    return { kind: "unclear", input, options: ids.slice(0, 5).map((id) => `tell me about ${id}`) };
  if (/\bat[- ]?risk\b|\briskiest\b/i.test(s)) return topIntent(s, catalog, hints, input);
  if (
    (m =
      /\b(?:churn|risk)(?:\s+(?:rates?|vary|varies|differ|differs|looks?|changes?))?\s+(?:by|per|across)\s+(.+)$/i.exec(
        s,
      ))
  )
    return segmentIntent(m[1], catalog, hints);
  if (/\b(experiment|a\/b|ab test|split test)\b/i.test(s)) return experimentIntent("", hints);
  // Not understood: the closest supported question first, then the menu.
  return { kind: "unclear", input, options: closestQuestions(input, catalog, menu) };
}

/**
 * Follow and alerts: "follow <id>", "unfollow <id>", "following", "alert me when <id> goes above
 * 90%", "… moves up 10 points", "remove alert 2" / "unalert 2"; and on a segment when the words
 * name filters rather than an ID (`readSegment`): "follow contract=Month-to-month High", "this
 * channel follows …", "alert me when month-to-month customers move up 5 points", "unfollow segment
 * 2"; undefined for anything else.
 */
function followIntent(
  s: string,
  input: string,
  context: ParseContext,
  menu: readonly string[],
): Intent | undefined {
  const id = context.exampleId ?? "<customer id>";
  const alertHint = `e.g. alert me when ${id} goes above 90%, or alert me when ${id} moves up 10 points`;
  const followHint = `e.g. follow ${id}`;
  const catalog = context.catalog ?? presetCatalog("simulated");
  const lower = s
    .toLowerCase()
    .replace(/[.!?]+$/, "")
    .trim();
  if (
    /^(?:following|(?:my )?follows|(?:my )?alerts|my (?:follows|alerts) and (?:follows|alerts)|(?:who|what)(?: customers)? (?:am i|do i|i'm) (?:following|follow|watching)|watch ?list|my watch ?list|what (?:does|is) (?:this|the|our) channel (?:follow|following|watch|watching)|(?:this|the|our) channel'?s? (?:follows|alerts))$/.test(
      lower,
    )
  )
    return { kind: "following" };
  let m: RegExpExecArray | null;
  if (
    (m = /^(?:remove|delete|cancel|drop|stop)\s+alert\s*(?:number|no\.?)?\s*#?(\S*)$/i.exec(lower)) ||
    (m = /^un-?alert\s+#?(\S*)$/i.exec(lower))
  ) {
    const n = Number(m[1]);
    if (/^\d{1,6}$/.test(m[1]) && n >= 1) return { kind: "unalert", number: n };
    return {
      kind: "invalid",
      about: "unalert",
      problem: m[1]
        ? `not an alert number: ${JSON.stringify(m[1].slice(0, 32))}`
        : "which alert? no number given",
      hint: 'e.g. remove alert 1 (ask "following" for the numbers)',
    };
  }
  // Segment follows and alerts (parse-segment-follow.ts): "unfollow segment 2", "this channel follows …".
  if (
    (m =
      /^(?:un-?follow|stop following|stop watching|unwatch|remove|delete|cancel|drop|stop)\s+(?:the\s+)?segment(?:\s+(?:alert|follow))?\s*(?:number|no\.?)?\s*#?(\S*)$/i.exec(
        lower,
      ))
  ) {
    const n = Number(m[1]);
    if (/^\d{1,6}$/.test(m[1]) && n >= 1)
      return { kind: "unfollow-segment", number: n, filters: [], band: null };
    return {
      kind: "invalid",
      about: "unfollow-segment",
      problem: m[1]
        ? `not a segment number: ${JSON.stringify(m[1].slice(0, 32))}`
        : "which segment? no number given",
      hint: 'e.g. unfollow segment 1 (ask "following" for the numbers)',
    };
  }
  let channel = false;
  if (
    (m =
      /^(?:this|the|our) channel (?:follows?|watches?|should follow|will follow|wants to follow)\s+(.*)$/i.exec(
        s,
      )) ||
    (m = /^(?:channel follows?)\s+(.*)$/i.exec(s))
  ) {
    channel = true;
    s = `follow ${m[1]}`;
  } else if ((m = /^((?:follow|watch)\b.*?)\s+(?:in|for|on|to|into) (?:this|the|our) channel$/i.exec(s))) {
    channel = true;
    s = m[1];
  }
  if ((m = /^(?:un-?follow|stop following|stop watching|unwatch)\b\s*(.*)$/i.exec(s))) {
    const segment = segmentOf(m[1], context, "band", "unfollow-segment", segmentFollowHint(catalog), input);
    if (segment?.kind === "segment")
      return { kind: "unfollow-segment", number: null, filters: segment.filters, band: segment.band };
    if (segment) return segment.intent;
    return followTarget("unfollow", m[1], input, context, followHint, menu);
  }
  if ((m = /^(?:follow|watch)\b\s*(.*)$/i.exec(s))) {
    const segment = segmentOf(m[1], context, "band", "follow-segment", segmentFollowHint(catalog), input);
    if (segment?.kind === "segment")
      return { kind: "follow-segment", filters: segment.filters, band: segment.band ?? "High", channel };
    if (segment) return segment.intent;
    if (channel)
      return {
        kind: "invalid",
        about: "follow-segment",
        problem: "a channel follows a segment, not one customer",
        hint: segmentFollowHint(catalog),
      };
    return followTarget("follow", m[1], input, context, followHint, menu);
  }
  if (
    (m =
      /^(?:alert|notify|ping|warn|let)(?: me| us| (?:this|the|our) (channel))?(?: know)?(?: (?:when|if|once))?\b\s*(.*)$/i.exec(
        s,
      ))
  ) {
    channel = m[1] !== undefined;
    const rest = m[2];
    const above =
      /^(.*?)\s+(?:(?:go(?:es)?|gets?|rises?|climbs?|is|are|moves?|jumps?)\s+)?(?:above|over|past|beyond|higher than|more than|>=?)\s*(\d+(?:\.\d+)?)\s*(%|percent|per cent)?\s*(?:risk|churn risk|probability|mean risk)?$/i.exec(
        rest,
      );
    const up =
      /^(.*?)\s+(?:(?:go(?:es)?|gets?|moves?|rises?|jumps?|climbs?|is|are)\s+)?up\s+(?:by\s+)?(\d+(?:\.\d+)?)\s*(?:points?|pts?|pp|percentage points?|%)?$/i.exec(
        rest,
      );
    const found = above ?? up;
    if (!found)
      return {
        kind: "invalid",
        about: "alert",
        problem: "alert on what change? say goes above <p>% or moves up <n> points",
        hint: alertHint,
      };
    let threshold = Number(found[2]);
    // "goes above 0.9": a probability, not 0.9 %.
    if (above && !above[3] && threshold > 0 && threshold < 1) threshold *= 100;
    threshold = Math.round(threshold * 100) / 100;
    if (above ? !(threshold > 0 && threshold < 100) : !(threshold > 0 && threshold <= 100))
      return {
        kind: "invalid",
        about: "alert",
        problem: above
          ? `the threshold must be between 0% and 100% (got ${found[2]})`
          : `the move must be between 0 and 100 points (got ${found[2]})`,
        hint: alertHint,
      };
    // "alert me when goes above 90%": the verb is not a customer ID; no customer was named.
    if (/^(?:it|they|(?:goes|gets|rises|climbs|is|moves|jumps))?$/i.test(found[1].trim()))
      return {
        kind: "invalid",
        about: "alert",
        problem: "alert on which customer? no customer ID given",
        hint: alertHint,
      };
    const segment = segmentOf(found[1], context, "filter", "alert-segment", segmentAlertHint(catalog), input);
    if (segment?.kind === "segment")
      return {
        kind: "alert-segment",
        filters: segment.filters,
        alert: above ? "above" : "moves-up",
        threshold,
        channel,
      };
    if (segment) return segment.intent;
    if (channel)
      return {
        kind: "invalid",
        about: "alert-segment",
        problem: "a channel's alert is on a segment, not one customer",
        hint: segmentAlertHint(catalog),
      };
    const target = followTarget("follow", found[1], input, context, alertHint, menu);
    if (target.kind !== "follow") return target.kind === "invalid" ? { ...target, about: "alert" } : target;
    return { kind: "alert", customerID: target.customerID, alert: above ? "above" : "moves-up", threshold };
  }
  return undefined;
}

/**
 * The segment a follow, unfollow or alert names (`readSegment`) when its words hold no customer ID:
 * the segment, an intent for a problem or an ambiguity, or undefined (read them as a customer).
 */
function segmentOf(
  args: string,
  context: ParseContext,
  bandAs: "band" | "filter",
  about: "follow-segment" | "alert-segment" | "unfollow-segment",
  hint: string,
  input: string,
):
  | { kind: "segment"; filters: CustomerFilter[]; band: RiskBandName | null }
  | { kind: "intent"; intent: Intent }
  | undefined {
  if (idWords(args, context).length > 0) return undefined;
  const catalog = context.catalog ?? presetCatalog("simulated");
  const read = readSegment(args, catalog, bandAs);
  if (!read) return undefined;
  if ("problem" in read)
    return { kind: "intent", intent: { kind: "invalid", about, problem: read.problem, hint } };
  if ("ambiguous" in read) {
    const verb =
      about === "alert-segment" ? "alert me when" : about === "follow-segment" ? "follow" : "unfollow";
    return {
      kind: "intent",
      intent: { kind: "unclear", input, options: ambiguityOptions(input, read.ambiguous, verb) },
    };
  }
  return { kind: "segment", ...read };
}

/** "e.g. follow contract=Month-to-month High", in the catalogue's own columns. */
function segmentFollowHint(catalog: ConversationCatalog): string {
  const filter = exampleFilter(catalog) ?? "band=High";
  return `e.g. follow ${filter} High, or this channel follows ${filter} High`;
}

function segmentAlertHint(catalog: ConversationCatalog): string {
  const filter = exampleFilter(catalog) ?? "band=High";
  return `e.g. alert me when ${filter} goes above 40%, or alert me when ${filter} moves up 5 points`;
}

/** The one customer a follow command names (the customer card's reading of IDs), as a follow or unfollow. */
function followTarget(
  kind: "follow" | "unfollow",
  args: string,
  input: string,
  context: ParseContext,
  hint: string,
  menu: readonly string[],
): Intent {
  const read = customerCommand(
    "customer",
    args.replace(/\bcustomers?\b/gi, " "),
    input,
    context,
    { customer: hint } as Hints,
    menu,
  );
  switch (read.kind) {
    case "customer":
      return { kind, customerID: read.customerID };
    case "invalid":
      return { ...read, about: kind, hint };
    case "unclear":
      return { ...read, options: read.options.map((o) => o.replace(/^tell me about /, `${kind} `)) };
    default:
      return read;
  }
}

type CustomerKind = "customer" | "drivers" | "nudge" | "summary";

function customerCommand(
  kind: CustomerKind,
  args: string,
  input: string,
  context: ParseContext,
  hints: Hints,
  menu: readonly string[],
): Intent {
  const cleaned = args
    .replace(/\b(at[- ]risk|likely to (churn|leave)|going to (churn|leave)|churning|leaving)\b/gi, " ")
    .replace(/(^|\s)#(?=\w)/g, "$1");
  const words = cleaned
    .split(/[\s,;:()"']+/)
    .filter(
      (w) => w !== "" && !FILLER.has(w.toLowerCase()) && !/^(id|customerid|file|txt|as|text)$/i.test(w),
    );
  const ids = words.filter((w) => looksLikeId(w, context));
  if (ids.length === 1) return { kind, customerID: ids[0] };
  if (ids.length > 1) {
    const verb = kind === "customer" ? "tell me about" : kind;
    return { kind: "unclear", input, options: [...new Set(ids)].slice(0, 5).map((id) => `${verb} ${id}`) };
  }
  if (words.length === 1 && ID.test(words[0])) return { kind, customerID: words[0] };
  if (words.length === 0) {
    return {
      kind: "invalid",
      about: kind,
      problem: "which customer? no customer ID given",
      hint: hints.customer,
    };
  }
  if (words.length === 1) {
    return {
      kind: "invalid",
      about: kind,
      problem: `not a customer ID: ${JSON.stringify(words[0].slice(0, 64))}`,
      hint: hints.customer,
    };
  }
  return { kind: "unclear", input, options: [...menu] };
}

/** Words that look like customer IDs: schema-shaped with a digit and at least 4 characters, or known to the context. */
function idWords(s: string, context: ParseContext): string[] {
  const out: string[] = [];
  for (const raw of s.split(/[\s,;:()"'<>=]+/)) {
    const w = raw.replace(/^#/, "");
    if (looksLikeId(w, context) && !out.includes(w)) out.push(w);
  }
  return out;
}

function looksLikeId(w: string, context: ParseContext): boolean {
  if (!ID.test(w)) return false;
  if (context.isCustomerId?.(w)) return true;
  return w.length >= 4 && /\d/.test(w) && /[A-Za-z-_]/.test(w);
}

function segmentIntent(args: string, catalog: ConversationCatalog, hints: Hints): Intent {
  const name = args
    .replace(/\b(churn|risk|rates?|customers?|segments?|the|by|per|of|each|please)\b/gi, " ")
    .trim();
  if (name === "") {
    return { kind: "invalid", about: "segment", problem: "segment by which column?", hint: hints.segment };
  }
  // The words as a column name first ("customer service calls" names a column, filler and all).
  const whole = args
    .replace(/^(?:\s*\b(?:churn|risk|rates?|segments?|the|by|per|of|each)\b)+/i, "")
    .replace(/\bplease\b/gi, " ")
    .trim();
  const column = catalog.column(whole) ?? catalog.column(name);
  if (!column) {
    return {
      kind: "invalid",
      about: "segment",
      problem: `unknown segment column: ${JSON.stringify(name.slice(0, 64))}`,
      hint: hints.segment,
    };
  }
  return { kind: "segment", column: column.column };
}

function experimentIntent(args: string, hints: Hints): Intent {
  const words = args
    .split(/[\s,;]+/)
    .filter(
      (w) =>
        w !== "" &&
        !/^(results?|verdict|report|status|for|of|the|on|test|tests|please|how|is|doing|going)$/i.test(w),
    );
  if (words.length === 0) return { kind: "experiment", key: null };
  if (words.length === 1 && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(words[0])) {
    return { kind: "experiment", key: words[0] };
  }
  return {
    kind: "invalid",
    about: "experiment",
    problem: `not an experiment key: ${JSON.stringify(words.join(" ").slice(0, 64))}`,
    hint: hints.experiment,
  };
}

function topIntent(s: string, catalog: ConversationCatalog, hints: Hints, input = s): Intent {
  const args = s
    .replace(
      /^(?:top|riskiest|most at[- ]?risk|at[- ]?risk|who(?:'s| is| are)?|high[- ]risk|highest risk)\b/i,
      " ",
    )
    .replace(/\bat[- ]risk\b/gi, " ");
  let rankBy: RankBy = "revenue";
  const rank =
    /\b(?:by|sort(?:ed)?(?: by)?|sort\s*=|rank(?:ed)? by|order(?:ed)? by)\s*(probability|prob|likelihood|chance|risk|revenue|money|mrr|charges|value)\b/i;
  const r = rank.exec(args);
  let rest = args;
  if (r) {
    rankBy = /^(probability|prob|likelihood|chance|risk)$/i.test(r[1]) ? "probability" : "revenue";
    rest = args.slice(0, r.index) + " " + args.slice(r.index + r[0].length);
  }
  const parsed = parseFilters(rest, catalog);
  if ("problem" in parsed) {
    return { kind: "invalid", about: "top-at-risk", problem: parsed.problem, hint: hints["top-at-risk"] };
  }
  if ("ambiguous" in parsed)
    return { kind: "unclear", input, options: ambiguityOptions(input, parsed.ambiguous, "top at-risk") };
  // Filters in words: "in the premium plan", "students", "in Texas", "on the international plan".
  const phrases = phraseFilters(
    parsed.rest.map((w) => w.replace(/^[([]+|[)\]]+$/g, "")).filter((w) => w !== ""),
    catalog,
    { highRisk: "filler" },
  );
  if ("ambiguous" in phrases)
    return { kind: "unclear", input, options: ambiguityOptions(input, phrases.ambiguous, "top at-risk") };
  const filters: CustomerFilter[] = mergeFilters([...parsed.filters, ...phrases.filters]);
  const notes: string[] = [];
  let limit: number | undefined;
  const unknown: string[] = [];
  for (const word of phrases.rest) {
    if (/^\d+$/.test(word) && limit === undefined) {
      limit = Number(word);
      continue;
    }
    if (FILLER.has(word.toLowerCase()) || RANKING_FILLER.has(word.toLowerCase())) continue;
    unknown.push(word);
  }
  if (unknown.length) {
    return {
      kind: "invalid",
      about: "top-at-risk",
      problem: `did not understand ${JSON.stringify(unknown.join(" ").slice(0, 64))} (filters look like column=value; columns: ${filterColumnNames(catalog)})`,
      hint: hints["top-at-risk"],
    };
  }
  if (limit === 0) {
    return {
      kind: "invalid",
      about: "top-at-risk",
      problem: "the list needs at least 1 customer",
      hint: hints["top-at-risk"],
    };
  }
  if (limit !== undefined && limit > MAX_LIST) {
    notes.push(`showing the top ${MAX_LIST}, the most one reply lists (asked for ${limit})`);
    limit = MAX_LIST;
  }
  return { kind: "top-at-risk", limit: limit ?? DEFAULT_LIST, filters, rankBy, notes };
}
