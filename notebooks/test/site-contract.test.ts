// The notebooks site of a table that is NOT Telco (the accounts table, its hand-written contract) in
// a real browser: every page opens with no console error, failed request or request off this
// machine; every chart has marks; the banner names the data set, says no column is simulated and
// that there are no outcomes yet (the newest snapshot is label-free: every customer current); the
// Model page shows only label-free views and says why measured metrics are absent; the Experiments
// page says there is no experiment; the risk trend says which older snapshot it left out; and no
// page names a Telco or simulator column. One build for the whole file.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { NOTEBOOK_PAGES } from "../site.ts";
// One build at a time across parallel test workers: builds share notebooks/src (see the fixture).
import { buildSiteExclusive as buildSite } from "./fixtures/build-site-exclusive.ts";
import { chromiumMissing, keepOnMachine, launchChromium, watchedPage, type Browser } from "./chromium.ts";
import {
  accountsNotebookWorkspace,
  LABEL_FREE_SNAPSHOT_ID,
  OTHER_MODEL_SNAPSHOT_ID,
  type AccountsNotebookWorkspace,
} from "./fixtures/accounts-notebook-workspace.ts";
import { serveStatic, type StaticServer } from "./static-server.ts";

const ARTIFACTS = join(import.meta.dirname, "artifacts");

/** Charts each page must draw (every other chart on a page must have marks too). */
const EXPECTED: Record<string, string[]> = {
  "/": ["risk-distribution", "segment-state", "segment-international_plan", "risk-trend"],
  "/behaviour": [],
  "/model": ["risk-distribution", "cost-curve", "global-importance", "shap-dependence"],
  "/customers": ["shap-waterfall"],
  "/experiments": [],
  "/segments": [
    "segment-grid",
    "segment-state",
    "segment-international_plan",
    "segment-voice_mail_plan",
    "segment-area_code",
  ],
};

/** Words of Telco's and the simulator's columns and pages that must not appear on this site. */
const FOREIGN =
  /\b(persona|Persona|planTier|Plan tier|Contract|MonthlyCharges|Monthly charges|Support calls|Payment delay|Sessions per month|engagement score|Engagement|lifecycle|Lifecycle|variant|nudge-strategy)\b/;

const missing = chromiumMissing();
if (missing) console.warn(`notebooks browser tests skipped: ${missing}`);

