import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signChartToken, verifyChartToken } from "../../services/chart-token.ts";

const secret = Buffer.from("0123456789abcdef0123456789abcdef");
const now = 1_800_000_000;

describe("signChartToken / verifyChartToken", () => {
  it("round-trips a chart request until it expires", () => {
    const token = signChartToken(
      { chart: "shap-waterfall", customerID: "7590-VHVEG", width: 640, height: 400 },
      secret,
      now + 60,
    );
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyChartToken(token, secret, now)).toEqual({
      ok: true,
      request: { chart: "shap-waterfall", customerID: "7590-VHVEG", width: 640, height: 400 },
      expiresAt: now + 60,
    });
    expect(verifyChartToken(token, secret, now + 60)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses a token signed with another secret, or with a changed payload or signature", () => {
    const token = signChartToken({ chart: "shap-waterfall", customerID: "7590-VHVEG" }, secret, now + 60);
    const other = Buffer.from("another-secret-another-secret-xx");
    expect(verifyChartToken(token, other, now)).toEqual({ ok: false, reason: "bad-signature" });
    const [body, sig] = token.split(".");
    // Same signature over another customer's payload.
    const forged = Buffer.from(
      Buffer.from(body, "base64url").toString("utf8").replace("7590-VHVEG", "3668-QPYBK"),
    ).toString("base64url");
    expect(verifyChartToken(`${forged}.${sig}`, secret, now)).toEqual({ ok: false, reason: "bad-signature" });
    const flipped = sig[0] === "A" ? `B${sig.slice(1)}` : `A${sig.slice(1)}`;
    expect(verifyChartToken(`${body}.${flipped}`, secret, now)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyChartToken(`${body}.${sig.slice(0, 20)}`, secret, now)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("refuses malformed tokens before computing anything", () => {
    for (const t of ["", "abc", "a.b.c", "a b.c", `${"a".repeat(600)}.b`]) {
      expect(verifyChartToken(t, secret, now)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("a correctly signed payload that is not a chart request is malformed", () => {
    const body = Buffer.from(JSON.stringify({ v: 1, c: "pie-chart", e: now + 60 })).toString("base64url");
    const sig = createHmac("sha256", secret).update(body).digest("base64url");
    expect(verifyChartToken(`${body}.${sig}`, secret, now)).toEqual({ ok: false, reason: "malformed" });
  });

  it("carries an owner whose book the risk distribution charts (a per-owner digest's image), and only for that chart", () => {
    const token = signChartToken({ chart: "risk-distribution", owner: "Tomás Herrera" }, secret, now + 60);
    expect(verifyChartToken(token, secret, now)).toEqual({
      ok: true,
      request: { chart: "risk-distribution", owner: "Tomás Herrera" },
      expiresAt: now + 60,
    });
    expect(() =>
      signChartToken({ chart: "shap-waterfall", customerID: "7590-VHVEG", owner: "Dana" }, secret, now),
    ).toThrow("invalid chart request: only risk-distribution charts an owner's book");
    expect(() => signChartToken({ chart: "risk-distribution", owner: "" }, secret, now)).toThrow(
      "invalid chart request: o",
    );
  });

  it("will not sign a waterfall without a customer, or a bad customer ID or size", () => {
    expect(() => signChartToken({ chart: "shap-waterfall" }, secret, now)).toThrow("needs a customer ID");
    expect(() => signChartToken({ chart: "shap-waterfall", customerID: "../x" }, secret, now)).toThrow(
      "invalid chart request: id",
    );
    expect(() => signChartToken({ chart: "risk-distribution", width: 10 }, secret, now)).toThrow(
      "invalid chart request: w",
    );
  });
});
