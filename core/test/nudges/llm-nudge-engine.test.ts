import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Customer } from "../../src/data/schema.ts";
import { createAnswerCache } from "../../src/nudges/answer-cache.ts";
import { createChatClient, DEFAULT_LLM_MODEL } from "../../src/nudges/chat-client.ts";
import { createCircuitBreaker } from "../../src/nudges/circuit-breaker.ts";
import { createLlmNudgeEngine, type LlmEngineOptions } from "../../src/nudges/llm-nudge-engine.ts";
import { nudgeFacts } from "../../src/nudges/nudge-facts.ts";
import { customer } from "../fixtures/customer.ts";
import { facts, RISKY } from "./facts.ts";

// The real client (Node's fetch) against nock 14; no request may leave the machine.
const BASE = "https://llm.example.test/v1";
const KEY = "tgp_v1_test0123456789abcdef";
const context = { experimentKey: "nudge-strategy-2026", trigger: "on-demand" as const };

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

const reply = (content: string) => ({
  id: "cmpl-1",
  object: "chat.completion",
  model: DEFAULT_LLM_MODEL,
  choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
});
const answer = (action: string, message: string) => reply(JSON.stringify({ action, message }));

function engine(options: Partial<LlmEngineOptions> & { timeoutMs?: number; maxRetries?: number } = {}) {
  const sleeps: number[] = [];
  const chat = createChatClient({
    baseUrl: BASE,
    apiKey: KEY,
    model: DEFAULT_LLM_MODEL,
    timeoutMs: options.timeoutMs ?? 4000,
    maxRetries: options.maxRetries ?? 2,
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
  });
  const warnings: Record<string, unknown>[] = [];
  const e = createLlmNudgeEngine({
    chat,
    logger: { warn: (o) => void warnings.push(o) },
    ...options,
  });
  return { engine: e, sleeps, warnings };
}

