import { describeFilter } from "./answer-top-at-risk.ts";
import type { ConversationCatalog } from "./conversation-catalog.ts";
import type { CustomerFilter, Intent } from "./intent.ts";
import { MEASURE_QUESTIONS } from "./parse-question.ts";
import type { Reply } from "./reply.ts";

/**
 * Tells the asker how a question the parser did not understand was read (an LLM translated it):
 * the question it became, in the form the parser understands, so they can check it and type it
 * next time. Every number in the reply is the answer's own, computed from the snapshot.
 */
export function readAs(reply: Reply, intent: Intent, catalog: ConversationCatalog): void {
  const question = intentQuestion(intent, catalog);
  if (!question) return;
  const line = `Read as: "${question}" (translated by the LLM; every number is computed from the snapshot)`;
  reply.sections = [{ title: "Read as", lines: [line] }, ...reply.sections];
  reply.text = `${line}\n${reply.text}`;
}

/**
 * An intent as the question the parser reads as it ("top at-risk 10 plan=Premium", "compare
 * persona=Student and persona=Analyst"); null for intents about one customer or a menu.
 */
export function intentQuestion(intent: Intent, catalog: ConversationCatalog): string | null {
  const where = (filters: readonly CustomerFilter[]) =>
    filters.map((f) => ` ${describeFilter(f, catalog)}`).join("");
  const name = (column: string) => catalog.columns.find((c) => c.column === column)?.name ?? column;
  switch (intent.kind) {
    case "top-at-risk":
      return `top at-risk ${intent.limit}${where(intent.filters)}${intent.rankBy === "probability" ? " by probability" : ""}`;
    case "count":
      return `${MEASURE_QUESTIONS[intent.measure]}${where(intent.filters)}`;
    case "segment":
      return `segment ${name(intent.column)}`;
    case "experiment":
      return intent.key ? `experiment ${intent.key}` : "experiment";
    case "compare":
      return `compare ${intent.sides.map((s) => where(s.filters).trim()).join(" and ")}`;
    case "changes":
      return intent.since.kind === "previous"
        ? "what changed"
        : intent.since.kind === "days"
          ? `what changed in the last ${intent.since.days} days`
          : `what changed since ${intent.since.date}`;
    case "export":
      return intent.list.kind === "segment"
        ? `export segment ${name(intent.list.column)}`
        : `top at-risk${intent.list.limit === null ? "" : ` ${intent.list.limit}`}${where(intent.list.filters)} as csv`;
    case "help":
      return "help";
    default:
      return null;
  }
}
