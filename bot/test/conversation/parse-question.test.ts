// Plain questions, one behaviour each (the phrasing corpus measures the whole): counts and rates,
// ranking phrasings, filters in words, tolerated markup, and names or values that fit several
// columns offered as a menu, never picked silently.
import { beforeAll, describe, expect, it } from "vitest";
import { readDatasetContract } from "../../../core/src/data/index.ts";
import { ACCOUNTS_CONTRACT } from "../../../core/test/fixtures/accounts-workspace.ts";
import {
  catalogFromContract,
  normalizeMessage,
  parseIntent,
  type ConversationCatalog,
} from "../../conversation/index.ts";

let accounts: ConversationCatalog;
beforeAll(async () => {
  accounts = catalogFromContract(await readDatasetContract(ACCOUNTS_CONTRACT));
});

describe("parseIntent: plain questions", () => {
  it("reads a count with filters in words", () => {
    expect(parseIntent("How many month-to-month customers are high risk?")).toEqual({
      kind: "count",
      measure: "customers",
      filters: [
        { column: "Contract", op: "in", values: ["Month-to-month"] },
        { column: "band", op: "in", values: ["High"] },
      ],
    });
    expect(parseIntent("what's our revenue at risk in Texas", { catalog: accounts })).toEqual({
      kind: "count",
      measure: "revenue-at-risk",
      filters: [{ column: "state", op: "in", values: ["TX"] }],
    });
    expect(
      parseIntent("churn rate of customers not on the international plan", { catalog: accounts }),
    ).toEqual({
      kind: "count",
      measure: "churn-rate",
      filters: [{ column: "international_plan", op: "in", values: [0] }],
    });
  });

  it("offers the question without the words it did not understand, never a count that ignores them", () => {
    for (const text of ["how many customers will churn next month", "how many customers in Georgia"]) {
      const intent = parseIntent(text, { catalog: accounts });
      expect(intent).toMatchObject({
        kind: "unclear",
        options: expect.arrayContaining(["how many customers"]),
      });
    }
  });

  it("reads ranking phrasings as the at-risk list", () => {
    expect(parseIntent("which customers should I call today?")).toMatchObject({
      kind: "top-at-risk",
      limit: 10,
      filters: [],
    });
    expect(parseIntent("top 10 at risk in the premium plan")).toMatchObject({
      kind: "top-at-risk",
      limit: 10,
      filters: [{ column: "planTier", op: "in", values: ["Premium"] }],
    });
  });

  it("offers both readings of a name that fits several columns (support>5), and keeps one that fits one", () => {
    expect(parseIntent("top at-risk support>5")).toEqual({
      kind: "unclear",
      input: "top at-risk support>5",
      options: ["top at-risk tech support=Yes", "top at-risk support calls>5"],
    });
    expect(parseIntent("top at-risk calls>3", { catalog: accounts })).toMatchObject({
      kind: "unclear",
      options: expect.arrayContaining(["top at-risk day calls>3", "top at-risk customer service calls>3"]),
    });
    expect(parseIntent("top at-risk support calls>5")).toMatchObject({
      filters: [{ column: "supportCalls90d", op: ">", value: 5 }],
    });
    expect(parseIntent("top at-risk payment=Electronic check")).toMatchObject({
      filters: [{ column: "PaymentMethod", op: "in", values: ["Electronic check"] }],
    });
  });

  it("reads comparisons, changes and exports as their own intents (issue 20)", () => {
    expect(parseIntent("compare students vs analysts").kind).toBe("compare");
    expect(parseIntent("what changed since last week").kind).toBe("changes");
    expect(parseIntent("export the top at-risk list to csv").kind).toBe("export");
  });
});

describe("normalizeMessage: markup", () => {
  it.each([
    [":fire: top at-risk 3", "top at-risk 3"],
    ["🔥 who's at risk? 🔥", "who's at risk"],
    ["👍🏽 :+1::skin-tone-2: help", "help"],
    ["<https://x|click>", "click"],
    ["<@U024BE7LH> (top at-risk 5)", "top at-risk 5"],
    ["top at-risk persona:student", "top at-risk persona:student"],
  ])("%j → %j", (text, expected) => {
    expect(normalizeMessage(text)).toBe(expected);
  });
});
