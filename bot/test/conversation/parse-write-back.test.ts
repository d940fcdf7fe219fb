// The write-back commands as parseIntent reads them (bot/conversation/parse-write-back.ts).
import { describe, expect, it } from "vitest";
import { parseIntent } from "../../conversation/index.ts";

describe("write-back commands", () => {
  it.each([
    ["contacted 7590-VHVEG", { kind: "contacted", customerID: "7590-VHVEG" }],
    ["<@U0ENGAGE> mark 7590-VHVEG as contacted", { kind: "contacted", customerID: "7590-VHVEG" }],
    ["mark contacted 7590-VHVEG", { kind: "contacted", customerID: "7590-VHVEG" }],
    ["I called 7590-vhveg", { kind: "contacted", customerID: "7590-vhveg" }],
    ["spoke with customer 7590-VHVEG", { kind: "contacted", customerID: "7590-VHVEG" }],
    [
      "offer 7590-VHVEG 20% off for 3 months",
      { kind: "offer", customerID: "7590-VHVEG", offer: "20% off for 3 months" },
    ],
    [
      "log offer 7590-VHVEG: a free upgrade to Premium, until March",
      { kind: "offer", customerID: "7590-VHVEG", offer: "a free upgrade to Premium, until March" },
    ],
    ["snooze 7590-VHVEG 14 days", { kind: "snooze", customerID: "7590-VHVEG", days: 14 }],
    ["snooze 7590-VHVEG for 2 weeks", { kind: "snooze", customerID: "7590-VHVEG", days: 14 }],
    ["snooze 7590-VHVEG 1 day", { kind: "snooze", customerID: "7590-VHVEG", days: 1 }],
    ["snooze 7590-VHVEG for 90d", { kind: "snooze", customerID: "7590-VHVEG", days: 90 }],
    ["unsnooze 7590-VHVEG", { kind: "unsnooze", customerID: "7590-VHVEG" }],
    ["un-snooze customer 7590-VHVEG", { kind: "unsnooze", customerID: "7590-VHVEG" }],
    ["history 7590-VHVEG", { kind: "history", customerID: "7590-VHVEG" }],
    ["show the history of 7590-VHVEG", { kind: "history", customerID: "7590-VHVEG" }],
    ["what did we do for 7590-VHVEG", { kind: "history", customerID: "7590-VHVEG" }],
  ])("%s", (text, intent) => {
    expect(parseIntent(text)).toEqual(intent);
  });

  it("bad forms say what is wrong and show the form", () => {
    expect(parseIntent("contacted")).toMatchObject({
      kind: "invalid",
      about: "contacted",
      problem: "which customer? no customer ID given",
      hint: /contacted <customer id>/,
    });
    expect(parseIntent("offer 7590-VHVEG")).toMatchObject({
      kind: "invalid",
      about: "offer",
      problem: /what was offered/,
      hint: /offer 7590-VHVEG 20% off/,
    });
    expect(parseIntent("snooze 7590-VHVEG")).toMatchObject({
      kind: "invalid",
      about: "snooze",
      problem: /for how many days/,
      hint: /snooze 7590-VHVEG 14 days/,
    });
    for (const days of ["0 days", "91 days", "14 weeks", "2.5 days"])
      expect(parseIntent(`snooze 7590-VHVEG ${days}`)).toMatchObject({
        kind: "invalid",
        about: "snooze",
        problem: /^snooze for 1 to 90 whole days \(got "/,
      });
    expect(parseIntent(`offer 7590-VHVEG ${"x".repeat(501)}`)).toMatchObject({
      kind: "invalid",
      about: "offer",
      problem: "the offer is 501 characters long: at most 500",
    });
    expect(parseIntent("contacted 7590-VHVEG 2191-AZACT")).toEqual({
      kind: "unclear",
      input: "contacted 7590-VHVEG 2191-AZACT",
      options: ["contacted 7590-VHVEG", "contacted 2191-AZACT"],
    });
  });

  it("questions about whom to contact keep their meaning", () => {
    expect(parseIntent("which customers should I contact today").kind).toBe("top-at-risk");
    expect(parseIntent("who should I call today").kind).toBe("top-at-risk");
    expect(parseIntent("tell me about 7590-VHVEG")).toEqual({ kind: "customer", customerID: "7590-VHVEG" });
  });
});
