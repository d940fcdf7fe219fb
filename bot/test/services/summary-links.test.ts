import { describe, expect, it } from "vitest";
import { createSummaryLinks } from "../../services/summary-links.ts";

const secret = Buffer.from("0123456789abcdef0123456789abcdef");
let now = 1_800_000_000_000;
const links = createSummaryLinks({
  secret,
  ttlSeconds: 600,
  baseUrl: () => "https://et.example.com",
  clock: () => now,
});
const tokenOf = (url: string) => /\/summaries\/([^/]+)\.txt$/.exec(url)![1];

describe("createSummaryLinks", () => {
  it("signs a customer's summary link that verifies until it expires", () => {
    const url = links.url("7590-VHVEG");
    expect(url).toMatch(/^https:\/\/et\.example\.com\/summaries\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\.txt$/);
    expect(links.verify(tokenOf(url))).toEqual({
      ok: true,
      customerID: "7590-VHVEG",
      expiresAt: now / 1000 + 600,
    });
    const saved = now;
    now += 600_000;
    expect(links.verify(tokenOf(url))).toEqual({ ok: false, reason: "expired" });
    now = saved;
  });

  it("refuses another customer's ID under the same signature, and strings that are not tokens", () => {
    const [body, sig] = tokenOf(links.url("7590-VHVEG")).split(".");
    const forged = Buffer.from(
      Buffer.from(body, "base64url").toString("utf8").replace("7590-VHVEG", "3668-QPYBK"),
    ).toString("base64url");
    expect(links.verify(`${forged}.${sig}`)).toEqual({ ok: false, reason: "bad-signature" });
    for (const bad of ["", "x.y", `${body}.${sig}=`, "a".repeat(400)])
      expect(links.verify(bad)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses to sign an ID that could not be a file name", () => {
    expect(() => links.url("../etc/passwd")).toThrow(/invalid customer ID: "\.\.\/etc\/passwd"/);
    expect(() => links.url("")).toThrow(/invalid customer ID/);
  });
});
