import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseDatasetContractText } from "../../src/data/read-dataset-contract.ts";
import { createAnswerCache } from "../../src/nudges/answer-cache.ts";
import { createChatClient, DEFAULT_LLM_MODEL } from "../../src/nudges/chat-client.ts";
import { createCircuitBreaker } from "../../src/nudges/circuit-breaker.ts";
import { contractNudgeFacts } from "../../src/nudges/contract-nudge-facts.ts";
import { CONTRACT_NUDGE_SYSTEM_PROMPT } from "../../src/nudges/contract-nudge-prompt.ts";
import {
  createLlmContractNudgeEngine,
  type LlmContractEngineOptions,
} from "../../src/nudges/llm-contract-nudge-engine.ts";
import { chooseContractRuleNudge } from "../../src/nudges/rule-contract-nudge-engine.ts";
import { ACCOUNTS_CONTRACT_YAML } from "../fixtures/accounts-cv.ts";
import { account, accountFacts, explained } from "./contract-facts.ts";

// The real client (Node's fetch) against nock 14; no request may leave the machine.
const BASE = "https://llm.example.test/v1";
const KEY = "tgp_v1_test0123456789abcdef";
const onDemand = { trigger: "on-demand" as const };

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

function engine(
  options: Partial<LlmContractEngineOptions> & { timeoutMs?: number; maxRetries?: number } = {},
) {
  const chat = createChatClient({
    baseUrl: BASE,
    apiKey: KEY,
    model: DEFAULT_LLM_MODEL,
    timeoutMs: options.timeoutMs ?? 4000,
    maxRetries: options.maxRetries ?? 2,
    random: () => 0.5,
    sleep: async () => {},
  });
  const warnings: Record<string, unknown>[] = [];
  const e = createLlmContractNudgeEngine({
    chat,
    logger: { warn: (o) => void warnings.push(o) },
    ...options,
  });
  return { engine: e, warnings };
}

type Body = { model: string; messages: { role: string; content: string }[]; response_format: unknown };

