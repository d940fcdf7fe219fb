// The Experiments page of a data set whose contract declares a real experiment (the accounts table
// with a recorded `offer_arm`: control / discount, labelled outcomes) in a real browser: the
// verdict names the arms, the A/B chart is titled by the experiment's key and draws both arms,
// engagement is said not to be measured (no engagement chart, no NaN), nothing is marked simulated,
// and no page names a Telco or simulator column — with no console error or request off this
// machine. One build.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
// One build at a time across parallel test workers: builds share notebooks/src (see the fixture).
import { buildSiteExclusive as buildSite } from "./fixtures/build-site-exclusive.ts";
import { chromiumMissing, keepOnMachine, launchChromium, watchedPage, type Browser } from "./chromium.ts";
import { serveStatic, type StaticServer } from "./static-server.ts";
import { accountsOfferWorkspace, OFFER_KEY } from "../../core/test/experiments/accounts-offer.ts";
import type { AccountsWorkspace } from "../../core/test/fixtures/accounts-workspace.ts";

const ARTIFACTS = join(import.meta.dirname, "artifacts");
const FOREIGN =
  /\b(persona|planTier|MonthlyCharges|engagementScore|Engagement|variant|Variant|nudge-strategy|NaN)\b/;

const missing = chromiumMissing();
if (missing) console.warn(`notebooks browser tests skipped: ${missing}`);

describe.skipIf(missing)(
  `notebooks Experiments page of a declared experiment in Chromium${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    let ws: AccountsWorkspace;
    let server: StaticServer;
    let browser: Browser;
    const problems: string[] = [];
    const offMachine: string[] = [];

    beforeAll(async () => {
      ws = await accountsOfferWorkspace();
      const env = {
        ...process.env,
        ENGAGETRACK_SNAPSHOTS_DIR: ws.snapshotsDir,
        ENGAGETRACK_MODEL_DIR: ws.modelDir,
        ENGAGETRACK_NOTEBOOK_CUSTOMERS: "20",
      };
      const built = await buildSite({ env, out: join(ws.dir, "site"), output: "capture", log: () => {} });
      expect(built.hadData).toBe(true);
      server = await serveStatic(built.out, "/notebooks/");
      browser = await launchChromium();
      await keepOnMachine(browser.context, offMachine);
      await mkdir(ARTIFACTS, { recursive: true });
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await ws?.model.release();
      await ws?.close();
    });

    async function open(path: string): Promise<Page> {
      const page = await watchedPage(browser.context, path, problems);
      await page.goto(`${server.origin}/notebooks${path}`);
      await page.locator("#dataset-banner").waitFor({ timeout: 30_000 });
      return page;
    }

    it("shows the verdict in the arms' names, the A/B chart by the experiment's key, and engagement as not measured", async () => {
      const page = await open("/experiments");
      const figure = page.locator('figure.et-chart[data-chart="ab-variants"]');
      await figure.locator("svg").waitFor({ timeout: 30_000 });
      const dots = await figure.evaluate((f) => f.querySelectorAll('svg g[aria-label="dot"] circle').length);
      expect(dots).toBe(2);
      expect(await figure.innerText()).toContain(`Churn by ${OFFER_KEY}`);
      expect(await page.locator("#experiment-verdict").textContent()).toMatch(
        /discount lowers churn by 14\.1 points vs control, 95% CI .*, p = 0\.011; sample ratio healthy/,
      );
      expect(await page.locator("#experiment-engagement-note").textContent()).toBe(
        "engagement was not measured in this data set.",
      );
      for (const chart of ["engagement-arms", "engagement-histogram"])
        expect(await page.locator(`figure.et-chart[data-chart="${chart}"]`).count(), chart).toBe(0);
      expect(await page.locator("#experiment-simulated").count()).toBe(0);
      expect(await page.locator("#experiment-none").count()).toBe(0);
      await page.waitForLoadState("networkidle");
      const text = (await page.locator("main").innerText()) ?? "";
      expect(text).toContain("Churn, discount − control");
      expect(text).toContain("P(discount churns less)");
      expect(text.match(FOREIGN)?.[0] ?? null).toBeNull();
      await page.screenshot({ path: join(ARTIFACTS, "accounts-offer-experiments.png"), fullPage: true });
      await page.close();
      expect(problems).toEqual([]);
      expect(offMachine).toEqual([]);
    });
  },
);
