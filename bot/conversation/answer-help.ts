import { displaySafe, type Snapshot } from "../../core/src/index.ts";
import { conversationCatalog, presetCatalog, type ConversationCatalog } from "./conversation-catalog.ts";
import type { Intent } from "./intent.ts";
import { ownerColumnOf } from "./owner-book.ts";
import { exampleFilter, menuOptions } from "./parse-intent.ts";
import { notUnderstood } from "./parse-with-llm.ts";
import { emptyReply, type MenuOption, type Reply } from "./reply.ts";
import { topAtRisk } from "./top-at-risk.ts";

/** The questions past the first six: counts, comparisons, changes, exports, follows (customers, segments), write-back. */
function moreLines(id: string, comparison: string, revenue: boolean, filter: string): string[] {
  return [
    revenue
      ? "how many customers are high risk · revenue at risk · churn rate — counts, money and rates (add filters)"
      : "how many customers are high risk · churn rate — counts and rates (add filters)",
    `${comparison} — two groups side by side`,
    "what changed since last week — new high risk, movers and churned since an earlier snapshot",
    "top at-risk 50 as csv — any list as a CSV file",
    `follow ${id} · alert me when ${id} goes above 80% · following — a message when a risk moves`,
    `this channel follows ${filter} High · alert me when ${filter} goes above 40% — who enters a band in a segment, or its mean risk`,
    `contacted ${id} · snooze ${id} 14 days · offer ${id} <text> — what the team did (what did we do for ${id})`,
  ];
}

/** What EngageTrack can answer, with one example each, before any snapshot is loaded. */
export const HELP_LINES: readonly string[] = [
  "<customer id>, or: why is <customer id> at risk — one customer's risk, drivers, best action and nudge",
  "top at-risk 10 <column>=<value> — who to call first among customers to act on (add: by probability, <column><12)",
  "segment <column> — churn by segment (any column of the data set)",
  "experiment — the A/B verdict, when the data set declares an experiment",
  "summary <customer id> — the customer summary as a TXT file",
  "drivers <customer id> — every factor behind a score; nudge <customer id> — another nudge than the card's",
  ...moreLines("<customer id>", "<column>=<value> vs <column>=<other value>", false, "<column>=<value>"),
];

/**
 * The help lines for a snapshot: a real customer ID (the top customer to act on), a real filter
 * (a segment column and one of its values) and the data set's own segment columns; `HELP_LINES`
 * without one.
 *
 * @example
 * helpLines(snapshot)[1]; // "top at-risk 10 state=CA — who to call first among customers to act on (…)"
 */
export function helpLines(snapshot?: Snapshot): string[] {
  if (!snapshot) return [...HELP_LINES];
  const catalog = conversationCatalog(snapshot);
  const top = topAtRisk(snapshot, [], { limit: 1, rankBy: "revenue", catalog }).ranked[0];
  const id = top?.customerID ?? "<customer id>";
  const filter = exampleFilter(catalog);
  const numeric = catalog.columns.find((c) => c.kind === "number" && c.integer);
  const segments = (catalog.segments.length ? catalog.segments : catalog.columns).map((c) => c.name);
  const experiment = snapshot.dataset.experiment;
  return [
    `${id}, or: why is ${id} at risk — one customer's risk, drivers, best action and nudge`,
    `top at-risk 10${filter ? ` ${filter}` : ""} — who to call first among customers to act on (add: by probability${numeric ? `, ${numeric.name}>3` : ""}, status=churned for history)`,
    `segment ${segments[0] ?? "band"} — churn by segment (also: ${[...segments.slice(1, 6), "band"].join(", ")}, or any column)`,
    experiment
      ? `experiment — the A/B verdict of ${experiment.key ?? "the experiment"} (column ${experiment.column})`
      : "experiment — this data set declares no experiment",
    `summary ${id} — the customer summary as a TXT file`,
    `drivers ${id} — every factor behind a score; nudge ${id} — another nudge than the card's`,
    ...moreLines(
      id,
      comparisonExample(catalog),
      snapshot.dataset.revenue !== undefined,
      filter ?? "band=High",
    ),
    ...mineLines(snapshot),
  ];
}