describe("createLlmContractNudgeEngine over the real HTTP client", () => {
  it("lets the LLM choose among the offerable actions and word the message, then caches by facts", async () => {
    let body: Body | undefined;
    const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .post("/chat/completions", (b) => ((body = b), true))
      .reply(200, answer("offer-2", "A voice mail plan means you never miss a message. Shall we add it?"));
    const { engine: e } = engine();
    const facts = accountFacts("High");
    const nudge = await e.decide(facts, onDemand);
    expect(scope.isDone()).toBe(true);
    expect(nudge).toMatchObject({
      actionId: "offer-what-if",
      title: "Best action: offer a voice mail plan",
      channel: "csm-call",
      offer: { column: "voice_mail_plan", action: "offer a voice mail plan" },
      message: "A voice mail plan means you never miss a message. Shall we add it?",
      engine: "llm",
      llmModel: DEFAULT_LLM_MODEL,
      fallbackReason: null,
      experiment: null,
      alternatives: ["move off the international plan"],
    });
    expect(nudge.reasons.find((r) => r.kind === "rank")?.text).toBe(
      "removes 0.31 log-odds of risk, not the most among 2 offerable actions",
    );
    expect(nudge.reasons.at(-1)).toEqual({
      kind: "engine",
      rule: "engine:llm",
      text: `worded by ${DEFAULT_LLM_MODEL}, which chose among 2 offerable actions`,
    });
    expect(body!.model).toBe(DEFAULT_LLM_MODEL);
    expect(body!.response_format).toEqual({ type: "json_object" });
    expect(body!.messages[0]).toEqual({ role: "system", content: CONTRACT_NUDGE_SYSTEM_PROMPT });
    expect(JSON.parse(body!.messages[1].content)).toEqual({
      riskBand: "High",
      churnProbabilityPercent: 62,
      purpose: "offer the customer the change from eligibleActions that would help them most",
      channel: "csm-call",
      drivers: [
        { factor: "on the international plan", effect: "raises risk" },
        { factor: "4 customer service calls", effect: "raises risk" },
        { factor: "265.1 day minutes", effect: "raises risk" },
        { factor: "no voice mail plan", effect: "raises risk" },
        { factor: "Account length 120", effect: "lowers risk" },
      ],
      eligibleActions: [
        {
          id: "offer-1",
          title: "move off the international plan",
          expectedEffect: "move off the international plan: 62% → 35%",
        },
        {
          id: "offer-2",
          title: "offer a voice mail plan",
          expectedEffect: "offer a voice mail plan: 62% → 55%",
        },
      ],
    });
    // Same facts again: answered from the cache, no request (the network is closed).
    const again = await e.decide(structuredClone(facts), onDemand);
    expect(again).toMatchObject({ engine: "llm", offer: { column: "voice_mail_plan" } });
    expect(again.reasons.at(-1)).toMatchObject({ rule: "engine:llm-cached" });
  });

  it("words a check-in when there is nothing to offer (the only choice is the rule)", async () => {
    let body: Body | undefined;
    nock(BASE)
      .post("/chat/completions", (b) => ((body = b), true))
      .reply(
        200,
        answer("csm-check-in", "How are things going? I'd love to hear what would make your service better."),
      );
    const { engine: e } = engine();
    const nudge = await e.decide(accountFacts("Medium", { whatIf: "none" }), onDemand);
    expect(nudge).toMatchObject({ actionId: "csm-check-in", channel: "email", offer: null, engine: "llm" });
    expect(JSON.parse(body!.messages[1].content).eligibleActions).toEqual([
      { id: "csm-check-in", title: "Check in on what raises risk" },
    ]);
  });

  it("never sends the id, the owner, the arm, free text or a simulated value", async () => {
    const contract = parseDatasetContractText(
      `${ACCOUNTS_CONTRACT_YAML}owner: { column: csm_email }
experiment: { column: campaign, key: winter-retention, arms: [control, call-first], control: control }
simulate: { columns: [number_customer_service_calls] }
`,
      "accounts-everything.yaml",
    );
    const row = account({
      campaign: "call-first",
      csm_email: "jane.doe@example.com",
      notes: "VIP: call Jane",
    });
    const risk = {
      ...explained("High"),
      drivers: [...explained("High").drivers, { source: "notes", label: "notes", value: 0.3 }],
    };
    const facts = contractNudgeFacts(contract, row, risk);
    expect(facts.experiment).toEqual({ key: "winter-retention", arm: "call-first" });
    const bodies: string[] = [];
    nock(BASE)
      .post("/chat/completions", (b) => (bodies.push(JSON.stringify(b)), true))
      .times(2)
      .reply(200, answer("offer-1", "Let's find a plan that fits the way you call."));
    const { engine: e } = engine();
    await e.decide(facts, onDemand);
    await e.decide(facts, { trigger: "login" });
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body).not.toMatch(/ACC-20931|20931|jane|example\.com|csm_email|VIP|notes/i);
      expect(body).not.toMatch(/call-first|winter-retention|campaign/);
      expect(body).not.toMatch(/customer service calls/); // simulated: never stated as fact
      expect(body).not.toMatch(/82\.5|monthly/i); // the revenue column is not a driver here
      expect(body).toContain("265.1 day minutes"); // the facts did go out
    }
  });

  it.each([
    [
      "malformed JSON",
      reply("Sure! {action: offer-1}"),
      "llm-answer-malformed-json: not JSON (23 characters)",
    ],
    [
      "a schema violation",
      answer("offer-1", "x".repeat(300)),
      "llm-answer-schema: message: Too big: expected string to have <=280 characters",
    ],
    [
      "an action of the simulator's catalogue",
      answer("contract-upgrade", "Lock in your price."),
      'llm-answer-not-eligible: action "contract-upgrade"',
    ],
    [
      "an invented discount",
      answer("offer-1", "Drop the international plan and get 20% off!"),
      "llm-answer-invented-number: 20",
    ],
    [
      "a revenue figure that is not in the facts",
      answer("offer-1", "Keep paying just $82.50 with a plan that fits."),
      "llm-answer-invented-number: 82.5",
    ],
  ])("falls back to the generic rule engine on %s, recording why", async (_name, body, reason) => {
    const scope = nock(BASE).post("/chat/completions").reply(200, body);
    const { engine: e, warnings } = engine();
    const facts = accountFacts("High");
    const nudge = await e.decide(facts, onDemand);
    expect(scope.isDone()).toBe(true);
    expect(nudge).toEqual(chooseContractRuleNudge(facts, onDemand, {}, reason));
    expect(nudge).toMatchObject({ engine: "rules", llmModel: null, actionId: "offer-what-if" });
    expect(nudge.reasons.at(-1)).toEqual({
      kind: "engine",
      rule: "engine:rules-fallback",
      text: `rule engine (LLM not used: ${reason})`,
    });
    expect(warnings).toHaveLength(1);
  });

  it("gives up within the time budget and falls back on a timeout", async () => {
    nock(BASE).post("/chat/completions").delay(2000).reply(200, answer("offer-1", "late"));
    const { engine: e } = engine({ timeoutMs: 150 });
    const nudge = await e.decide(accountFacts("Medium"), onDemand);
    expect(nudge).toMatchObject({
      engine: "rules",
      fallbackReason: "llm-timeout",
      actionId: "offer-what-if",
      channel: "email",
    });
  });

  it("opens the circuit after a failure and stops calling", async () => {
    const breaker = createCircuitBreaker({ failureThreshold: 1, openMs: 60_000, clock: () => 0 });
    const scope = nock(BASE).post("/chat/completions").reply(500, "boom");
    const { engine: e } = engine({ breaker, maxRetries: 0 });
    expect((await e.decide(accountFacts("Low"), onDemand)).fallbackReason).toBe("llm-server-error");
    expect(scope.isDone()).toBe(true);
    const nudge = await e.decide(accountFacts("Low"), onDemand);
    expect(nudge).toMatchObject({ fallbackReason: "llm-circuit-open", actionId: "stay-in-touch" });
  });

  it("is off without a key: the generic rule engine answers and says why, with no request", async () => {
    const e = createLlmContractNudgeEngine({
      chat: null,
      offReason: "LLM_API_KEY is not set",
      cache: createAnswerCache(),
    });
    const nudge = await e.decide(accountFacts("High", { whatIf: "none" }), onDemand);
    expect(nudge).toMatchObject({
      engine: "rules",
      actionId: "csm-check-in",
      fallbackReason: "llm-off: LLM_API_KEY is not set",
    });
  });
});
