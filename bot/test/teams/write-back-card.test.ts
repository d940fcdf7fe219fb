// Write-back in Adaptive Cards (bot/teams/write-back-card.ts through replyCard), over real replies
// with actions recorded at a fixed clock: goldens of the customer card (history, Mark contacted,
// Snooze, the offer field and its Log offer button), a confirmation and the at-risk list; and the
// round trip of Log offer: the card's submit data plus the typed text is the question asked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Activity } from "botbuilder";
import { createChartLinks, createReplyChartLinks, createSummaryLinks } from "../../services/index.ts";
import { questionText } from "../../teams/question-text.ts";
import { replyCard, type CardElement, type CardLinks } from "../../teams/reply-card.ts";
import { OFFER_INPUT_ID } from "../../teams/write-back-card.ts";
import { LEE, writeBackWorld, type WriteBackWorld } from "../fixtures/write-back-world.ts";
import { expectGoldenCard } from "./golden-json.ts";

const secret = Buffer.from("write-back-card-test-secret-0123456789");
const clock = () => Date.parse("2026-11-21T10:00:00Z");
const base = () => "https://engagetrack.example.com";
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

let world: WriteBackWorld;

beforeAll(async () => {
  world = await writeBackWorld();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

/** The ids replaced by stand-ins: the fixture's IDs are not what a golden pins. */
const anonymise = (card: unknown) => {
  let json = JSON.stringify(card);
  world.top.forEach((id, i) => (json = json.split(id).join(`<id${String.fromCharCode(97 + i)}>`)));
  return JSON.parse(json);
};

describe("write-back in Adaptive Cards", () => {
  it("the customer card: what the team did, the offer field, and Mark contacted / Snooze / Log offer buttons", async () => {
    const id = world.top[0];
    const card = replyCard(await world.ask(`tell me about ${id}`, LEE), links);
    const actions = card.actions ?? [];
    expect(actions.map((a) => a.title)).toEqual([
      "Why?",
      "Download summary",
      "Regenerate nudge",
      "Mark contacted",
      "Snooze 14 days",
      "Log offer",
    ]);
    expect(actions.at(-1)).toEqual({
      type: "Action.Submit",
      title: "Log offer",
      data: { question: `offer ${id}`, append: OFFER_INPUT_ID },
    });
    expect(card.body.find((e) => e.type === "Input.Text")).toMatchObject({
      id: OFFER_INPUT_ID,
      maxLength: 500,
    });
    expect(JSON.stringify(card.body)).toContain('offer \\"20% off for 3 months\\" 1 hour ago by Lee Park');
    await expectGoldenCard("write-back-card", anonymise(card));
  });

  it("Log offer pressed: the question is the button's plus the typed text; other buttons ignore the field", () => {
    const id = world.top[0];
    const typed = { [OFFER_INPUT_ID]: "  a free month of Premium " };
    const offer = {
      value: { question: `offer ${id}`, append: OFFER_INPUT_ID, ...typed },
    } as Partial<Activity>;
    expect(questionText(offer)).toBe(`offer ${id} a free month of Premium`);
    const why = { value: { question: `drivers ${id}`, ...typed } } as Partial<Activity>;
    expect(questionText(why)).toBe(`drivers ${id}`);
    const empty = { value: { question: `offer ${id}`, append: OFFER_INPUT_ID } } as Partial<Activity>;
    expect(questionText(empty)).toBe(`offer ${id}`);
  });

  it("a snooze confirmation and the list with last actions", async () => {
    const done = replyCard(await world.ask(`snooze ${world.top[3]} 7 days`, LEE), links);
    expect(
      (done.actions ?? []).map((a: CardElement) => (a.data as { question?: string } | undefined)?.question),
    ).toEqual([`unsnooze ${world.top[3]}`, `tell me about ${world.top[3]}`]);
    await expectGoldenCard("write-back-snoozed", anonymise(done));
    const list = replyCard(await world.ask("top at-risk 5", LEE), links);
    const facts = JSON.stringify(list.body);
    expect(facts).toContain("1 hour ago by Lee Park");
    expect(facts).toContain("2 snoozed customers left out of this list");
    await expectGoldenCard("write-back-list", anonymise(list));
  });
});