describe("createLlmNudgeEngine over the real HTTP client", () => {
  it("uses the LLM's eligible choice and message, sends the key and model, and caches by facts", async () => {
    let body:
      { model: string; messages: { role: string; content: string }[]; response_format: unknown } | undefined;
    const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .post("/chat/completions", (b) => ((body = b), true))
      .reply(
        200,
        answer("autopay-setup", "Switch to automatic card payments and never think about a due date again."),
      );
    const { engine: e } = engine();
    const f = facts({ variant: "B" });
    const nudge = await e.decide(f, context);
    expect(scope.isDone()).toBe(true);
    expect(nudge).toMatchObject({
      actionId: "autopay-setup",
      engine: "llm",
      llmModel: DEFAULT_LLM_MODEL,
      fallbackReason: null,
      message: "Switch to automatic card payments and never think about a due date again.",
      channel: "email",
      strategy: "retention",
    });
    expect(nudge.reasons.map((r) => r.rule)).toContain("driver:PaymentMethod");
    expect(nudge.reasons.at(-1)).toMatchObject({ rule: "engine:llm" });
    expect(body!.model).toBe(DEFAULT_LLM_MODEL);
    expect(body!.response_format).toEqual({ type: "json_object" });
    const sent = JSON.parse(body!.messages[1].content);
    expect(sent).toMatchObject({
      persona: "Analyst",
      plan: "Standard",
      riskBand: "High",
      churnProbabilityPercent: 71,
      variant: "B",
    });
    expect(sent.eligibleActions[0]).toEqual({
      id: "contract-upgrade",
      title: "Offer a longer contract",
      category: "contract",
      channel: "csm-call",
      expectedEffect: "switch to a one-year contract: 71% → 43%",
    });
    // Same facts again: answered from the cache, no request (the network is closed).
    const again = await e.decide(structuredClone(f), context);
    expect(again).toMatchObject({ engine: "llm", actionId: "autopay-setup" });
    expect(again.reasons.at(-1)).toMatchObject({ rule: "engine:llm-cached" });
  });

  it.each([
    [
      "malformed JSON",
      reply("Sure! Here is your nudge: {action: autopay-setup}"),
      "llm-answer-malformed-json: not JSON (49 characters)",
    ],
    [
      "a schema violation",
      answer("autopay-setup", "x".repeat(300)),
      "llm-answer-schema: message: Too big: expected string to have <=280 characters",
    ],
    [
      "an ineligible action",
      answer("free-phone", "Here is a free phone."),
      'llm-answer-not-eligible: action "free-phone"',
    ],
    [
      "an invented number",
      answer("autopay-setup", "Switch to autopay today and get 15% off your next bill!"),
      "llm-answer-invented-number: 15",
    ],
  ])("falls back to the rule engine on %s, recording why", async (_name, body, reason) => {
    const scope = nock(BASE).post("/chat/completions").reply(200, body);
    const { engine: e, warnings } = engine();
    const nudge = await e.decide(facts({ variant: "B" }), context);
    expect(scope.isDone()).toBe(true);
    expect(nudge).toMatchObject({
      engine: "rules",
      llmModel: null,
      fallbackReason: reason,
      actionId: "contract-upgrade",
    });
    expect(nudge.reasons.at(-1)).toEqual({
      kind: "engine",
      rule: "engine:rules-fallback",
      text: `rule engine (LLM not used: ${reason})`,
    });
    expect(warnings).toHaveLength(1);
  });

  it("retries a 429 after its Retry-After, then uses the answer", async () => {
    const scope = nock(BASE)
      .post("/chat/completions")
      .reply(429, { error: "slow down" }, { "Retry-After": "1" })
      .post("/chat/completions")
      .reply(503, "unavailable")
      .post("/chat/completions")
      .reply(200, answer("contract-upgrade", "Lock in your price with a one-year contract."));
    const { engine: e, sleeps } = engine();
    const nudge = await e.decide(facts({ variant: "B" }), context);
    expect(scope.isDone()).toBe(true);
    expect(nudge).toMatchObject({ engine: "llm", actionId: "contract-upgrade", channel: "csm-call" });
    // Retry-After: 1 s; then full jitter at u = 0.5 below 250·2 ms.
    expect(sleeps).toEqual([1000, 250]);
  });

  it("gives up within the time budget and falls back on a timeout", async () => {
    nock(BASE).post("/chat/completions").delay(2000).reply(200, answer("autopay-setup", "late"));
    const { engine: e } = engine({ timeoutMs: 150 });
    const nudge = await e.decide(facts({ variant: "B" }), context);
    expect(nudge).toMatchObject({ engine: "rules", fallbackReason: "llm-timeout" });
  });

  it("does not wait for a Retry-After longer than the budget", async () => {
    nock(BASE).post("/chat/completions").reply(429, {}, { "Retry-After": "30" });
    const { engine: e, sleeps } = engine();
    const nudge = await e.decide(facts({ variant: "B" }), context);
    expect(nudge.fallbackReason).toBe("llm-rate-limited");
    expect(sleeps).toEqual([]);
  });

  it("opens the circuit after repeated 500s, stops calling, and tries again after the open time", async () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 2, openMs: 60_000, clock: () => now });
    const scope = nock(BASE).post("/chat/completions").times(4).reply(500, "boom");
    const { engine: e } = engine({ breaker, maxRetries: 1 });
    const f = facts({ variant: "B" });
    expect((await e.decide(f, context)).fallbackReason).toBe("llm-server-error");
    expect((await e.decide(f, context)).fallbackReason).toBe("llm-server-error");
    expect(scope.isDone()).toBe(true); // 2 calls × (1 try + 1 retry)
    expect(breaker.state).toBe("open");
    // Open: no request goes out (one would fail as llm-network: the network is closed).
    expect((await e.decide(f, context)).fallbackReason).toBe("llm-circuit-open");
    now = 60_000;
    const trial = nock(BASE)
      .post("/chat/completions")
      .reply(200, answer("autopay-setup", "Pay automatically, worry less."));
    expect(await e.decide(f, context)).toMatchObject({ engine: "llm", actionId: "autopay-setup" });
    expect(trial.isDone()).toBe(true);
    expect(breaker.state).toBe("closed");
  });

  it("never puts the customer ID or an e-mail address in the prompt", async () => {
    const bodies: string[] = [];
    nock(BASE)
      .post("/chat/completions", (b) => (bodies.push(JSON.stringify(b)), true))
      .times(2)
      .reply(200, answer("autopay-setup", "Pay automatically, worry less."));
    // Free text smuggled into the record is not part of the facts' allow-list.
    const smuggled = {
      ...customer({ customerID: "7590-VHVEG", variant: "B" }),
      email: "jane.doe@example.com",
      notes: "call jane.doe@example.com about 7590-VHVEG",
    } as Customer;
    const { engine: e } = engine();
    await e.decide(nudgeFacts(smuggled, RISKY, "B"), context);
    await e.decide(nudgeFacts(customer({ customerID: "0002-ORFBO", tenure: 9, variant: "B" }), RISKY, "B"), {
      ...context,
      trigger: "login",
    });
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body).not.toMatch(/VHVEG|ORFBO|7590|0002/);
      expect(body).not.toMatch(/@|jane|example\.com|notes/i);
      expect(body).toContain("Analyst"); // the facts did go out
    }
  });

  it("is off without a key: the rule engine answers and says why, with no request", async () => {
    const e = createLlmNudgeEngine({
      chat: null,
      offReason: "LLM_API_KEY is not set",
      cache: createAnswerCache(),
    });
    const nudge = await e.decide(facts({ variant: "B" }), context);
    expect(nudge).toMatchObject({ engine: "rules", fallbackReason: "llm-off: LLM_API_KEY is not set" });
  });

  it("reports an HTTP 401 as unauthorized without retrying", async () => {
    const scope = nock(BASE).post("/chat/completions").reply(401, { error: "bad key" });
    const { engine: e, sleeps } = engine();
    expect((await e.decide(facts({ variant: "B" }), context)).fallbackReason).toBe("llm-unauthorized");
    expect(scope.isDone()).toBe(true);
    expect(sleeps).toEqual([]);
  });
});
