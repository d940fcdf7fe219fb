// The built notebooks site in a real browser (Debian's Chromium through playwright-core): every page
// opens with no console error, no failed request and no request off this machine; every chart has
// drawn marks; picking a customer changes the waterfall; moving the threshold changes the confusion
// matrix; filters change the behaviour charts; the TXT download is core's renderInsightText. The
// site is built from a fresh snapshot in a temporary directory (as a fresh clone's build makes one)
// and served under /notebooks/, where the server will mount it. Screenshots of every page go to
// notebooks/test/artifacts/.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { renderInsightText, type ChurnModel, type CustomerInsight, type Snapshot } from "engagetrack";
import type { InsightsData } from "../loaders/insights-data.ts";
import { modelFor, newestSnapshot, workspacePaths } from "../loaders/workspace.ts";
import { NOTEBOOK_PAGES } from "../site.ts";
// One build at a time across parallel test workers: builds share notebooks/src (see the fixture).
import { buildSiteExclusive as buildSite } from "./fixtures/build-site-exclusive.ts";
import { chromiumMissing, keepOnMachine, launchChromium, watchedPage, type Browser } from "./chromium.ts";
import { serveStatic, type StaticServer } from "./static-server.ts";
import { startTestServer } from "../../bot/test/fixtures/test-server.ts";

const ARTIFACTS = join(import.meta.dirname, "artifacts");
const BUNDLED = 60;

/**
 * Charts each page must draw (figure data-chart names): the demo's preset contract names them
 * (segment columns Contract and planTier, …). Every other chart on a page must have marks too.
 */
const EXPECTED: Record<string, string[]> = {
  "/": ["risk-distribution", "segment-Contract", "segment-planTier", "ab-variants", "risk-trend"],
  "/behaviour": [],
  "/model": [
    "risk-distribution",
    "confusion-matrix",
    "cost-curve",
    "roc-curve",
    "precision-recall",
    "calibration-curve",
    "global-importance",
    "shap-dependence",
  ],
  "/customers": ["shap-waterfall"],
  "/experiments": ["ab-variants", "engagement-arms", "effect-intervals", "engagement-histogram"],
  "/segments": [
    "segment-grid",
    "segment-Contract",
    "segment-planTier",
    "segment-persona",
    "segment-lifecycleStage",
  ],
};

const missing = chromiumMissing();
if (missing) console.warn(`notebooks browser tests skipped: ${missing}`);

