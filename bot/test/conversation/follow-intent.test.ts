// The follow and alert commands as parseIntent reads them (bot/conversation/parse-intent.ts).
import { describe, expect, it } from "vitest";
import { parseIntent } from "../../conversation/index.ts";

describe("follow and alert commands", () => {
  it.each([
    ["follow 5555-BGKAQ", { kind: "follow", customerID: "5555-BGKAQ" }],
    ["<@U0ENGAGE> please follow 7590-vhveg", { kind: "follow", customerID: "7590-vhveg" }],
    ["watch customer 7590-VHVEG", { kind: "follow", customerID: "7590-VHVEG" }],
    ["unfollow 7590-VHVEG", { kind: "unfollow", customerID: "7590-VHVEG" }],
    ["stop following 7590-VHVEG", { kind: "unfollow", customerID: "7590-VHVEG" }],
    ["following", { kind: "following" }],
    ["show my alerts", { kind: "following" }],
    ["what am I following?", { kind: "following" }],
    [
      "alert me when 2191-AZACT goes above 90%",
      { kind: "alert", customerID: "2191-AZACT", alert: "above", threshold: 90 },
    ],
    [
      "notify me if 2191-AZACT is over 0.75",
      { kind: "alert", customerID: "2191-AZACT", alert: "above", threshold: 75 },
    ],
    [
      "alert me when 2191-AZACT moves up 10 points",
      { kind: "alert", customerID: "2191-AZACT", alert: "moves-up", threshold: 10 },
    ],
    [
      "let me know when 2191-AZACT goes up by 7.5 pts",
      { kind: "alert", customerID: "2191-AZACT", alert: "moves-up", threshold: 7.5 },
    ],
    ["remove alert 2", { kind: "unalert", number: 2 }],
    ["unalert #3", { kind: "unalert", number: 3 }],
  ])("%s", (text, intent) => {
    expect(parseIntent(text)).toEqual(intent);
  });

  it("follow with an ID is never the customer card (it was before: a silent card)", () => {
    expect(parseIntent("follow 5555-BGKAQ").kind).toBe("follow");
    expect(parseIntent("alert me when 2191-AZACT goes above 90%").kind).toBe("alert");
  });

  it("bad forms say what is wrong and show the form", () => {
    expect(parseIntent("follow")).toMatchObject({
      kind: "invalid",
      about: "follow",
      problem: /which customer/,
    });
    expect(parseIntent("alert me when 2191-AZACT does something")).toMatchObject({
      kind: "invalid",
      about: "alert",
      hint: /goes above 90%/,
    });
    expect(parseIntent("alert me when 2191-AZACT goes above 120%")).toMatchObject({
      kind: "invalid",
      about: "alert",
      problem: /between 0% and 100%/,
    });
    for (const noCustomer of ["alert me when goes above 90%", "alert me when it moves up 10 points"])
      expect(parseIntent(noCustomer)).toMatchObject({
        kind: "invalid",
        about: "alert",
        problem: "alert on which customer? no customer ID given",
      });
    expect(parseIntent("remove alert two")).toMatchObject({ kind: "invalid", about: "unalert" });
    expect(parseIntent("follow 7590-VHVEG 2191-AZACT")).toEqual({
      kind: "unclear",
      input: "follow 7590-VHVEG 2191-AZACT",
      options: ["follow 7590-VHVEG", "follow 2191-AZACT"],
    });
  });

  it("other questions keep their meaning", () => {
    expect(parseIntent("tell me about 7590-VHVEG")).toEqual({ kind: "customer", customerID: "7590-VHVEG" });
    expect(parseIntent("why is 7590-VHVEG at risk").kind).toBe("customer");
  });
});
