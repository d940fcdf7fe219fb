// replyCard over real replies (the conversation layer on a real model and snapshot): every kind
// renders, the biggest stay under Teams' card size cap, and nothing is ever inlined.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONVERSATION_COLUMNS, MAX_LIST, respond, type Reply } from "../../conversation/index.ts";
import { createChartLinks, createReplyChartLinks, createSummaryLinks } from "../../services/index.ts";
import { MAX_CARD_BYTES, replyCard, type AdaptiveCard, type CardLinks } from "../../teams/reply-card.ts";
import { conversationFixture, type ConversationFixture } from "../fixtures/conversation-fixture.ts";

const secret = Buffer.from("reply-card-test-secret-0123456789abcdef");
const clock = () => Date.parse("2026-11-21T10:00:00Z");
// A long public URL: links are part of the card's size.
const base = () => "https://engagetrack.customer-success.example-company.com";
const customerLinks = createChartLinks({ secret, ttlSeconds: 86_400, baseUrl: base, clock });
const replyCharts = createReplyChartLinks({
  secret,
  ttlSeconds: 86_400,
  baseUrl: base,
  clock,
  customerLinks,
});
const summaries = createSummaryLinks({ secret, ttlSeconds: 86_400, baseUrl: base, clock });
const links: CardLinks = { chart: (c) => replyCharts.url(c), summary: (id) => summaries.url(id) };
const noChartLinks: CardLinks = { ...links, chart: () => undefined };

let fixture: ConversationFixture;
let ids: string[];
const ask = (text: string): Promise<Reply> =>
  respond(text, { id: "aad-test", surface: "teams" }, fixture.services());
const bytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card), "utf8");

beforeAll(async () => {
  fixture = await conversationFixture();
  ids = (fixture.snapshot.table.array("customerID") as string[]).slice(0, 3);
}, 120_000);
afterAll(() => fixture?.close());

describe("replyCard", () => {
  it("the biggest replies stay under 28 KB, with chart links or with text tables instead, and inline nothing", async () => {
    const questions = [
      `top at-risk ${MAX_LIST}`,
      `top at-risk ${MAX_LIST} by probability`,
      `tell me about ${ids[0]}`,
      `drivers ${ids[0]}`,
      `nudge ${ids[0]}`,
      `summary ${ids[0]}`,
      "experiment",
      "help",
      "what is the meaning of life",
      ...CONVERSATION_COLUMNS.map((c) => `segment ${c.name}`),
    ];
    const sizes: Record<string, number> = {};
    for (const q of questions) {
      const reply = await ask(q);
      // Some columns cannot be segmented ("segment churn" says so): their cards are small anyway.
      if (!q.startsWith("segment ")) expect(reply.kind, q).not.toBe("error");
      for (const l of [links, noChartLinks]) {
        const card = replyCard(reply, l);
        const json = JSON.stringify(card);
        expect(bytes(card), q).toBeLessThan(MAX_CARD_BYTES);
        expect(json, q).not.toMatch(/data:|base64,/);
        expect(card.version).toBe("1.5");
        sizes[q] = Math.max(sizes[q] ?? 0, bytes(card));
      }
    }
    // The ranked list of 50 really is the largest: the test covers what it claims.
    const largest = Object.entries(sizes).sort((a, b) => b[1] - a[1])[0];
    expect(largest[1]).toBeGreaterThan(6_000);
  });

  it("a ranked list is one fact per customer; a segment table is a Table with a header row", async () => {
    const top = replyCard(await ask(`top at-risk ${MAX_LIST}`), links);
    const factSets = top.body.filter((e) => e.type === "FactSet") as unknown as Array<{ facts: unknown[] }>;
    expect(factSets.at(-1)!.facts).toHaveLength(MAX_LIST);
    const segment = replyCard(await ask("segment contract"), links);
    const [table] = segment.body.filter((e) => e.type === "Table") as unknown as Array<{
      firstRowAsHeader: boolean;
      rows: Array<{ cells: Array<{ items: Array<{ text: string }> }> }>;
    }>;
    expect(table.firstRowAsHeader).toBe(true);
    expect(table.rows[0].cells.map((c) => c.items[0].text)).toEqual([
      "Contract",
      "Customers",
      "Share",
      "Avg churn risk",
      "High risk",
      "At risk/month",
    ]);
    expect(table.rows.slice(1).map((r) => r.cells[0].items[0].text)).toEqual([
      "Month-to-month",
      "One year",
      "Two year",
    ]);
  });

  it("a chart without a link shows its table instead of an image", async () => {
    const reply = await ask("segment contract");
    const linked = replyCard(reply, links);
    expect(linked.body.filter((e) => e.type === "Image")).toHaveLength(1);
    const unlinked = replyCard(reply, noChartLinks);
    expect(unlinked.body.filter((e) => e.type === "Image")).toHaveLength(0);
    expect(unlinked.body.filter((e) => e.type === "Table")).toHaveLength(2);
    expect(JSON.stringify(unlinked)).toContain(reply.charts[0].title);
  });

  it("the summary reply offers the signed download link; text the user typed is not Markdown", async () => {
    const summary = replyCard(await ask(`summary ${ids[1]}`), links);
    const download = summary.actions!.find((a) => a.type === "Action.OpenUrl")!;
    expect(download.title).toBe(`Download ${ids[1]}-summary.txt`);
    const token = /\/summaries\/(.+)\.txt$/.exec(download.url as string)![1];
    expect(summaries.verify(token)).toMatchObject({ ok: true, customerID: ids[1] });
    const echoed = replyCard(await ask("[free money](https://evil.example) *now*"), links);
    expect(echoed.body[0].text).toContain("\\[free money\\](https://evil.example)");
  });
});
