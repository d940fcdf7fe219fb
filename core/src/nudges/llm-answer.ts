import { z } from "zod";
import { MAX_MESSAGE_LENGTH } from "./assemble-nudge.ts";

/** The JSON the LLM must answer with. */
export const llmAnswerSchema = z.strictObject({
  action: z.string().min(1).max(64),
  message: z.string().trim().min(1).max(MAX_MESSAGE_LENGTH),
});
export type LlmAnswer = z.infer<typeof llmAnswerSchema>;

export type LlmAnswerProblem =
  "malformed-json" | "schema" | "not-eligible" | "invented-number" | "contact-detail";

export type LlmAnswerCheck =
  { ok: true; answer: LlmAnswer } | { ok: false; problem: LlmAnswerProblem; detail: string };

const NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?/g;
const SPELLED_OFFER =
  /\b(?:a |one )?(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|half)\b[\s-]*(?:percent|per cent|%|off\b|dollars?\b|euros?\b|pounds?\b|free months?\b|months? free\b)/i;
const CONTACT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}|\bhttps?:\/\/|\bwww\./i;

/** Every number written with digits in `text` ("1,000" → 1000, "$29.85" → 29.85). */
export function numbersIn(text: string): number[] {
  return Array.from(text.matchAll(NUMBER), (m) => Number(m[0].replace(/,/g, "")));
}

/**
 * Checks the LLM's reply: JSON (a fenced ```json block is accepted), the schema (action and a
 * message of at most 280 characters, nothing else), an action from the eligible list, no number
 * that is not in the facts (no invented discounts or percentages, in digits or spelled out), and no
 * links or e-mail addresses.
 *
 * @example
 * checkLlmAnswer('{"action":"autopay-setup","message":"Save 20% with autopay!"}', { eligible: ["autopay-setup"], factsText: "{}" });
 * // → { ok: false, problem: "invented-number", detail: "20" }
 */
export function checkLlmAnswer(
  text: string,
  options: { eligible: readonly string[]; factsText: string },
): LlmAnswerCheck {
  const body = text
    .trim()
    .replace(/^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i, "$1")
    .trim();
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: "malformed-json", detail: `not JSON (${body.length} characters)` };
  }
  const parsed = llmAnswerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: "schema", detail: `${issue.path.join(".") || "root"}: ${issue.message}` };
  }
  const answer = parsed.data;
  if (!options.eligible.includes(answer.action)) {
    return {
      ok: false,
      problem: "not-eligible",
      detail: `action ${JSON.stringify(answer.action.slice(0, 64))}`,
    };
  }
  const allowed = new Set(numbersIn(options.factsText));
  const invented = numbersIn(answer.message).filter((n) => !allowed.has(n));
  if (invented.length) return { ok: false, problem: "invented-number", detail: invented.join(", ") };
  const spelled = SPELLED_OFFER.exec(answer.message);
  if (spelled) return { ok: false, problem: "invented-number", detail: spelled[0].trim().toLowerCase() };
  if (CONTACT.test(answer.message))
    return { ok: false, problem: "contact-detail", detail: "a link or e-mail address" };
  return { ok: true, answer };
}
