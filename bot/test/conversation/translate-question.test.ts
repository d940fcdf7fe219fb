// Questions the parser does not understand, translated by an LLM (a local fake OpenAI-compatible
// endpoint): only JSON that passes the intent schema and the catalogue is answered — the numbers
// always come from the snapshot; anything else leaves the parser's menu (what was not understood,
// and questions to ask). No customer ID, e-mail or link reaches the endpoint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatClient } from "../../../core/src/nudges/index.ts";
import {
  createQuestionTranslator,
  presetCatalog,
  respond,
  type ConversationServices,
  type QuestionTranslator,
} from "../../conversation/index.ts";
import { conversationFixture, type ConversationFixture } from "../fixtures/conversation-fixture.ts";
import { startFakeQuestionLlm, type FakeQuestionLlm } from "../fixtures/fake-question-llm.ts";
import { expectGoldenText } from "./golden-text.ts";

const PREMIUM_VS_FREE = "how are the premium folks doing next to the free ones";
let llm: FakeQuestionLlm;
let fixture: ConversationFixture;
let translator: QuestionTranslator;
let services: ConversationServices;

beforeAll(async () => {
  llm = await startFakeQuestionLlm({
    [PREMIUM_VS_FREE]: {
      kind: "compare",
      sides: [
        { label: "premium", filters: [{ column: "plan", op: "in", values: ["premium"] }] },
        { label: "free", filters: [{ column: "planTier", op: "in", values: ["Free"] }] },
      ],
    },
    "gimme everyone on month to month in a sheet":
      "```json\n" +
      JSON.stringify({
        kind: "export",
        list: {
          kind: "top-at-risk",
          filters: [{ column: "contract", op: "in", values: ["month-to-month"] }],
        },
      }) +
      "\n```",
    "how many folks are on the platinum plan": {
      kind: "count",
      measure: "customers",
      filters: [{ column: "plan", op: "in", values: ["Platinum"] }],
    },
    "churn among people with a pet unicorn": {
      kind: "count",
      measure: "churn-rate",
      filters: [{ column: "unicorn", op: "in", values: ["yes"] }],
    },
    "what do you reckon about churn": "I think churn is about 12% this quarter.",
    "tell me a number": { kind: "count", measure: "customers", filters: [], answer: 4200 },
  });
  translator = createQuestionTranslator({
    chat: createChatClient({ baseUrl: llm.url, apiKey: "test-key", model: "fake/translator", maxRetries: 0 }),
  });
  fixture = await conversationFixture({ trainRows: 600 });
  services = { ...fixture.services(), translate: translator };
}, 120_000);
afterAll(async () => {
  await llm?.close();
  await fixture?.close();
});

const ask = (text: string, s = services) => respond(text, { id: "U1", surface: "terminal" }, s);
const demo = () => presetCatalog("simulated");

describe("translateQuestion", () => {
  it("valid JSON becomes the parser's own intent, in stored column names and values", async () => {
    expect(await translator.translate(PREMIUM_VS_FREE, demo(), null)).toEqual({
      ok: true,
      intent: {
        kind: "compare",
        sides: [
          { label: "premium", filters: [{ column: "planTier", op: "in", values: ["Premium"] }] },
          { label: "free", filters: [{ column: "planTier", op: "in", values: ["Free"] }] },
        ],
        experiment: null,
      },
    });
    const fenced = await translator.translate("gimme everyone on month to month in a sheet", demo(), null);
    expect(fenced).toMatchObject({
      ok: true,
      intent: {
        kind: "export",
        list: {
          kind: "top-at-risk",
          limit: null,
          filters: [{ column: "Contract", values: ["Month-to-month"] }],
        },
      },
    });
  });

  it("refuses unknown values and columns, prose, extra fields and a failing endpoint", async () => {
    expect(await translator.translate("how many folks are on the platinum plan", demo(), null)).toMatchObject(
      {
        ok: false,
        reason: "invalid-intent",
      },
    );
    expect(await translator.translate("churn among people with a pet unicorn", demo(), null)).toMatchObject({
      ok: false,
      reason: "invalid-intent",
      detail: 'unknown column: "unicorn"',
    });
    expect(await translator.translate("what do you reckon about churn", demo(), null)).toMatchObject({
      ok: false,
      reason: "malformed-json",
    });
    // A number of the LLM's own is no field of any intent: the strict schema refuses it.
    expect(await translator.translate("tell me a number", demo(), null)).toMatchObject({
      ok: false,
      reason: "invalid-intent",
    });
    llm.status = 503;
    try {
      expect(await translator.translate(PREMIUM_VS_FREE, demo(), null)).toMatchObject({
        ok: false,
        reason: "llm-error",
      });
    } finally {
      llm.status = 200;
    }
  });

  it("sends the catalogue's columns, but no customer ID, e-mail address or link", async () => {
    llm.calls.length = 0;
    await translator.translate(
      "is 7590-VHVEG (ask bob@example.com, https://crm.example/x) ok in 2026-11-14 after 3 days",
      demo(),
      null,
    );
    const [call] = llm.calls;
    expect(call.messages[1].content).toBe("is <id> (ask <email>, <link>) ok in 2026-11-14 after 3 days");
    expect(call.messages[0].content).toContain("- planTier (plan; category): Free | Standard | Premium");
  });
});

describe("respond with an LLM", () => {
  it("answers a translated question from the snapshot and says how it was read", async () => {
    const reply = await ask(PREMIUM_VS_FREE);
    const typed = await ask("compare plan=Premium and plan=Free");
    expect(reply.kind).toBe("compare");
    expect(reply.table).toEqual(typed.table);
    expect(reply.sections[0]).toEqual({
      title: "Read as",
      lines: [
        'Read as: "compare plan=Premium plan=Free" (translated by the LLM; every number is computed from the snapshot)'.replace(
          "plan=Premium plan=Free",
          "plan=Premium and plan=Free",
        ),
      ],
    });
    expect(reply.audit.shown.parser).toBe("llm");
    await expectGoldenText("llm-read-as", reply.text.split("\n")[0]);
  });

  it("an invalid translation leaves the menu: what was not understood, and questions to ask", async () => {
    const reply = await ask("how many folks are on the platinum plan");
    expect(reply.kind).toBe("menu");
    expect(reply.title).toContain('I did not understand "how many folks are on the platinum plan"');
    expect(reply.audit.shown.parser).toBe("parser; llm: invalid-intent");
    const without = await ask("how many folks are on the platinum plan", fixture.services());
    expect(without.kind).toBe("menu");
    expect(without.audit.shown.parser).toBeUndefined();
  });

  it("never sends what the parser understood, nor a menu of readings of an ambiguous message", async () => {
    llm.calls.length = 0;
    await ask("top at-risk 5");
    await ask("top at-risk support>5");
    expect(llm.calls).toEqual([]);
  });
});
