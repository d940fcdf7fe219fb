// Chart links' images of the A/B chart: drawn from the experiment the serving snapshot's contract
// declares (its own arm column and outcomes), with what the configured experiments add (the
// server passes the ones it read), never for a data set that declares none.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartFromSnapshot, createChartRenderer } from "../../../core/src/charts/server.ts";
import { bookSnapshot } from "../../conversation/owner-book.ts";
import { conversationFixture } from "../fixtures/conversation-fixture.ts";
import type { Snapshot } from "../../../core/src/index.ts";
import { parseExperimentConfig } from "../../../core/src/experiments/index.ts";
import { accountsOfferWorkspace, OFFER_KEY } from "../../../core/test/experiments/accounts-offer.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { createChartImages } from "../../services/chart-images.ts";
import { createServices, type ServerServices } from "../../services/index.ts";
import { serverConfigFrom } from "../../server-config.ts";
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
      "Churn rate by arm of offer-2026 with 95% intervals: no offer, 120 customers (48%), churn 33.3% (25.5% to 42.2%); discount, 130 customers (52%), churn 19.2% (13.4% to 26.8%).",
    );
    expect(out.text).toMatch(
      /\nno offer +120 +48% +33\.3% +25\.5%–42\.2%\ndiscount +130 +52% +19\.2% +13\.4%–26\.8%$/,
    );
  });

  it("refuses to chart arms of a data set whose contract declares no experiment", async () => {
    const images = createChartImages({ renderer: createChartRenderer(), history: async () => [] });
    await expect(images.render(lease(plain), { chart: "ab-variants" })).rejects.toThrow(
      "the accounts data set declares no experiment: there are no arms to chart",
    );
  });
});

describe("the server's chart images", () => {
  // The server reads data/experiments.json from its working directory: a temp one here, whose
  // entry for the contract's experiment key says the arms were split 20/80, not the default 50/50.
  const configured = {
    experiments: [
      {
        key: OFFER_KEY,
        variants: { A: { name: "no offer", weight: 0.2 }, B: { name: "discount", weight: 0.8 } },
      },
    ],
  };
  let cwd: string;
  let work: string;
  beforeAll(async () => {
    cwd = process.cwd();
    work = await mkdtemp(join(tmpdir(), "et-chart-images-"));
    await mkdir(join(work, "data"));
    await writeFile(join(work, "data", "experiments.json"), JSON.stringify(configured));
  });
  afterAll(async () => {
    process.chdir(cwd);
    await rm(work, { recursive: true, force: true });
  });

  it("chart the arms with the configured experiments the server read", async () => {
    process.chdir(work);
    let services: ServerServices | undefined;
    try {
      services = await createServices(
        serverConfigFrom({
          PORT: "0",
          HOST: "127.0.0.1",
          ENGAGETRACK_MODEL_DIR: offer.modelDir,
          ENGAGETRACK_SNAPSHOTS_DIR: offer.snapshotsDir,
          ENGAGETRACK_USAGE_LOG: join(work, "usage.log"),
          ENGAGETRACK_STORE_DIR: "memory",
          ENGAGETRACK_API_KEYS: "test:test-key-0123456789abcdef",
          ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0",
          ENGAGETRACK_CHART_SIGNING_SECRET: "chart-secret-for-tests-0123456789abcdef",
        }),
        { logStream: { write: () => {} }, processMetrics: false },
      );
    } finally {
      process.chdir(cwd);
    }
    try {
      expect(services.experiments.experiments.map((e) => e.key)).toEqual([OFFER_KEY]);
      const served = services.serving.acquire();
      let out;
      try {
        out = await services.charts.render(served, { chart: "ab-variants" });
      } finally {
        served.release();
      }
      const renderer = createChartRenderer();
      const withConfig = await createChartImages({
        renderer,
        history: async () => [],
        experiments: parseExperimentConfig(configured),
      }).render(lease(offer), { chart: "ab-variants" });
      const withDefault = await createChartImages({ renderer, history: async () => [] }).render(
        lease(offer),
        {
          chart: "ab-variants",
        },
      );
      expect(withConfig.alt).not.toBe(withDefault.alt);
      expect(out.alt).toBe(withConfig.alt);
      expect(out.text).toBe(withConfig.text);
    } finally {
      await services.close();
    }
  });
});

describe("chart images: risk-distribution of an owner's book", () => {
  it("charts only that owner's accounts (the demo's simulated owners), cached apart from the team's", async () => {
    const demo = await conversationFixture({ trainRows: 600 });
    try {
      const renderer = createChartRenderer();
      const images = createChartImages({ renderer, history: async () => [] });
      const served: ServingLease = { model: demo.model, snapshot: demo.snapshot, release() {} };
      const team = await images.render(served, { chart: "risk-distribution" });
      const dana = await images.render(served, { chart: "risk-distribution", owner: "Dana Whitfield" });
      const book = await renderer.png(
        chartFromSnapshot("risk-distribution", { snapshot: bookSnapshot(demo.snapshot, "Dana Whitfield") }),
      );
      expect(dana.kind).toBe("png");
      expect(dana).toEqual(book);
      expect(dana).not.toEqual(team);
    } finally {
      await demo.close();
    }
  }, 60_000);
});
