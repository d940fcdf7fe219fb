import type { Logger } from "../../core/src/log/index.ts";
import {
  createChatClient,
  createCircuitBreaker,
  LlmError,
  type ChatClient,
  type CircuitBreaker,
  type LlmSettings,
} from "../../core/src/nudges/index.ts";
import type { ConversationCatalog } from "./conversation-catalog.ts";
import { checkIntent } from "./intent-schema.ts";
import type { Intent } from "./intent.ts";

/** What a translation gave: a checked intent, or why there is none (a stable code and a detail for the log). */
export type Translation =
  | { ok: true; intent: Intent }
  | {
      ok: false;
      reason: "llm-unavailable" | "llm-error" | "malformed-json" | "invalid-intent";
      detail: string;
    };

/** Reads a question the deterministic parser did not understand into an intent. */
export interface QuestionTranslator {
  /** The model, for the audit line ("llm:<model>"). */
  readonly model: string;
  translate(
    question: string,
    catalog: ConversationCatalog,
    experiment: { column: string; key: string | null } | null,
  ): Promise<Translation>;
}

export interface TranslatorOptions {
  chat: ChatClient;
  /** Trips after repeated failures so a dead endpoint costs nothing (default: 3 failures, 30 s). */
  breaker?: CircuitBreaker;
  logger?: Pick<Logger, "warn">;
}

/**
 * Translates a question into the parser's intent structure with an OpenAI-compatible chat model:
 * the prompt holds the intent JSON forms and the catalogue's columns and values (the data set's
 * schema, nothing about any customer); the question goes with anything that looks like a customer
 * ID, an e-mail address or a link replaced, so no identifying text leaves. The reply must be JSON
 * that `checkIntent` accepts (schema, then columns and values against the catalogue); anything
 * else is no translation. The LLM never supplies a number shown to anyone: the answer computes
 * every figure from the snapshot. Never throws.
 *
 * @example
 * const translator = createQuestionTranslator({ chat: createChatClient({ baseUrl, apiKey, model }) });
 * await translator.translate("how are premium folks doing vs free ones", catalog, null);
 * // { ok: true, intent: { kind: "compare", sides: [...], experiment: null } }
 */
export function createQuestionTranslator(options: TranslatorOptions): QuestionTranslator {
  const breaker = options.breaker ?? createCircuitBreaker({ clock: Date.now });
  return {
    model: options.chat.model,
    async translate(question, catalog, experiment) {
      if (!breaker.allow()) return { ok: false, reason: "llm-unavailable", detail: "circuit open" };
      let text: string;
      try {
        text = await options.chat.complete([
          { role: "system", content: systemPrompt(catalog, experiment) },
          { role: "user", content: redact(question) },
        ]);
        breaker.success();
      } catch (err) {
        breaker.failure();
        const code = err instanceof LlmError ? err.code : "unexpected";
        options.logger?.warn({ code }, "question translation: LLM call failed");
        return { ok: false, reason: "llm-error", detail: code };
      }
      let json: unknown;
      try {
        json = JSON.parse(text.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, ""));
      } catch {
        return { ok: false, reason: "malformed-json", detail: "the reply is not JSON" };
      }
      // {"kind":"unknown"}: the model says it does not know either.
      if (json && typeof json === "object" && (json as { kind?: unknown }).kind === "unknown")
        return { ok: false, reason: "invalid-intent", detail: "the model did not recognise the question" };
      const checked = checkIntent(json, catalog, experiment);
      return checked.ok
        ? checked
        : { ok: false, reason: "invalid-intent", detail: checked.problem.slice(0, 200) };
    },
  };
}

/** The translator over the configured endpoint (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL, LLM_TIMEOUT_MS). */
export function createConfiguredTranslator(
  llm: LlmSettings,
  options: { logger?: Pick<Logger, "warn">; random?: () => number; clock?: () => number } = {},
): QuestionTranslator {
  return createQuestionTranslator({
    chat: createChatClient({
      baseUrl: llm.baseUrl,
      apiKey: llm.apiKey,
      model: llm.model,
      timeoutMs: llm.timeoutMs,
      random: options.random ?? Math.random,
      maxTokens: 400,
      temperature: 0,
    }),
    breaker: createCircuitBreaker({ clock: options.clock ?? Date.now }),
    logger: options.logger,
  });
}

/** Customer-ID-shaped words (a digit and a letter, 4+ characters), e-mail addresses and links. */
export function redact(question: string): string {
  return question
    .slice(0, 500)
    .replace(/\bhttps?:\/\/[^\s)\]>|"']+/gi, "<link>")
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, "<email>")
    .replace(/(?<![\w-])(?=[\w.-]*\d)(?=[\w.-]*[A-Za-z])[A-Za-z0-9][\w.-]{3,63}(?![\w-])/g, (w) =>
      /^\d+(?:st|nd|rd|th|s|d|w|m|k|pts?|pp|%)?$/i.test(w) || /^\d{4}-\d{2}-\d{2}$/.test(w) ? w : "<id>",
    );
}

function systemPrompt(
  catalog: ConversationCatalog,
  experiment: { column: string; key: string | null } | null,
): string {
  const columns = catalog.columns.map((c) => {
    const values =
      c.kind === "category" || c.kind === "boolean" ? `: ${c.values.slice(0, 30).join(" | ")}` : "";
    return `- ${c.column} (${c.name}; ${c.kind})${values}`;
  });
  return [
    "You translate a customer-success manager's question about churn risk into ONE JSON object, and nothing else.",
    "Use only these forms (filters are [{column, op:'in'|'not-in', values:[...]}] or [{column, op:'<'|'<='|'>'|'>='|'=', value:number}]):",
    '{"kind":"top-at-risk","limit":1-50,"filters":[],"rankBy":"revenue"|"probability"}  (who to call, riskiest customers)',
    '{"kind":"count","measure":"customers"|"revenue-at-risk"|"churn-rate"|"mean-risk","filters":[]}',
    '{"kind":"segment","column":"<column>"}  (churn broken down by a column)',
    '{"kind":"experiment","key":null}',
    '{"kind":"compare","sides":[{"label":"...","filters":[...]},{"label":"...","filters":[...]}]}',
    '{"kind":"changes","since":{"kind":"previous"}|{"kind":"days","days":N}|{"kind":"date","date":"YYYY-MM-DD"}}',
    '{"kind":"export","list":{"kind":"top-at-risk","limit":null,"filters":[],"rankBy":"revenue"}|{"kind":"segment","column":"<column>"}}',
    '{"kind":"help"}',
    '{"kind":"follow-segment","filters":[],"band":"High"|"Medium"|"Low","channel":false}  (tell me who enters the band in a segment; channel true for "this channel follows …")',
    '{"kind":"alert-segment","filters":[],"alert":"above"|"moves-up","threshold":N,"channel":false}  (a segment\'s mean churn risk goes above N% or moves up N points)',
    'Add "scope":"mine" to a top-at-risk, count or segment form when the question is about the asker\'s own accounts ("my accounts", "my book", "my customers").',
    'If the question is about one customer, or none of these fits, answer {"kind":"unknown"}. Never invent columns or values; never answer with numbers of your own.',
    `Columns of this data set (${catalog.dataset}); "band" is the churn risk band, "status" current/churned/retained:`,
    ...columns,
    ...(experiment ? [`The declared experiment's arms are in column ${experiment.column}.`] : []),
  ].join("\n");
}
