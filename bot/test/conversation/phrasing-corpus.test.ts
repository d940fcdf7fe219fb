// The phrasing corpus (phrasing-corpus.ts) through the deterministic parser: at least 90% of the
// phrasings read as their expected intent, and every unsupported one is answered with a suggestion
// (the `unclear` menu), never an answer to another question. Prints the share understood.
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createRuleNudgeEngine } from "../../../core/src/index.ts";
import { readDatasetContract } from "../../../core/src/data/index.ts";
import { ACCOUNTS_CONTRACT } from "../../../core/test/fixtures/accounts-workspace.ts";
import {
  answer,
  catalogFromContract,
  parseIntent,
  presetCatalog,
  type ConversationCatalog,
  type CustomerFilter,
  type Intent,
} from "../../conversation/index.ts";
import { ASKED_AT, silentLogger } from "../fixtures/conversation-fixture.ts";
import { startFakeQuestionLlm } from "../fixtures/fake-question-llm.ts";
import { createChatClient } from "../../../core/src/nudges/index.ts";
import { createQuestionTranslator, normalizeMessage } from "../../conversation/index.ts";
import { readQuestion } from "../../conversation/parse-with-llm.ts";
import { redact } from "../../conversation/translate-question.ts";
import {
  LLM_ANSWERS,
  PHRASING_CORPUS,
  type CorpusCatalog,
  type ExpectedIntent,
  type Phrasing,
} from "./phrasing-corpus.ts";

let catalogs: Record<CorpusCatalog, ConversationCatalog>;

beforeAll(async () => {
  catalogs = {
    simulated: presetCatalog("simulated"),
    accounts: catalogFromContract(await readDatasetContract(ACCOUNTS_CONTRACT)),
  };
});

const parse = (p: Phrasing): Intent =>
  parseIntent(p.text, p.catalog === "simulated" ? {} : { catalog: catalogs[p.catalog] });

/** Filters in one order, values sorted: two readings with the same conditions compare equal. */
const canonical = (filters: readonly CustomerFilter[]) =>
  filters
    .map((f) => JSON.stringify("values" in f ? { ...f, values: [...f.values].map(String).sort() } : f))
    .sort();

/** Whether `intent` is the reading `expected` asks for (the suggestion menu for unsupported ones). */
function understood(intent: Intent, expected: ExpectedIntent | "unsupported"): boolean {
  if (expected === "unsupported") return intent.kind === "unclear" && intent.options.length > 0;
  if (intent.kind !== expected.kind) return false;
  const got = intent as unknown as Record<string, unknown>;
  // "my accounts" is not "the accounts": the scope must match too (issue 20).
  if ((got.scope ?? null) !== ((expected as { scope?: string }).scope ?? null)) return false;
  switch (expected.kind) {
    case "unclear":
      return (
        intent.kind === "unclear" &&
        expected.mentions.every((m) => intent.options.some((o) => o.toLowerCase().includes(m)))
      );
    case "top-at-risk":
      return (
        got.limit === (expected.limit ?? 10) &&
        got.rankBy === (expected.rankBy ?? "revenue") &&
        JSON.stringify(canonical(got.filters as CustomerFilter[])) ===
          JSON.stringify(canonical(expected.filters ?? []))
      );
    case "compare":
      return (
        intent.kind === "compare" &&
        (expected.experiment ?? null) === intent.experiment &&
        intent.sides.every(
          (side, i) =>
            JSON.stringify(canonical(side.filters)) === JSON.stringify(canonical(expected.sides[i])),
        )
      );
    case "changes":
    case "export":
      return JSON.stringify(intent) === JSON.stringify(expected);
    case "follow-segment":
    case "alert-segment":
    case "unfollow-segment": {
      const { filters, ...rest } = expected;
      return (
        JSON.stringify(canonical(got.filters as CustomerFilter[])) === JSON.stringify(canonical(filters)) &&
        Object.entries(rest).every(([k, v]) => got[k] === v)
      );
    }
    case "count":
      return (
        got.measure === expected.measure &&
        JSON.stringify(canonical(got.filters as CustomerFilter[])) ===
          JSON.stringify(canonical(expected.filters ?? []))
      );
    default:
      return Object.entries(expected).every(([k, v]) => got[k] === v);
  }
}