describe.skipIf(missing)(`notebooks site in Chromium${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let tmp: string;
  let server: StaticServer;
  let browser: Browser;
  let snapshot: Snapshot;
  let model: ChurnModel;
  let bundled: InsightsData;
  const problems: string[] = [];
  const offMachine: string[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "et-site-"));
    const env = {
      ...process.env,
      ENGAGETRACK_SNAPSHOTS_DIR: join(tmp, "snapshots"),
      ENGAGETRACK_MODEL_DIR: join(tmp, "model"),
      ENGAGETRACK_SIMULATE_ROWS: "3000",
      ENGAGETRACK_NOTEBOOK_CUSTOMERS: String(BUNDLED),
    };
    const built = await buildSite({ env, out: join(tmp, "site"), output: "capture", log: () => {} });
    expect(built.hadData).toBe(false);
    const paths = workspacePaths(env);
    snapshot = await newestSnapshot(paths);
    model = await modelFor(paths, snapshot);
    const dataDir = join(built.out, "_file/data");
    const insightsFile = (await readdir(dataDir)).find((f) => /^insights\.[0-9a-f]+\.json$/.test(f))!;
    bundled = JSON.parse(await readFile(join(dataDir, insightsFile), "utf8"));
    server = await serveStatic(built.out, "/notebooks/");
    browser = await launchChromium();
    await keepOnMachine(browser.context, offMachine);
    await mkdir(ARTIFACTS, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await model?.release();
    if (Object.keys(timings).length) {
      await writeFile(join(ARTIFACTS, "time-to-first-chart.json"), `${JSON.stringify(timings, null, 2)}\n`);
    }
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  /** A page with listeners that record console errors, page errors and failed requests. */
  async function open(path: string): Promise<Page> {
    const page = await watchedPage(browser.context, path, problems);
    const started = Date.now();
    await page.goto(`${server.origin}/notebooks${path}`);
    await page.locator("figure.et-chart svg").first().waitFor({ timeout: 30_000 });
    timings[path] = Date.now() - started;
    return page;
  }

  /** Marks drawn in a chart: Plot's mark groups (not axes or grids) and their shapes. */
  async function marks(page: Page, chart: string): Promise<number> {
    const figure = page.locator(`figure.et-chart[data-chart="${chart}"]`).first();
    await figure.locator("svg").waitFor({ timeout: 30_000 });
    return figure.evaluate((f) =>
      ["bar", "cell", "dot", "line", "area", "rule", "rect"]
        .map((mark) => f.querySelectorAll(`svg g[aria-label="${mark}"] :is(rect, circle, path, line)`).length)
        .reduce((a, b) => a + b, 0),
    );
  }

  const label = (page: Page, chart: string) =>
    page.locator(`figure.et-chart[data-chart="${chart}"] svg`).first().getAttribute("aria-label");

  for (const { path, name } of NOTEBOOK_PAGES) {
    it(`${name} (${path}) draws every chart, quietly and offline`, async () => {
      const page = await open(path);
      for (const chart of EXPECTED[path]) {
        expect(await marks(page, chart), `${path} ${chart}`).toBeGreaterThan(0);
      }
      const drawn = await page
        .locator("figure.et-chart")
        .evaluateAll((fs) => fs.map((f) => f.getAttribute("data-chart") ?? ""));
      expect(drawn.length, path).toBeGreaterThan(0);
      for (const chart of drawn) expect(await marks(page, chart), `${path} ${chart}`).toBeGreaterThan(0);
      // The banner: the demo's data set, every value simulated, outcomes known, snapshot and model.
      const banner = (await page.locator("#dataset-banner").textContent()) ?? "";
      expect(banner).toContain("Data set: simulated");
      expect(banner).toContain("all values simulated");
      expect(banner).toMatch(/Outcomes: known for [\d,]+ customers/);
      expect(banner).toContain(snapshot.manifest.id);
      expect(banner).toContain(
        `by model ${snapshot.manifest.model.name} (${snapshot.manifest.model.hash.slice(0, 12)})`,
      );
      await page.waitForLoadState("networkidle");
      const slug = path === "/" ? "overview" : path.slice(1);
      await page.screenshot({ path: join(ARTIFACTS, `${slug}.png`), fullPage: true });
      await page.close();
      expect(problems).toEqual([]);
      expect(offMachine).toEqual([]);
    });
  }

  it("picking another customer changes the waterfall, and the TXT download is renderInsightText", async () => {
    const page = await open("/customers");
    const first = bundled.customers[0].id;
    expect(await label(page, "shap-waterfall")).toContain(`customer ${first}`);
    const third = bundled.customers[2].id;
    await page.locator("form table tbody tr").nth(2).locator("input").check();
    await expect.poll(() => label(page, "shap-waterfall")).toContain(`customer ${third}`);
    await expect.poll(() => page.locator("#insight-customer").textContent()).toBe(third);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download summary (TXT)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`engagetrack-${third}.txt`);
    const text = await readFile((await download.path())!, "utf8");
    expect(text.split("\n")[0]).toBe(`EngageTrack customer summary: ${third}`);
    expect(text).toBe(renderInsightText(bundled.details[third].insight as CustomerInsight));
    await page.close();
    expect(problems).toEqual([]);
  });

  it("looks a customer outside the bundle up on the real server (GET /notebooks/api/customers/:id)", async () => {
    // The EngageTrack server over the snapshot and model the site was built from, serving the built
    // site at /notebooks/ with the default policy (lookups from this machine only).
    const api = await startTestServer(
      { dir: tmp, modelDir: join(tmp, "model"), snapshotsDir: join(tmp, "snapshots") },
      { ENGAGETRACK_NOTEBOOKS_DIST: join(tmp, "site") },
    );
    const proxied = await startTestServer(
      { dir: tmp, modelDir: join(tmp, "model"), snapshotsDir: join(tmp, "snapshots") },
      {
        ENGAGETRACK_NOTEBOOKS_DIST: join(tmp, "site"),
        ENGAGETRACK_NOTEBOOK_ACCESS: "proxy",
        // The proxy is elsewhere: this browser's requests did not come through it.
        ENGAGETRACK_TRUSTED_PROXIES: "192.0.2.1",
      },
      {},
      "usage-proxied",
    );
    try {
      const ids = snapshot.table.array("customerID") as ArrayLike<string>;
      const outside = Array.from(ids).find((id) => !(id in bundled.details))!;
      const lease = api.services.serving.acquire();
      const insight: CustomerInsight = await api.services.insight(lease, outside);
      lease.release();
      const asked: string[] = [];
      const page = await browser.context.newPage();
      page.on("request", (r) => {
        const url = new URL(r.url());
        if (url.pathname.startsWith("/notebooks/api/")) asked.push(`${r.headers().accept} ${url.pathname}`);
      });
      await page.goto(`${api.url}/notebooks/customers`);
      await page.locator('figure.et-chart[data-chart="shap-waterfall"] svg').waitFor();
      await page.getByPlaceholder("any customer ID").fill(outside);
      await page.getByRole("button", { name: "Look up" }).click();
      await expect.poll(() => label(page, "shap-waterfall")).toContain(`customer ${outside}`);
      expect(asked).toEqual([
        `application/json /notebooks/api/customers/${outside}`,
        `text/plain /notebooks/api/customers/${outside}`,
      ]);
      // The same TXT as the bot's and the CLI's export (the nudge's time aside: a new lookup).
      const text = (await page.locator("#insight-text").textContent()) ?? "";
      expect(text.split("\n")[0]).toBe(`EngageTrack customer summary: ${outside}`);
      expect(text.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>")).toBe(
        renderInsightText(insight).replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>"),
      );
      await page.getByPlaceholder("any customer ID").fill("NOPE-0000");
      await page.getByRole("button", { name: "Look up" }).click();
      await expect
        .poll(() => page.locator("#lookup-message").textContent())
        .toContain("No customer NOPE-0000");
      // Each lookup is audited on surface "notebook" with the local actor.
      const notebookAudits = async () => (await api.audits()).filter((a) => a.surface === "notebook");
      await expect.poll(async () => (await notebookAudits()).length).toBe(3);
      const audits = await notebookAudits();
      expect(audits.map((a) => [a.actor, a.outcome])).toEqual([
        ["notebook:local", "ok"],
        ["notebook:local", "ok"],
        ["notebook:local", "not-found"],
      ]);
      expect(audits[0]!.customerID).toBe(outside);
      await page.close();

      // Behind a signing-in proxy, a request that did not come through it (no user header) is refused
      // and the page says why.
      const refused = await browser.context.newPage();
      await refused.goto(`${proxied.url}/notebooks/customers`);
      await refused.locator('figure.et-chart[data-chart="shap-waterfall"] svg').waitFor();
      await refused.getByPlaceholder("any customer ID").fill(outside);
      await refused.getByRole("button", { name: "Look up" }).click();
      await expect
        .poll(() => refused.locator("#lookup-message").textContent())
        .toContain("refused the lookup: sign in through the notebooks' proxy");
      await refused.close();
    } finally {
      await api.close();
      await proxied.close();
    }
  });

  it("moving the threshold changes the confusion matrix and the expected saving", async () => {
    const page = await open("/model");
    const before = await label(page, "confusion-matrix");
    const summary = await page.locator("#threshold-summary").textContent();
    const threshold = page.locator("form", { hasText: "Threshold" }).locator("input[type=number]");
    await threshold.fill("0.6");
    await expect.poll(() => label(page, "confusion-matrix")).not.toBe(before);
    expect(await label(page, "confusion-matrix")).toContain("threshold 60%");
    expect(await page.locator("#threshold-summary").textContent()).not.toBe(summary);
    await page.close();
    expect(problems).toEqual([]);
  });

  it("marks the demo's experiment as simulated", async () => {
    const page = await open("/experiments");
    expect(await page.locator("#experiment-simulated").textContent()).toContain("is simulated");
    expect(await page.locator("#experiment-verdict").textContent()).toMatch(/churn/);
    await page.close();
    expect(problems).toEqual([]);
  });

  it("filters update the behaviour charts", async () => {
    const page = await open("/behaviour");
    const first = () => page.locator("figure.et-chart svg").first().getAttribute("aria-label");
    const before = await first();
    const count = await page.locator("#behaviour-count").textContent();
    await page
      .locator("form", { hasText: "Persona (simulated)" })
      .locator("select")
      .first()
      .selectOption("Student");
    await expect.poll(first).not.toBe(before);
    expect(await page.locator("#behaviour-count").textContent()).not.toBe(count);
    await page.close();
    expect(problems).toEqual([]);
  });
});