/** "my accounts …", when the data set has an owner column (answer-mine.ts). */
function mineLines(snapshot: Snapshot): string[] {
  const column = ownerColumnOf(snapshot);
  if (column === null) return [];
  const revenue = snapshot.dataset.revenue !== undefined ? " · my revenue at risk" : "";
  return [
    `my accounts · my top at-risk 5 · which of my customers should I call today · how many of my accounts are high risk${revenue} — your own accounts (owner column ${column})`,
  ];
}

/** Two values of the first segment column with two or more ("state=CA vs state=TX"). */
function comparisonExample(catalog: ConversationCatalog): string {
  const c = catalog.segments.find((s) => s.kind !== "number" && s.kind !== "date" && s.values.length > 1);
  return c ? `${c.name}=${c.values[0]} vs ${c.name}=${c.values[1]}` : "band=High vs band=Medium";
}

/** The menu of common questions for a snapshot (the demo's without one). */
function examples(snapshot?: Snapshot): MenuOption[] {
  const catalog = snapshot ? conversationCatalog(snapshot) : presetCatalog("simulated");
  return menuOptions(catalog)
    .filter((o) => o !== "experiment" || !snapshot || snapshot.dataset.experiment !== undefined)
    .map((value) => ({ label: menuLabel(value, catalog), value }))
    .sort((a, b) => (a.value === "help" ? 1 : b.value === "help" ? -1 : 0));
}

function menuLabel(value: string, catalog: ConversationCatalog): string {
  if (value === "help") return "Help";
  if (value === "experiment") return "A/B experiment";
  if (value.startsWith("top at-risk")) return "Top at-risk customers";
  const m = /^segment (.+)$/.exec(value);
  if (m) return `Churn by ${catalog.column(m[1])?.name ?? m[1]}`;
  return value;
}

/** The list of questions, with a menu of the common ones. */
export function helpReply(snapshot?: Snapshot): Reply {
  const reply = emptyReply("help", "Ask EngageTrack about customers, segments and experiments", {
    action: "ask.help",
    customerID: null,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: {},
  });
  const lines = helpLines(snapshot);
  reply.sections = [{ title: "Questions", lines }];
  reply.menu = examples(snapshot);
  reply.text = [`${reply.title}:`, ...lines.map((l) => `  ${l}`)].join("\n");
  if (snapshot) reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  return reply;
}

/** A short menu for a message that was not understood, or could mean several things. */
export function menuReply(intent: Extract<Intent, { kind: "unclear" }>, snapshot?: Snapshot): Reply {
  const catalog = snapshot ? conversationCatalog(snapshot) : presetCatalog("simulated");
  const shown = displaySafe(intent.input, { singleLine: true }).slice(0, 80);
  const common = new Set(menuOptions(catalog));
  // A menu of readings of an ambiguous message, or of questions for one not understood.
  const several = !notUnderstood(intent, catalog);
  const title = several
    ? `"${shown}" could mean more than one thing; pick one`
    : shown
      ? `I did not understand "${shown}"; try one of these`
      : "Try one of these";
  const reply = emptyReply("menu", title, {
    action: "ask.unclear",
    customerID: null,
    outcome: "invalid",
    errorCode: several ? "ambiguous" : "not-understood",
    engine: null,
    shown: { options: intent.options.length },
  });
  reply.menu = intent.options.map((o) => ({
    label: common.has(o) ? menuLabel(o, catalog) : o,
    value: o,
  }));
  reply.text = [`${title}:`, ...intent.options.map((o) => `  ${o}`)].join("\n");
  return reply;
}

/** Understood, but unusable: the problem and the form that works. */
export function invalidReply(intent: Extract<Intent, { kind: "invalid" }>): Reply {
  const problem = displaySafe(intent.problem, { singleLine: true });
  const reply = emptyReply("error", problem, {
    action: `ask.${intent.about}`,
    customerID: null,
    outcome: "invalid",
    errorCode: `invalid-${intent.about}`,
    engine: null,
    shown: {},
  });
  reply.text = `${problem}\n${intent.hint}`;
  reply.sections = [{ title: "Try", lines: [intent.hint] }];
  return reply;
}