describe("the phrasing corpus", () => {
  it("holds at least 200 phrasings over two contracts", () => {
    expect(PHRASING_CORPUS.length).toBeGreaterThanOrEqual(200);
    expect(new Set(PHRASING_CORPUS.map((p) => `${p.catalog}:${p.text}`)).size).toBe(PHRASING_CORPUS.length);
    expect(PHRASING_CORPUS.some((p) => p.catalog === "accounts")).toBe(true);
  });

  it("reads at least 90% of the phrasings as intended (deterministic parser, no LLM)", () => {
    const misses = PHRASING_CORPUS.filter((p) => !understood(parse(p), p.expect));
    const share = 1 - misses.length / PHRASING_CORPUS.length;
    console.log(
      `phrasing corpus: ${PHRASING_CORPUS.length - misses.length}/${PHRASING_CORPUS.length} understood (${(share * 100).toFixed(1)}%) without an LLM` +
        (misses.length
          ? `\nnot understood:\n${misses.map((p) => `  [${p.catalog}] ${JSON.stringify(p.text)} → ${JSON.stringify(parse(p))}`).join("\n")}`
          : ""),
    );
    expect(share).toBeGreaterThanOrEqual(0.9);
  });

  it("with a (fake) LLM for what the parser does not understand: more understood, and every miss still a menu", async () => {
    const llm = await startFakeQuestionLlm(
      Object.fromEntries(
        [...LLM_ANSWERS].map(([key, answer]) => [
          redact(normalizeMessage(key.slice(key.indexOf(":") + 1))),
          answer,
        ]),
      ),
    );
    try {
      const translate = createQuestionTranslator({
        chat: createChatClient({ baseUrl: llm.url, apiKey: "test", model: "fake/translator", maxRetries: 0 }),
      });
      const demoExperiment = { column: "variant", key: "nudge-strategy-2026" };
      let without = 0;
      let withLlm = 0;
      const misleading: string[] = [];
      for (const p of PHRASING_CORPUS) {
        if (understood(parse(p), p.expect)) without++;
        const context = {
          catalog: catalogs[p.catalog],
          experiment: p.catalog === "simulated" ? demoExperiment : null,
        };
        const { intent, via } = await readQuestion(p.text, context, { translate });
        if (understood(intent, p.expect)) withLlm++;
        // A translation is answered only when right; a wrong one (prose, an unknown column) stays a menu.
        else if (
          via === "llm" ||
          (p.expect !== "unsupported" && intent.kind !== "unclear" && intent.kind !== "invalid")
        )
          misleading.push(`[${p.catalog}] ${JSON.stringify(p.text)} → ${JSON.stringify(intent)}`);
      }
      const share = (n: number) =>
        `${n}/${PHRASING_CORPUS.length} (${((n / PHRASING_CORPUS.length) * 100).toFixed(1)}%)`;
      console.log(
        `phrasing corpus: ${share(without)} understood without an LLM, ${share(withLlm)} with the (fake) LLM`,
      );
      expect(misleading).toEqual([]);
      expect(withLlm).toBeGreaterThan(without);
      expect(withLlm / PHRASING_CORPUS.length).toBeGreaterThanOrEqual(0.98);
      // Only messages the parser answered with a menu went to the LLM.
      expect(llm.calls.length).toBeLessThanOrEqual(
        PHRASING_CORPUS.filter((p) => parse(p).kind === "unclear").length,
      );
    } finally {
      await llm.close();
    }
  });

  it("answers every unsupported phrasing with a menu of suggestions, never another answer", async () => {
    const services = {
      snapshot: () => undefined,
      model: () => undefined,
      nudges: createRuleNudgeEngine(),
      experiments: DEFAULT_EXPERIMENT_CONFIG,
      clock: () => ASKED_AT,
      log: silentLogger(),
    };
    const unsupported = PHRASING_CORPUS.filter((p) => p.expect === "unsupported");
    expect(unsupported.length).toBeGreaterThanOrEqual(20);
    const wrong: string[] = [];
    for (const p of unsupported) {
      const intent = parse(p);
      const reply = await answer(intent, services);
      if (intent.kind !== "unclear" || reply.kind !== "menu" || !reply.menu?.length)
        wrong.push(`[${p.catalog}] ${JSON.stringify(p.text)} → ${JSON.stringify(intent)}`);
    }
    expect(wrong).toEqual([]);
  });
});
