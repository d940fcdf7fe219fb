// Conversation flows through the Teams bot with botbuilder's TestAdapter, answered by the real
// conversation layer over a real trained model and snapshot.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestAdapter, TurnContext, type Activity } from "botbuilder";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger, type AuditEventInput } from "../../../core/src/log/index.ts";
import { respond, type Asker } from "../../conversation/index.ts";
import { createChartLinks, createReplyChartLinks, createSummaryLinks } from "../../services/index.ts";
import { openStore, type Store } from "../../../core/src/store/index.ts";
import { openStoreConversations, type ConversationStore } from "../../teams/conversation-store.ts";
import type { AdaptiveCard, CardElement } from "../../teams/reply-card.ts";
import { createTeamsAdapter, TURN_ERROR_TEXT } from "../../teams/teams-adapter.ts";
import { createTeamsBot } from "../../teams/teams-bot.ts";
import { conversationFixture, type ConversationFixture } from "../fixtures/conversation-fixture.ts";

const secret = Buffer.from("teams-bot-test-secret-0123456789abcdef");
const clock = () => Date.parse("2026-11-21T10:00:00Z");
const BASE = "https://et.example.com";
const user = { id: "29:pat", name: "Pat", aadObjectId: "aad-pat-0001" };
const botAccount = { id: "28:bot", name: "EngageTrack" };

let fixture: ConversationFixture;
let dir: string;
let store: ConversationStore;
let shared: Store;
let ids: string[];
let asked: Array<{ text: string; asker: Asker }>;
let logLines: string[];
let audits: AuditEventInput[];

beforeAll(async () => {
  fixture = await conversationFixture({ trainRows: 1000 });
  ids = (fixture.snapshot.table.array("customerID") as string[]).slice(0, 5);
}, 120_000);
afterAll(() => fixture?.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "et-teams-bot-"));
  shared = await openStore({ dir: "memory", sweepMs: 0 });
  store = openStoreConversations(shared.sql);
  asked = [];
  logLines = [];
  audits = [];
  return async () => {
    await shared.close();
    await rm(dir, { recursive: true, force: true });
  };
});

function logger() {
  return createLogger({ write: (line: string) => void logLines.push(line) });
}

function testBot(ask?: (text: string, asker: Asker) => Promise<never>) {
  const customerLinks = createChartLinks({ secret, ttlSeconds: 3600, baseUrl: () => BASE, clock });
  const replyCharts = createReplyChartLinks({
    secret,
    ttlSeconds: 3600,
    baseUrl: () => BASE,
    clock,
    customerLinks,
  });
  const summaries = createSummaryLinks({ secret, ttlSeconds: 3600, baseUrl: () => BASE, clock });
  const bot = createTeamsBot({
    ask:
      ask ??
      ((text, asker) => {
        asked.push({ text, asker });
        return respond(text, asker, fixture.services());
      }),
    links: { chart: (c) => replyCharts.url(c), summary: (id) => summaries.url(id) },
    store,
    clock,
    logger: logger(),
    audit: (e) => void audits.push(e),
  });
  const adapter = new TestAdapter((context) => bot.run(context), {
    channelId: "msteams",
    from: user,
    recipient: botAccount,
  });
  return { adapter, replyCharts, summaries, customerLinks };
}

/** Sends one activity through the bot; returns what it sent back. */
async function turn(
  adapter: TestAdapter,
  activity: string | Partial<Activity>,
): Promise<Partial<Activity>[]> {
  await adapter.processActivity(activity);
  const out = [...adapter.activeQueue];
  adapter.activeQueue.splice(0);
  return out;
}

function cardOf(activity: Partial<Activity>): AdaptiveCard {
  expect(activity.type).toBe("message");
  expect(activity.attachments).toHaveLength(1);
  expect(activity.attachments![0].contentType).toBe("application/vnd.microsoft.card.adaptive");
  return activity.attachments![0].content as AdaptiveCard;
}

const texts = (card: AdaptiveCard) =>
  JSON.stringify(card.body)
    .match(/"text":"(?:[^"\\]|\\.)*"/g)!
    .map((t) => JSON.parse(t.slice(7)) as string);
const ofType = (card: AdaptiveCard, type: string) => card.body.filter((e) => e.type === type);

