// Segment follows and alerts read with the filters lists use (issue 20): `column=value` filters and
// filters in words, a band named as a word; a customer ID is still a customer follow; words that are
// not understood are named, never dropped.
import { beforeAll, describe, expect, it } from "vitest";
import { readDatasetContract } from "../../../core/src/data/index.ts";
import { ACCOUNTS_CONTRACT } from "../../../core/test/fixtures/accounts-workspace.ts";
import {
  catalogFromContract,
  checkIntent,
  parseIntent,
  presetCatalog,
  type ConversationCatalog,
} from "../../conversation/index.ts";
import { readSegment } from "../../conversation/parse-segment-follow.ts";

const demo = presetCatalog("simulated");
const telco = presetCatalog("telco");
let accounts: ConversationCatalog;
beforeAll(async () => {
  accounts = catalogFromContract(await readDatasetContract(ACCOUNTS_CONTRACT));
});

const mtm = { column: "Contract", op: "in", values: ["Month-to-month"] };

describe("readSegment", () => {
  it("reads column=value filters and a trailing band word, or the band as a filter for alerts", () => {
    expect(readSegment("contract=Month-to-month High", demo, "band")).toEqual({
      filters: [mtm],
      band: "High",
    });
    expect(readSegment("contract=Month-to-month High", demo, "filter")).toEqual({
      filters: [mtm, { column: "band", op: "in", values: ["High"] }],
      band: null,
    });
    expect(readSegment("band=Medium plan=Free", demo, "band")).toEqual({
      filters: [{ column: "planTier", op: "in", values: ["Free"] }],
      band: "Medium",
    });
    // The Telco preset's own columns.
    expect(readSegment("month-to-month customers with fiber optic", telco, "band")).toEqual({
      filters: [mtm, { column: "InternetService", op: "in", values: ["Fiber optic"] }],
      band: null,
    });
  });

  it("is undefined when the words name no segment (a customer ID is read instead)", () => {
    expect(readSegment("7590-VHVEG", demo, "band")).toBeUndefined();
    expect(readSegment("xyz", demo, "band")).toBeUndefined();
  });

  it("names what it did not understand, and refuses two bands", () => {
    expect(readSegment("month-to-month customers in Texas", demo, "band")).toEqual({
      problem: 'did not understand "Texas" in the segment',
    });
    expect(readSegment("students High Low", demo, "band")).toEqual({
      problem: "one band at a time (named High and Low)",
    });
    expect(readSegment("plan=Gold", demo, "band")).toHaveProperty("problem");
  });
});

describe("parseIntent: segment follows and alerts", () => {
  it("follow and this channel follows a segment; the band defaults to High", () => {
    expect(parseIntent("this channel follows contract=Month-to-month High")).toEqual({
      kind: "follow-segment",
      filters: [mtm],
      band: "High",
      channel: true,
    });
    expect(parseIntent("follow month-to-month customers")).toEqual({
      kind: "follow-segment",
      filters: [mtm],
      band: "High",
      channel: false,
    });
    expect(parseIntent("follow customers in Texas", { catalog: accounts })).toEqual({
      kind: "follow-segment",
      filters: [{ column: "state", op: "in", values: ["TX"] }],
      band: "High",
      channel: false,
    });
  });

  it("alerts on a segment's mean risk: above p% (a probability too) or up n points, for me or the channel", () => {
    expect(parseIntent("alert me when contract=Month-to-month goes above 40%")).toEqual({
      kind: "alert-segment",
      filters: [mtm],
      alert: "above",
      threshold: 40,
      channel: false,
    });
    expect(parseIntent("alert the channel when month-to-month customers move up 5 points")).toEqual({
      kind: "alert-segment",
      filters: [mtm],
      alert: "moves-up",
      threshold: 5,
      channel: true,
    });
  });

  it("unfollow a segment by number or by its filters", () => {
    expect(parseIntent("unfollow segment 2")).toEqual({
      kind: "unfollow-segment",
      number: 2,
      filters: [],
      band: null,
    });
    expect(parseIntent("unfollow contract=Month-to-month High")).toEqual({
      kind: "unfollow-segment",
      number: null,
      filters: [mtm],
      band: "High",
    });
    expect(parseIntent("unfollow segment two")).toMatchObject({
      kind: "invalid",
      about: "unfollow-segment",
      problem: 'not a segment number: "two"',
    });
  });

  it("a customer ID is still a customer follow or alert; a channel follows segments only", () => {
    expect(parseIntent("follow 7590-VHVEG")).toEqual({ kind: "follow", customerID: "7590-VHVEG" });
    expect(parseIntent("alert me when 7590-VHVEG goes above 90%")).toMatchObject({ kind: "alert" });
    expect(parseIntent("follow xyz")).toMatchObject({ kind: "follow", customerID: "xyz" });
    expect(parseIntent("this channel follows 7590-VHVEG")).toMatchObject({
      kind: "invalid",
      about: "follow-segment",
      problem: "a channel follows a segment, not one customer",
    });
    expect(parseIntent("follow month-to-month customers in Texas")).toMatchObject({
      kind: "invalid",
      about: "follow-segment",
      problem: 'did not understand "Texas" in the segment',
      hint: "e.g. follow contract=Month-to-month High, or this channel follows contract=Month-to-month High",
    });
  });
});

describe("checkIntent: the LLM path validates segment follows like the parser's", () => {
  it("names columns and values as stored, defaults the band and channel, refuses unknown columns", () => {
    expect(
      checkIntent(
        { kind: "follow-segment", filters: [{ column: "contract", op: "in", values: ["month-to-month"] }] },
        demo,
        null,
      ),
    ).toEqual({ ok: true, intent: { kind: "follow-segment", filters: [mtm], band: "High", channel: false } });
    expect(
      checkIntent({ kind: "alert-segment", filters: [], alert: "above", threshold: 100 }, demo, null).ok,
    ).toBe(false);
    expect(
      checkIntent(
        { kind: "follow-segment", filters: [{ column: "region", op: "in", values: ["EU"] }] },
        demo,
        null,
      ),
    ).toMatchObject({ ok: false, problem: 'unknown column: "region"' });
  });
});
