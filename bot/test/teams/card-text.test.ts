import { describe, expect, it } from "vitest";
import { cardText } from "../../teams/card-text.ts";

describe("cardText", () => {
  it("escapes what would become a link, emphasis or code", () => {
    expect(cardText("[win](https://evil.example) *now* _really_ `x` ~~y~~ a\\b")).toBe(
      "\\[win\\](https://evil.example) \\*now\\* \\_really\\_ \\`x\\` \\~\\~y\\~\\~ a\\\\b",
    );
  });

  it("escapes a line that would start a list or heading, and leaves ordinary text alone", () => {
    expect(cardText("- not a list\n1. not numbered\n# not a heading")).toBe(
      "\\- not a list\n1\\. not numbered\n\\# not a heading",
    );
    const plain = "7590-VHVEG: High churn risk (71%) — Month-to-month, tenure<12";
    expect(cardText(plain)).toBe(plain);
  });
});
