import { describe, expect, it } from "vitest";
import { questionText } from "../../slack/index.ts";

describe("questionText", () => {
  it("drops mentions and turns Slack's escapes back into the characters typed", () => {
    expect(questionText("<@U0ENGAGE> top at-risk 5 tenure&lt;12 &amp; plan=Premium")).toBe(
      "top at-risk 5 tenure<12 & plan=Premium",
    );
    expect(questionText("<@U0ENGAGE|engagetrack>   why is 7590-VHVEG at risk?")).toBe(
      "why is 7590-VHVEG at risk?",
    );
  });

  it("keeps a link's text, and an empty message stays empty", () => {
    expect(questionText("see <https://example.com/x|7590-VHVEG>")).toBe("see 7590-VHVEG");
    expect(questionText("<@U0ENGAGE>")).toBe("");
  });
});
