import { displaySafe } from "../../core/src/index.ts";
import type { Intent } from "./intent.ts";
import { emptyReply, type Reply } from "./reply.ts";

/** What EngageTrack can answer, with one example each. */
export const HELP_LINES: readonly string[] = [
  "7590-VHVEG, or: why is 7590-VHVEG at risk — one customer's risk, drivers, best action and nudge",
  "top at-risk 10 contract=Month-to-month persona=Student — who to call first (add: by probability, tenure<12, plan=Free)",
  "segment contract — churn by segment (also: plan, persona, engagement, payment, internet, tenure, usage, …)",
  "experiment — the A/B verdict (or: experiment <key>)",
  "summary 7590-VHVEG — the customer summary as a TXT file",
  "drivers 7590-VHVEG — every factor behind a score; nudge 7590-VHVEG — decide the nudge again",
];

const EXAMPLES = [
  { label: "Top at-risk customers", value: "top at-risk 10" },
  { label: "Churn by contract", value: "segment contract" },
  { label: "A/B experiment", value: "experiment" },
  { label: "Help", value: "help" },
];

/** The list of questions, with a menu of the common ones. */
export function helpReply(): Reply {
  const reply = emptyReply("help", "Ask EngageTrack about customers, segments and experiments", {
    action: "ask.help",
    customerID: null,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: {},
  });
  reply.sections = [{ title: "Questions", lines: [...HELP_LINES] }];
  reply.menu = EXAMPLES.map((e) => ({ ...e }));
  reply.text = [`${reply.title}:`, ...HELP_LINES.map((l) => `  ${l}`)].join("\n");
  return reply;
}

/** A short menu for a message that was not understood, or could mean several things. */
export function menuReply(intent: Extract<Intent, { kind: "unclear" }>): Reply {
  const shown = displaySafe(intent.input, { singleLine: true }).slice(0, 80);
  const several = intent.options.some((o) => !EXAMPLES.some((e) => e.value === o) && o !== "help");
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
    label: EXAMPLES.find((e) => e.value === o)?.label ?? o,
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
