// Chart links' images of the A/B chart: drawn from the experiment the serving snapshot's contract
// declares (its own arm column and outcomes), never for a data set that declares none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartRenderer } from "../../../core/src/charts/server.ts";
import type { Snapshot } from "../../../core/src/index.ts";
import { parseExperimentConfig } from "../../../core/src/experiments/index.ts";
import { accountsOfferWorkspace, OFFER_KEY } from "../../../core/test/experiments/accounts-offer.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { createChartImages } from "../../services/chart-images.ts";
import type { ServingLease } from "../../services/serving-state.ts";

let offer: AccountsWorkspace;
let plain: AccountsWorkspace;
beforeAll(async () => {
  offer = await accountsOfferWorkspace();
  plain = await accountsWorkspace();
}, 90_000);
afterAll(async () => {
  await Promise.all([offer?.close(), plain?.close()]);
});

const lease = (ws: AccountsWorkspace): ServingLease => ({
  model: ws.model,
  snapshot: ws.snapshot as unknown as Snapshot,
  release() {},
});

describe("chart images: ab-variants", () => {
  it("draws the arms of the contract's experiment from its own arm column and the snapshot's status", async () => {
    const images = createChartImages({
      renderer: createChartRenderer(),
      history: async () => [],
      experiments: parseExperimentConfig({
        experiments: [
          {
            key: OFFER_KEY,
            variants: { A: { name: "no offer", weight: 0.5 }, B: { name: "discount", weight: 0.5 } },
          },
        ],
      }),
    });
    const out = await images.render(lease(offer), { chart: "ab-variants" });
    expect(out.kind).toBe("png");
    // 40 of 120 churned in control, 25 of 130 with the discount (read from status, not a Churn column).
    expect(out.alt).toBe(
      "Churn rate by nudge variant with 95% intervals: variant A, 120 customers (48%), churn 33.3% (25.5% to 42.2%); variant B, 130 customers (52%), churn 19.2% (13.4% to 26.8%).",
    );
    expect(out.text).toMatch(/\nA +120 +48% +33\.3% +25\.5%–42\.2%\nB +130 +52% +19\.2% +13\.4%–26\.8%$/);
  });

  it("refuses to chart arms of a data set whose contract declares no experiment", async () => {
    const images = createChartImages({ renderer: createChartRenderer(), history: async () => [] });
    await expect(images.render(lease(plain), { chart: "ab-variants" })).rejects.toThrow(
      "the accounts data set declares no experiment: there are no arms to chart",
    );
  });
});
