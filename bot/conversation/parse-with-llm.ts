import { menuOptions, parseIntent, type ParseContext } from "./parse-intent.ts";
import { MEASURE_QUESTIONS } from "./parse-question.ts";
import type { ConversationServices } from "./conversation-services.ts";
import { normalizeMessage } from "./normalize-message.ts";
import type { Intent } from "./intent.ts";
import type { ConversationCatalog } from "./conversation-catalog.ts";
import { supportedQuestions } from "./closest-question.ts";

/** How a message was read: by the parser, or by the LLM after the parser did not understand it. */
export interface ReadQuestion {
  intent: Intent;
  /** "parser", "llm" (translated and checked), or "parser; llm: <reason>" (the LLM gave no usable intent). */
  via: string;
}

/**
 * The deterministic parser first (the fast path); when it does not understand a message and a
 * translator is configured (`services.translate`, an LLM), the translator's intent instead, only
 * if it passed the intent schema and the catalogue (`checkIntent`). A menu that offers readings of
 * an ambiguous message is never sent to the LLM: the asker picks. Without a translator, or on an
 * invalid translation, the parser's menu stands (what was not understood, and questions to ask).
 */
export async function readQuestion(
  text: string,
  context: ParseContext,
  services: Pick<ConversationServices, "translate">,
): Promise<ReadQuestion> {
  const intent = parseIntent(text, context);
  // No catalogue: no snapshot to answer from, nothing to translate against.
  if (intent.kind !== "unclear" || !services.translate || !context.catalog) return { intent, via: "parser" };
  if (!notUnderstood(intent, context.catalog)) return { intent, via: "parser" };
  const input = normalizeMessage(text);
  if (input === "") return { intent, via: "parser" };
  const t = await services.translate.translate(input, context.catalog, context.experiment ?? null);
  return t.ok ? { intent: t.intent, via: "llm" } : { intent, via: `parser; llm: ${t.reason}` };
}

/**
 * A menu for a message not understood (the common questions, the closest ones, a measure asked
 * with words left over), not one that offers readings of an ambiguous one (two IDs, a name that
 * fits two columns).
 */
export function notUnderstood(
  intent: Extract<Intent, { kind: "unclear" }>,
  catalog: ConversationCatalog,
): boolean {
  const common = new Set<string>([
    ...menuOptions(catalog),
    ...Object.values(MEASURE_QUESTIONS),
    ...supportedQuestions(catalog),
  ]);
  return intent.options.every(
    (o) => common.has(o) || o.startsWith("compare ") || o.startsWith("what changed"),
  );
}