describe.skipIf(missing)(
  `accounts notebooks site in Chromium${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    let ws: AccountsNotebookWorkspace;
    let server: StaticServer;
    let browser: Browser;
    const problems: string[] = [];
    const offMachine: string[] = [];

    beforeAll(async () => {
      ws = await accountsNotebookWorkspace({ labelFree: true });
      const env = {
        ...process.env,
        ENGAGETRACK_SNAPSHOTS_DIR: ws.snapshotsDir,
        ENGAGETRACK_MODEL_DIR: ws.modelDir,
        ENGAGETRACK_NOTEBOOK_CUSTOMERS: "30",
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
      if (path !== "/experiments")
        await page.locator("figure.et-chart svg").first().waitFor({ timeout: 30_000 });
      return page;
    }

    async function marks(page: Page, chart: string): Promise<number> {
      const figure = page.locator(`figure.et-chart[data-chart="${chart}"]`).first();
      await figure.locator("svg").waitFor({ timeout: 30_000 });
      return figure.evaluate((f) =>
        ["bar", "cell", "dot", "line", "area", "rule", "rect"]
          .map(
            (mark) => f.querySelectorAll(`svg g[aria-label="${mark}"] :is(rect, circle, path, line)`).length,
          )
          .reduce((a, b) => a + b, 0),
      );
    }

    for (const { path, name } of NOTEBOOK_PAGES) {
      it(`${name} (${path}) draws every chart in the table's own terms, with the banner, quietly and offline`, async () => {
        const page = await open(path);
        for (const chart of EXPECTED[path])
          expect(await marks(page, chart), `${path} ${chart}`).toBeGreaterThan(0);
        const drawn = await page
          .locator("figure.et-chart")
          .evaluateAll((fs) => fs.map((f) => f.getAttribute("data-chart") ?? ""));
        for (const chart of drawn) expect(await marks(page, chart), `${path} ${chart}`).toBeGreaterThan(0);
        // Behaviour: the six most important of the contract's columns, and one more picked from the rest.
        if (path === "/behaviour") expect(drawn.filter((c) => c.startsWith("feature-"))).toHaveLength(7);
        const banner = (await page.locator("#dataset-banner").textContent()) ?? "";
        expect(banner).toContain("Data set: accounts — Mobile accounts (test table)");
        expect(banner).toContain("Simulated: nothing (every value read from the data)");
        expect(banner).toContain("Outcomes: no outcomes yet: all 1,500 customers are current");
        expect(banner).toContain(`Snapshot: ${LABEL_FREE_SNAPSHOT_ID}`);
        expect(banner).toContain(`by model accounts (${ws.model.hash.slice(0, 12)})`);
        await page.waitForLoadState("networkidle");
        const text = (await page.locator("main").innerText()) ?? "";
        expect(text.match(FOREIGN)?.[0] ?? null, path).toBeNull();
        const slug = path === "/" ? "overview" : path.slice(1);
        await page.screenshot({ path: join(ARTIFACTS, `accounts-${slug}.png`), fullPage: true });
        await page.close();
        expect(problems).toEqual([]);
        expect(offMachine).toEqual([]);
      });
    }

    it("the Model page shows only label-free views and says why measured metrics are absent", async () => {
      const page = await open("/model");
      expect(await page.locator("#model-basis").textContent()).toMatch(
        /No measured metrics\. Why: no customer in snapshot .* has a known outcome/,
      );
      for (const chart of ["confusion-matrix", "roc-curve", "precision-recall", "calibration-curve"])
        expect(await page.locator(`figure.et-chart[data-chart="${chart}"]`).count(), chart).toBe(0);
      expect(await page.locator("#expected-summary").textContent()).toContain(
        "Expected, from the model's probabilities",
      );
      expect(await page.locator("#threshold-summary").textContent()).not.toMatch(/precision|recall/);
      expect(await page.locator("#drift").textContent()).toContain("Customer service calls");
      expect(await page.locator("#measured-metrics").textContent()).toContain(
        "Measured metrics are not shown",
      );
      await page.close();
      expect(problems).toEqual([]);
    });

    it("the Experiments page says there is no experiment for this data set, with no verdict or arms", async () => {
      const page = await open("/experiments");
      expect(await page.locator("#experiment-none").textContent()).toContain(
        "There is no experiment for this data set.",
      );
      expect(await page.locator("figure.et-chart").count()).toBe(0);
      expect((await page.locator("#experiment-verdict").textContent())?.trim() ?? "").toBe("");
      await page.close();
      expect(problems).toEqual([]);
    });

    it("the overview lists only customers to act on, keeps history apart and says what the trend left out", async () => {
      const page = await open("/");
      expect(await page.locator("#trend-note").textContent()).toContain(
        "1 older snapshot was left out (another data set or model: accounts / accounts-v0)",
      );
      expect(await page.locator("#history-list").textContent()).toContain(
        "Nobody in this snapshot has churned.",
      );
      expect(await page.locator("#call-list tbody tr").count()).toBe(10);
      expect(await page.locator(".et-kpi").first().textContent()).toContain("1,500");
      expect(await page.locator(".et-kpi").nth(2).textContent()).toContain("€");
      expect(OTHER_MODEL_SNAPSHOT_ID).not.toBe(LABEL_FREE_SNAPSHOT_ID);
      await page.close();
      expect(problems).toEqual([]);
    });

    it("the User insights page shows a customer's facts in the contract's labels", async () => {
      const page = await open("/customers");
      await expect.poll(() => page.locator("#insight-facts").textContent()).toContain("State");
      const facts = (await page.locator("main").innerText()) ?? "";
      expect(facts).toContain("Customer service calls");
      expect(facts).toContain("Status: current");
      await page.close();
      expect(problems).toEqual([]);
    });
  },
);
