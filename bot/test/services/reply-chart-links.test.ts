import { describe, expect, it } from "vitest";
import { chartRequest, type ChartRequest } from "../../conversation/index.ts";
import { createChartLinks } from "../../services/chart-links.ts";
import { createReplyChartLinks, MAX_REPLY_CHART_TOKEN_LENGTH } from "../../services/reply-chart-links.ts";
import { createSummaryLinks } from "../../services/summary-links.ts";

const secret = Buffer.from("0123456789abcdef0123456789abcdef");
const base = () => "https://et.example.com";
let now = 1_800_000_000_000;
const clock = () => now;

// A contract chart with an empty segment: its mean probability is NaN, which JSON alone would lose.
const contracts: ChartRequest = chartRequest(
  {
    chart: "contract-segmentation",
    input: [
      { segment: "Month-to-month", customers: 2210, meanProbability: 0.4231, highRisk: 611 },
      { segment: "One year", customers: 1055, meanProbability: 0.1102, highRisk: 31 },
      { segment: "Two year", customers: 0, meanProbability: Number.NaN, highRisk: 0 },
    ],
  },
  "contract-segmentation",
);

const tokenOf = (url: string) => /\/charts\/r\/([^/]+)\.png$/.exec(url)![1];

describe("createReplyChartLinks", () => {
  it("carries the chart's data in the link and rebuilds the same chart request from it (NaN included)", () => {
    const links = createReplyChartLinks({ secret, ttlSeconds: 3600, baseUrl: base, clock });
    const url = links.url(contracts)!;
    expect(url).toMatch(/^https:\/\/et\.example\.com\/charts\/r\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\.png$/);
    const check = links.verify(tokenOf(url));
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.chart).toEqual(contracts);
    expect(Number.isNaN((check.chart.input as { meanProbability: number }[])[2].meanProbability)).toBe(true);
    expect(check.chart.cacheKey).toBe(contracts.cacheKey);
    expect(check.expiresAt).toBe(now / 1000 + 3600);
    // Deterministic: the same chart at the same time is the same link (cacheable by clients).
    expect(links.url(contracts)).toBe(url);
  });

  it("expired → expired; altered body or signature, or another secret → bad-signature; not a token → malformed", () => {
    const links = createReplyChartLinks({ secret, ttlSeconds: 60, baseUrl: base, clock });
    const token = tokenOf(links.url(contracts)!);
    const [body, sig] = token.split(".");
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    expect(links.verify(`${flip(body, 5)}.${sig}`)).toEqual({ ok: false, reason: "bad-signature" });
    expect(links.verify(`${body}.${flip(sig, 0)}`)).toEqual({ ok: false, reason: "bad-signature" });
    const other = createReplyChartLinks({
      secret: Buffer.from("another-secret-another-secret-xx"),
      ttlSeconds: 60,
      baseUrl: base,
      clock,
    });
    expect(other.verify(token)).toEqual({ ok: false, reason: "bad-signature" });
    for (const bad of ["", "abc", `${body}.${sig.slice(0, 20)}`, `${body}.${sig}.x`, "../../etc.passwd"])
      expect(links.verify(bad)).toEqual({ ok: false, reason: "malformed" });
    const saved = now;
    now += 60_000;
    expect(links.verify(token)).toEqual({ ok: false, reason: "expired" });
    now = saved;
  });

  it("a summary token or a customer chart token is never a reply-chart token (same secret)", () => {
    const links = createReplyChartLinks({ secret, ttlSeconds: 60, baseUrl: base, clock });
    const summary = createSummaryLinks({ secret, ttlSeconds: 60, baseUrl: base, clock }).path("7590-VHVEG");
    const summaryToken = /\/summaries\/(.+)\.txt$/.exec(summary)![1];
    expect(links.verify(summaryToken)).toEqual({ ok: false, reason: "bad-signature" });
    const chart = createChartLinks({ secret, ttlSeconds: 60, baseUrl: base, clock }).path({
      chart: "risk-distribution",
    });
    expect(links.verify(/\/charts\/(.+)\.png$/.exec(chart)![1])).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("links a customer's waterfall to the customer chart link when one is given", () => {
    const customerLinks = createChartLinks({ secret, ttlSeconds: 60, baseUrl: base, clock });
    const waterfall = chartRequest(
      {
        chart: "shap-waterfall",
        input: {
          customerID: "7590-VHVEG",
          baseValue: -1.2,
          margin: 0.9,
          drivers: [
            { label: "Contract = Month-to-month", value: 1.1 },
            { label: "tenure = 1", value: 1.0 },
          ],
          probability: 0.71,
        },
      },
      "shap-waterfall-7590-VHVEG",
    );
    const withCustomer = createReplyChartLinks({
      secret,
      ttlSeconds: 60,
      baseUrl: base,
      clock,
      customerLinks,
    });
    const url = withCustomer.url(waterfall)!;
    const token = /^https:\/\/et\.example\.com\/charts\/([^/]+)\.png$/.exec(url)![1];
    expect(customerLinks.verify(token)).toMatchObject({
      ok: true,
      request: { chart: "shap-waterfall", customerID: "7590-VHVEG" },
    });
    // Without customer links the waterfall's own data makes the link.
    const alone = createReplyChartLinks({ secret, ttlSeconds: 60, baseUrl: base, clock });
    expect(alone.verify(tokenOf(alone.url(waterfall)!))).toMatchObject({ ok: true, chart: waterfall });
  });

  it("gives no link when the chart's data does not fit in a token", () => {
    const links = createReplyChartLinks({ secret, ttlSeconds: 60, baseUrl: base, clock });
    // Distinct, incompressible labels: far more data than a link may carry.
    const many = chartRequest(
      {
        chart: "contract-segmentation",
        input: Array.from({ length: 400 }, (_, i) => ({
          segment: `segment ${((i * 2654435761) >>> 0).toString(36)}`,
          customers: 1000 + ((i * 7919) % 997),
          meanProbability: ((i * 104729) % 1000) / 1000,
          highRisk: (i * 31) % 400,
        })),
      },
      "contract-segmentation",
    );
    expect(links.url(many)).toBeUndefined();
    expect(links.path(many)).toBeUndefined();
    expect(links.path(contracts)!.length).toBeLessThan(MAX_REPLY_CHART_TOKEN_LENGTH);
  });
});
