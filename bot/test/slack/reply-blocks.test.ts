// The Block Kit renderer over real replies (a model trained and a snapshot scored in-process, with
// a fixed snapshot ID and clock), one golden per reply kind, and Slack's limits checked on every
// message, including a reply built to break all of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { respond, type ConversationServices, type Reply } from "../../conversation/index.ts";
import { replyBlocks, SLACK_LIMITS, type SlackMessage } from "../../slack/index.ts";
import { conversationFixture, type ConversationFixture } from "../fixtures/conversation-fixture.ts";
import { expectGoldenJson } from "./golden-json.ts";

let fx: ConversationFixture;
let services: ConversationServices;
let riskiest: string;
const asker = { id: "U0TEST", surface: "slack" as const };
const ask = (text: string, s = services) => respond(text, asker, s);

beforeAll(async () => {
  fx = await conversationFixture({ trainRows: 1500, seed: 42 });
  services = fx.services();
  const ids = fx.snapshot.table.array("customerID") as string[];
  const p = fx.snapshot.table.array("probability") as Float64Array;
  let best = 0;
  for (let i = 1; i < ids.length; i++) if (p[i] > p[best]) best = i;
  riskiest = ids[best];
});
afterAll(async () => {
  await fx?.close();
});

type Block = Record<string, unknown> & { type: string };
type Text = { type: string; text: string };

