// The question mix of the answer benchmarks (ask-answer in process, slack-answer through the Slack
// path): every kind of question, customers picked by a seeded random source.

const TOP_AT_RISK = [
  "top at-risk 10",
  "top at-risk 10 contract=Month-to-month persona=Student",
  "top 25 at-risk tenure<12 by probability",
  "top at-risk plan=Premium band=High",
  "top at-risk 50 payment=Electronic check",
];
const SEGMENTS = [
  "contract",
  "plan",
  "persona",
  "payment method",
  "tenure",
  "usage",
  "engagement",
  "charges",
];
const HELP_MENU = ["help", "what's the weather", "segment colour", "top at-risk contract=Three year"];

/** An ID one letter off a real one: the "no customer …; closest: …" answer. */
export const typo = (id: string) => `${id.slice(0, -1)}${id.endsWith("Q") ? "R" : "Q"}`;

/**
 * Questions by kind. `pick(n)` draws n customer IDs; `unknownIds` adds mistyped IDs (after the
 * summaries, so the picks before it are the same either way); `churnBy` asks each segment also as
 * "churn by <column>".
 */
export function benchQuestions(
  pick: (n: number) => string[],
  options: { unknownIds: boolean; churnBy: boolean },
): Record<string, string[]> {
  return {
    customer: pick(20).map((id) => `why is ${id} at risk?`),
    drivers: pick(10).map((id) => `drivers ${id}`),
    nudge: pick(10).map((id) => `nudge ${id}`),
    summary: pick(10).map((id) => `summary ${id}`),
    ...(options.unknownIds && { "unknown-id": pick(20).map((id) => `tell me about ${typo(id)}`) }),
    "top-at-risk": TOP_AT_RISK.flatMap((q) => [q, q, q, q]),
    segment: SEGMENTS.flatMap((c) =>
      options.churnBy ? [`segment ${c}`, `churn by ${c}`] : [`segment ${c}`],
    ),
    experiment: Array.from({ length: 10 }, () => "experiment"),
    "help-menu": HELP_MENU.flatMap((q) => [q, q]),
  };
}