describe("Teams bot (TestAdapter)", () => {
  it("Log offer on a card asks 'offer <id> <typed text>' as the Teams user, with their name (write-back)", async () => {
    const { adapter } = testBot();
    await turn(adapter, {
      type: "message",
      value: { question: `offer ${ids[0]}`, append: "offerText", offerText: " a free month " },
    });
    expect(asked.at(-1)).toMatchObject({
      text: `offer ${ids[0]} a free month`,
      asker: { id: user.aadObjectId, surface: "teams", name: "Pat" },
    });
  });

  it("help: the help card, with the common questions as submit buttons", async () => {
    const { adapter } = testBot();
    const [reply, ...rest] = await turn(adapter, "help");
    expect(rest).toEqual([]);
    const card = cardOf(reply);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(texts(card)[0]).toBe("Ask EngageTrack about customers, segments and experiments");
    const [menu] = ofType(card, "ActionSet") as Array<CardElement & { actions: CardElement[] }>;
    expect(menu.actions.map((a) => [a.type, a.title, a.data])).toEqual([
      ["Action.Submit", "Top at-risk customers", { question: "top at-risk 10" }],
      ["Action.Submit", "Churn by contract", { question: "segment contract" }],
      ["Action.Submit", "A/B experiment", { question: "experiment" }],
      ["Action.Submit", "Help", { question: "help" }],
    ]);
    // notifyAt: where this asker's follows and alerts are told (the conversation asked in); channel:
    // the conversation a channel's segment follows belong to.
    expect(asked).toEqual([
      {
        text: "help",
        asker: { id: "aad-pat-0001", surface: "teams", name: "Pat", notifyAt: "Convo1", channel: "Convo1" },
      },
    ]);
  });

  it("a customer question: facts, drivers, what-if, nudge, the waterfall by URL, and the three actions", async () => {
    const { adapter, summaries, customerLinks } = testBot();
    const id = ids[0];
    const card = cardOf((await turn(adapter, `why is ${id} at risk`))[0]);
    expect(texts(card)[0]).toMatch(new RegExp(`^${id}: (Low|Medium|High) churn risk \\(\\d+%\\)$`));
    const [facts] = ofType(card, "FactSet") as Array<CardElement & { facts: { title: string }[] }>;
    expect(facts.facts.map((f) => f.title)).toEqual([
      "Churn risk",
      // The demo's data is simulated: the card says so before any value.
      "Data",
      "Engagement",
      "Plan",
      "Monthly charges",
      "Persona",
      "Experiment",
    ]);
    expect(texts(card)).toContain("What drives the risk");
    expect(texts(card).some((t) => /^\*\*Best action:\*\* .+: churn risk \d+% → \d+%$/.test(t))).toBe(true);
    expect(texts(card).some((t) => t.startsWith("Nudge: "))).toBe(true);
    expect(texts(card).some((t) => /decided by the rule engine$/.test(t))).toBe(true);
    const [image] = ofType(card, "Image");
    const token = /^https:\/\/et\.example\.com\/charts\/([^/]+)\.png$/.exec(image.url as string)![1];
    expect(customerLinks.verify(token)).toMatchObject({
      ok: true,
      request: { chart: "shap-waterfall", customerID: id },
    });
    expect(image.altText).toMatch(/SHAP|driver|risk/i);
    expect(card.actions!.map((a) => [a.type, a.title])).toEqual([
      ["Action.Submit", "Why?"],
      ["Action.OpenUrl", "Download summary"],
      ["Action.Submit", "Regenerate nudge"],
    ]);
    expect(card.actions![0].data).toEqual({ question: `drivers ${id}` });
    expect(card.actions![2].data).toEqual({ question: `nudge ${id}` });
    const summaryToken = /\/summaries\/(.+)\.txt$/.exec(card.actions![1].url as string)![1];
    expect(summaries.verify(summaryToken)).toMatchObject({ ok: true, customerID: id });
    expect(JSON.stringify(card)).not.toContain("data:");
  });

  it("a channel @mention is stripped before the question is parsed", async () => {
    const { adapter } = testBot();
    const [reply] = await turn(adapter, {
      type: "message",
      text: "<at>EngageTrack</at> top at-risk 3",
      entities: [{ type: "mention", mentioned: botAccount, text: "<at>EngageTrack</at>" }],
      conversation: { id: "19:renewals@thread.tacv2", conversationType: "channel", isGroup: true, name: "" },
    });
    expect(asked.map((a) => a.text)).toEqual(["top at-risk 3"]);
    const card = cardOf(reply);
    const ranked = (
      ofType(card, "FactSet") as Array<CardElement & { facts: { title: string; value: string }[] }>
    )[1];
    expect(ranked.facts.map((f) => f.title)).toEqual([1, 2, 3].map((n) => expect.stringMatching(`^#${n} `)));
    expect(ranked.facts[0].value).toMatch(
      /^\d+% \((Low|Medium|High)\) · \$[\d,.]+ a month, \$[\d,.]+ at risk · /,
    );
    expect(card.actions!.every((a) => a.type === "Action.Submit")).toBe(true);
  });

  it("a pressed button (Action.Submit { question }) asks its question", async () => {
    const { adapter } = testBot();
    const [reply] = await turn(adapter, { type: "message", value: { question: `drivers ${ids[1]}` } });
    expect(asked.map((a) => a.text)).toEqual([`drivers ${ids[1]}`]);
    const card = cardOf(reply);
    expect(texts(card)[0]).toMatch(new RegExp(`^Why ${ids[1]} is at (low|medium|high) risk`));
    // Every factor in words with its log-odds, not the "Why?" button again.
    expect(texts(card).some((t) => /^- .+: (raises|lowers) risk \([+−]\d+\.\d\d\)\r- /.test(t))).toBe(true);
    expect(card.actions!.map((a) => a.title)).toEqual(["Download summary", "Regenerate nudge"]);
  });

  it("an unknown customer ID: the closest IDs as a menu of buttons", async () => {
    const { adapter } = testBot();
    const near = `${ids[2].slice(0, -1)}${ids[2].endsWith("Z") ? "Y" : "Z"}`;
    const card = cardOf((await turn(adapter, `tell me about ${near}`))[0]);
    const [menu] = ofType(card, "ActionSet") as Array<CardElement & { actions: CardElement[] }>;
    expect(menu.actions.length).toBeGreaterThan(0);
    expect(menu.actions).toContainEqual({
      type: "Action.Submit",
      title: ids[2],
      data: { question: `tell me about ${ids[2]}` },
    });
  });

  it("added to a channel: stores the conversation and says hello; removed: forgets it", async () => {
    const { adapter } = testBot();
    const channel = { id: "19:renewals@thread.tacv2", conversationType: "channel", isGroup: true, name: "" };
    const added = await turn(adapter, {
      type: "conversationUpdate",
      membersAdded: [botAccount],
      conversation: channel,
      channelData: { team: { id: "19:team", name: "Customer Success" }, channel: { id: channel.id } },
    });
    expect(texts(cardOf(added[0]))[0]).toBe("Ask EngageTrack about customers, segments and experiments");
    // Stored in the shared store (read straight from its table).
    const rows = await shared.sql.query<{ conversation: unknown }>(
      "select conversation from teams_conversations",
    );
    expect(rows.map((r) => r.conversation)).toMatchObject([
      { id: channel.id, type: "channel", name: "General", teamName: "Customer Success" },
    ]);
    // Someone else joining is not the bot being added.
    expect(
      await turn(adapter, {
        type: "conversationUpdate",
        membersAdded: [{ id: "29:sam", name: "Sam" }],
        conversation: channel,
      }),
    ).toEqual([]);
    await turn(adapter, { type: "conversationUpdate", membersRemoved: [botAccount], conversation: channel });
    expect(await store.list()).toEqual([]);
    expect(audits.map((a) => [a.action, a.actor, a.surface])).toEqual([
      ["teams.install", "aad-pat-0001", "teams"],
      ["teams.uninstall", "aad-pat-0001", "teams"],
    ]);
  });

  it("installationUpdate add/remove keeps the store in step (personal install)", async () => {
    const { adapter } = testBot();
    const personal = { id: "a:1personal", conversationType: "personal", isGroup: false, name: "" };
    await turn(adapter, { type: "installationUpdate", action: "add", conversation: personal });
    expect((await store.list()).map((c) => [c.id, c.type])).toEqual([["a:1personal", "personal"]]);
    await turn(adapter, { type: "installationUpdate", action: "remove", conversation: personal });
    expect(await store.list()).toEqual([]);
  });
});

describe("turn errors", () => {
  it("are logged with a code, and the user gets a short apology without detail", async () => {
    const testAdapter = new TestAdapter(async () => undefined, {
      channelId: "msteams",
      from: user,
      recipient: botAccount,
    });
    const adapter = createTeamsAdapter(
      { auth: "none", appId: "", appType: "MultiTenant", storePath: join(dir, "x.json") },
      logger(),
    );
    const context = new TurnContext(testAdapter, {
      type: "message",
      text: "hi",
      from: user,
      recipient: botAccount,
      conversation: { id: "c1", isGroup: false, conversationType: "personal", name: "" },
      channelId: "msteams",
    } as Activity);
    await adapter.onTurnError(context, new Error("boom at /srv/secret/path.ts:12"));
    expect(testAdapter.activeQueue.map((a) => a.text)).toEqual([TURN_ERROR_TEXT]);
    const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged).toMatchObject([{ level: "error", code: "teams-turn-failed", msg: "teams turn failed" }]);
  });
});
