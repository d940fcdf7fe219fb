import type { ConversationCatalog } from "./conversation-catalog.ts";
import { compareExamples } from "./parse-compare.ts";

/** Words that say nothing about which question was meant. */
const STOP = new Set(
  "a an the of for to in on at by is are was be me my our we i you it this that what which who how do does can could would please show give tell".split(
    " ",
  ),
);

/**
 * The supported questions of a catalogue, as one types them (the corpus's forms): lists, counts,
 * rates, segments, comparisons, changes, exports, the experiment, follows.
 */
export function supportedQuestions(catalog: ConversationCatalog): string[] {
  const segment = catalog.segments[0] ?? catalog.columns.find((c) => c.kind === "category");
  return [
    "top at-risk 10",
    "which customers should I call today",
    "how many customers",
    "revenue at risk",
    "churn rate",
    "average churn risk",
    ...(segment ? [`segment ${segment.name}`] : []),
    ...compareExamples(catalog).slice(0, 1),
    "what changed since last week",
    "export to csv",
    "experiment",
    "following",
    "help",
  ];
}

/**
 * The supported question closest to a message that was not understood (most words in common,
 * singular and plural alike), then the menu; the menu alone when nothing is close.
 *
 * @example
 * closestQuestions("show me churn numbers for the segments", catalog, menu)[0]; // "churn rate"
 */
export function closestQuestions(
  input: string,
  catalog: ConversationCatalog,
  menu: readonly string[],
): string[] {
  const words = (text: string) =>
    new Set(
      text
        .toLowerCase()
        .split(/[^a-z0-9-]+/)
        .filter((w) => w !== "" && !STOP.has(w))
        .map((w) => w.replace(/(?<=..)s$/, "")),
    );
  const asked = words(input);
  let best: { question: string; score: number } | undefined;
  for (const question of supportedQuestions(catalog)) {
    const q = words(question);
    let shared = 0;
    for (const w of q) if (asked.has(w)) shared++;
    const score = shared / q.size;
    if (shared > 0 && (!best || score > best.score)) best = { question, score };
  }
  return [...new Set([...(best ? [best.question] : []), ...menu])];
}
