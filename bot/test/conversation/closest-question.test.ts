// A message not understood gets the closest supported question first, then the menu.
import { describe, expect, it } from "vitest";
import { menuOptions, parseIntent, presetCatalog } from "../../conversation/index.ts";
import { closestQuestions } from "../../conversation/closest-question.ts";

describe("closestQuestions", () => {
  const demo = presetCatalog("simulated");
  const menu = menuOptions(demo);
  it("puts the supported question sharing the most words first", () => {
    expect(closestQuestions("give me the churn numbers please", demo, menu)[0]).toBe("churn rate");
    expect(closestQuestions("spreadsheet export thing", demo, menu)[0]).toBe("export to csv");
    expect(closestQuestions("anything changed lately?", demo, menu)[0]).toBe("what changed since last week");
  });
  it("offers the menu alone when nothing is close, and the parser uses it for what it does not understand", () => {
    expect(closestQuestions("lol", demo, menu)).toEqual(menu);
    expect(parseIntent("frobnicate the churn numbers")).toEqual({
      kind: "unclear",
      input: "frobnicate the churn numbers",
      options: ["churn rate", ...menu.filter((o) => o !== "churn rate")].filter(
        (o, i, a) => a.indexOf(o) === i,
      ),
    });
  });
});

describe("exports and summaries", () => {
  it("'download <id>' stays the customer's summary; a list with csv is an export", () => {
    expect(parseIntent("download 7590-VHVEG")).toEqual({ kind: "summary", customerID: "7590-VHVEG" });
    expect(parseIntent("download summary 7590-VHVEG")).toEqual({ kind: "summary", customerID: "7590-VHVEG" });
    expect(parseIntent("download the at-risk list")).toMatchObject({ kind: "export" });
  });
});
