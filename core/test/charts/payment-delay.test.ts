import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { paymentDelay, paymentDelaySegments, PAYMENT_DELAY_BINS } from "../../src/charts/payment-delay.ts";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import { PAYMENT_DELAY } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("paymentDelay", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("payment-delay", createSvgRenderer().render(paymentDelay(PAYMENT_DELAY)));
  });

  it("buckets a snapshot's paymentDelayDays at the bucket edges", () => {
    const values = [0, 1, 7, 8, 14, 15, 30, 31, 61];
    const t = table({
      paymentDelayDays: values,
      probability: values.map(() => 0.5),
      band: values.map(() => "Medium"),
    });
    const out = paymentDelaySegments({ actionable: t });
    expect(out.map((s) => [s.segment, s.customers])).toEqual([
      ["On time", 1],
      ["1–7 days late", 2],
      ["8–14 days late", 2],
      ["15–30 days late", 2],
      ["31–60 days late", 1],
      ["Over 60 days late", 1],
    ]);
    expect(out.map((s) => s.segment)).toEqual(PAYMENT_DELAY_BINS.map((b) => b.label));
  });
});
