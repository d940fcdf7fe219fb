import { describe, expect, it } from "vitest";
import { checkLlmAnswer, numbersIn } from "../../src/nudges/llm-answer.ts";

const facts = JSON.stringify({
  churnProbabilityPercent: 71,
  drivers: [{ factor: "4 support calls in 90 days" }],
  x: "$29.85",
});
const check = (text: string) =>
  checkLlmAnswer(text, { eligible: ["autopay-setup", "support-follow-up"], factsText: facts });
const answer = (message: string, action = "support-follow-up") => JSON.stringify({ action, message });

describe("checkLlmAnswer", () => {
  it("accepts an eligible action with a short message using only the facts' numbers", () => {
    expect(check(answer("You called us 4 times in 90 days; a specialist will call you back."))).toEqual({
      ok: true,
      answer: {
        action: "support-follow-up",
        message: "You called us 4 times in 90 days; a specialist will call you back.",
      },
    });
    expect(check("```json\n" + answer("Your $29.85 plan, on autopay.", "autopay-setup") + "\n```").ok).toBe(
      true,
    );
  });

  it.each([
    ["Sure! {action: autopay-setup}", "malformed-json"],
    [answer("x".repeat(281)), "schema"],
    [JSON.stringify({ action: "autopay-setup", message: "Hi", discount: "10%" }), "schema"],
    [JSON.stringify({ action: "autopay-setup" }), "schema"],
    [answer("Hello", "free-iphone"), "not-eligible"],
    [answer("Get 20% off when you switch to autopay!", "autopay-setup"), "invented-number"],
    [answer("Save $5 a month.", "autopay-setup"), "invented-number"],
    [answer("Enjoy twenty percent off this month.", "autopay-setup"), "invented-number"],
    [answer("We're here 24/7.", "autopay-setup"), "invented-number"],
    [answer("Write to help@example.com for help.", "autopay-setup"), "contact-detail"],
    [answer("Visit https://example.com now.", "autopay-setup"), "contact-detail"],
  ])("rejects %j as %s", (text, problem) => {
    const result = check(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toBe(problem);
  });

  it("names the invented numbers", () => {
    expect(check(answer("Get 20% off, 4 times, 1,000 points", "autopay-setup"))).toEqual({
      ok: false,
      problem: "invented-number",
      detail: "20, 1000",
    });
  });
});

describe("numbersIn", () => {
  it("reads digits, decimals and thousands separators", () => {
    expect(numbersIn("62% → 31%, $1,299.50 and 4")).toEqual([62, 31, 1299.5, 4]);
  });
});