/** Every limit Slack enforces on a message we build; returns the breaches (none expected). */
function breaches(message: SlackMessage, maxBlocks: number = SLACK_LIMITS.messageBlocks): string[] {
  const out: string[] = [];
  const L = SLACK_LIMITS;
  const blocks = message.blocks as unknown as Block[];
  if (!message.text.trim()) out.push("empty fallback text");
  if (message.text.length > L.fallbackText) out.push(`fallback text ${message.text.length}`);
  if (blocks.length > maxBlocks) out.push(`${blocks.length} blocks`);
  const actionIds = new Set<string>();
  blocks.forEach((b, i) => {
    const at = `block ${i} (${b.type})`;
    if (b.type === "header" && (b.text as Text).text.length > L.header) out.push(`${at}: header too long`);
    if (b.type === "section") {
      const text = b.text as Text | undefined;
      const fields = b.fields as Text[] | undefined;
      if (!text && !fields?.length) out.push(`${at}: no text or fields`);
      if (text && (text.text.length > L.text || !text.text.trim()))
        out.push(`${at}: text ${text.text.length}`);
      if (fields && fields.length > L.fields) out.push(`${at}: ${fields.length} fields`);
      for (const f of fields ?? [])
        if (f.text.length > L.fieldText) out.push(`${at}: field ${f.text.length}`);
      if (text && (text.text.match(/```/g)?.length ?? 0) % 2) out.push(`${at}: unclosed code block`);
    }
    if (b.type === "context") {
      const elements = b.elements as Text[];
      if (elements.length > L.contextElements) out.push(`${at}: ${elements.length} elements`);
    }
    if (b.type === "actions") {
      const elements = b.elements as Array<{ action_id: string; text: Text; value: string }>;
      if (elements.length > L.actionsElements) out.push(`${at}: ${elements.length} buttons`);
      for (const e of elements) {
        if (e.text.text.length > L.buttonText) out.push(`${at}: button text ${e.text.text.length}`);
        if (e.value.length > L.buttonValue) out.push(`${at}: button value ${e.value.length}`);
        if (actionIds.has(e.action_id)) out.push(`${at}: repeated action_id ${e.action_id}`);
        actionIds.add(e.action_id);
      }
    }
  });
  return out;
}

const kinds = (blocks: SlackMessage["blocks"]) => blocks.map((b) => b.type);
const texts = (message: SlackMessage) => JSON.stringify(message.blocks);

describe("replyBlocks across reply kinds", () => {
  it("insight: header, facts as fields, why, main drivers in words, best action, nudge with its engine, the three buttons", async () => {
    const reply = await ask(`why is ${riskiest} at risk?`);
    expect(reply.kind).toBe("insight");
    const message = replyBlocks(reply);
    expect(breaches(message)).toEqual([]);
    expect(kinds(message.blocks)).toEqual([
      "header",
      "section",
      "section",
      "section",
      "section",
      "section",
      "actions",
      "context",
    ]);
    expect((message.blocks[1] as { fields: unknown[] }).fields).toHaveLength(reply.facts.length);
    const json = texts(message);
    for (const d of reply.drivers.slice(0, 5)) expect(json).toContain(d.words);
    expect(reply.drivers.length).toBe(5);
    expect(json).not.toContain("more: press");
    // Fewer drivers on the card: the rest are behind Why?.
    expect(texts(replyBlocks(reply, { maxDrivers: 3 }))).toContain("_…and 2 more: press *Why?*_");
    expect(json).toContain(reply.whatIf!.action);
    expect(json).toContain(`*Nudge* (${reply.nudge!.engineWords})`);
    const buttons = (message.blocks[6] as { elements: Array<{ value: string; text: Text }> }).elements;
    expect(buttons.map((b) => [b.text.text, b.value])).toEqual([
      ["Why?", `drivers ${riskiest}`],
      ["Download summary", `summary ${riskiest}`],
      ["Regenerate nudge", `nudge ${riskiest}`],
    ]);
    expect(message.text).toBe(reply.text);
    await expectGoldenJson("reply-insight", message);
  });

  it("top-at-risk: the ranked table as a code block, a button per listed customer (top 5)", async () => {
    const reply = await ask("top at-risk 10");
    const message = replyBlocks(reply);
    expect(breaches(message)).toEqual([]);
    const json = texts(message);
    for (const r of reply.ranked) expect(json).toContain(r.customerID);
    const actions = message.blocks.find((b) => b.type === "actions") as {
      elements: Array<{ value: string }>;
    };
    expect(actions.elements.map((e) => e.value)).toEqual(
      reply.ranked.slice(0, 5).map((r) => `tell me about ${r.customerID}`),
    );
    await expectGoldenJson("reply-top-at-risk", message);
  });

  it("a 50-customer list is split over code blocks within 3,000 characters each, with every customer shown", async () => {
    const reply = await ask("top at-risk 50");
    const message = replyBlocks(reply);
    expect(breaches(message)).toEqual([]);
    const code = message.blocks.filter((b) => JSON.stringify(b).includes("```"));
    expect(code.length).toBeGreaterThan(1);
    for (const r of reply.ranked) expect(texts(message)).toContain(r.customerID);
  });

  it("segment, experiment, help, menu, not-found and error replies", async () => {
    const ids = fx.snapshot.table.array("customerID") as string[];
    const typo = `${ids[0].slice(0, -1)}${ids[0].endsWith("Q") ? "R" : "Q"}`;
    const cases: Array<[string, string, ConversationServices?]> = [
      ["segment", "segment contract"],
      ["experiment", "experiment"],
      ["help", "help"],
      ["menu", "what's the weather"],
      ["not-found", `tell me about ${typo}`],
      ["error", "top at-risk", { ...services, snapshot: () => undefined, model: () => undefined }],
      ["drivers", `drivers ${riskiest}`],
      ["nudge", `nudge ${riskiest}`],
      ["summary", `summary ${riskiest}`],
    ];
    for (const [kind, question, s] of cases) {
      const reply = await ask(question, s);
      expect(reply.kind, question).toBe(kind);
      const message = replyBlocks(reply);
      expect(breaches(message), kind).toEqual([]);
      await expectGoldenJson(`reply-${kind}`, message);
    }
  });

  it("menus become buttons that ask their value; errors are one warning line without a header", async () => {
    const menu = await ask("what's the weather");
    const message = replyBlocks(menu);
    const buttons = message.blocks
      .filter((b) => b.type === "actions")
      .flatMap((b) => (b as { elements: Array<{ value: string }> }).elements);
    expect(buttons.map((b) => b.value)).toEqual(menu.menu!.map((m) => m.value));

    const error = await ask("top at-risk", { ...services, snapshot: () => undefined });
    const shown = replyBlocks(error);
    expect(kinds(shown.blocks)).toEqual(["section"]);
    expect(texts(shown)).toMatch(/:warning: No snapshot yet/);
  });

  it("as an ephemeral message, charts and files come as text (no uploads possible)", async () => {
    const reply = await ask(`summary ${riskiest}`);
    const message = replyBlocks(reply, { chartsAsText: true, filesAsText: true });
    expect(breaches(message)).toEqual([]);
    expect(texts(message)).toContain(`*${riskiest}-summary.txt*`);
    expect(texts(message)).not.toContain("In the thread");
    const insight = replyBlocks(await ask(`why is ${riskiest} at risk?`), { chartsAsText: true });
    expect(texts(insight)).toContain(insight.blocks.length > 0 ? "```" : "");
    expect(texts(insight)).not.toContain("Chart in the thread");
  });

  it("the asker's words are shown escaped: no mention, link or channel ping can be formed", async () => {
    const reply = await ask("help");
    const message = replyBlocks(reply, { asked: { user: "U0TEST", text: "help <!channel> & <@U0OTHER>" } });
    expect(JSON.stringify(message.blocks[0])).toContain("help &lt;!channel&gt; &amp; &lt;@U0OTHER&gt;");
  });
});

describe("replyBlocks within Slack's limits", () => {
  /** A reply over every limit: 30 facts, 80 sections, long texts and labels, 40 menu choices, a 500-row table. */
  function hugeReply(base: Reply): Reply {
    const long = (n: number) => "x".repeat(n);
    return {
      ...base,
      title: `A title far too long for a header ${long(400)}`,
      text: long(50_000),
      facts: Array.from({ length: 30 }, (_, i) => ({ label: `Fact ${i} ${long(100)}`, value: long(3000) })),
      sections: Array.from({ length: 80 }, (_, i) => ({ title: `Section ${i}`, lines: [long(4000)] })),
      drivers: Array.from({ length: 40 }, (_, i) => ({
        label: `f${i}`,
        words: `driver ${i} ${long(200)}`,
        effect: i % 2 ? ("lowers" as const) : ("raises" as const),
        value: 0.1,
      })),
      table: {
        columns: ["#", "Customer", "Note"],
        align: ["right", "left", "left"],
        rows: Array.from({ length: 500 }, (_, i) => [String(i), `C-${i}`, long(i % 7 === 0 ? 5000 : 60)]),
      },
      menu: Array.from({ length: 40 }, (_, i) => ({
        label: `Choice ${i} ${long(100)}`,
        value: `ask ${i} ${long(3000)}`,
      })),
      actions: [
        { id: "why", label: `Why? ${long(100)}`, value: "drivers X" },
        { id: "summary", label: "Download summary", value: "summary X" },
      ],
    };
  }

  it("clips texts, splits fields and buttons, and cuts blocks (never the buttons) with a note", async () => {
    const base = await ask(`why is ${riskiest} at risk?`);
    const message = replyBlocks(hugeReply(base));
    expect(breaches(message)).toEqual([]);
    expect(message.blocks).toHaveLength(SLACK_LIMITS.messageBlocks);
    const actions = message.blocks.filter((b) => b.type === "actions");
    // 40 menu choices over two actions blocks, then the reply's own buttons.
    expect(actions.map((a) => (a as { elements: unknown[] }).elements.length)).toEqual([25, 15, 2]);
    expect(texts(message)).toMatch(/Shortened to fit a Slack message \(\d+ more parts\)/);
    expect(message.text.length).toBe(SLACK_LIMITS.fallbackText);
    expect(message.text.endsWith("…")).toBe(true);
  });

  it("keeps a smaller block budget when asked (a Home tab section, a digest)", async () => {
    const base = await ask("top at-risk 50");
    const message = replyBlocks(hugeReply(base), { maxBlocks: 12 });
    expect(breaches(message, 12)).toEqual([]);
    expect(message.blocks).toHaveLength(12);
  });
});
