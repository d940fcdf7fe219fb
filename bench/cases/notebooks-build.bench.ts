// The notebooks site: `npm run notebooks:build` time on a snapshot of ROWS simulated customers (data
// made once in setup, so a run is what a rebuild after a new snapshot costs: chart bundle, every
// data loader, Framework's build), then time to first chart and to every chart of each page in
// Debian's Chromium, from navigation start, served from 127.0.0.1.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase } from "../harness.ts";
import { workspacePaths } from "../../notebooks/loaders/workspace.ts";
import { NOTEBOOK_PAGES } from "../../notebooks/site.ts";
import { buildSite } from "../../notebooks/tools/build-site.ts";
import { ensureData } from "../../notebooks/tools/ensure-data.ts";
import { chromiumMissing, launchChromium } from "../../notebooks/test/chromium.ts";
import { serveStatic } from "../../notebooks/test/static-server.ts";

const ROWS = Number(process.env.ENGAGETRACK_BENCH_NOTEBOOK_ROWS || 20_000);

interface State {
  tmp: string;
  env: NodeJS.ProcessEnv;
}

export default defineCase<State>({
  name: `notebooks: build the site (${ROWS.toLocaleString("en-US")} customers) + time to first chart per page`,
  target: "build ≤ 60 s; first chart ≤ 2 s per page",
  runs: 2,
  warmup: 1,
  async setup() {
    const tmp = await mkdtemp(join(tmpdir(), "et-bench-notebooks-"));
    const env = {
      ...process.env,
      ENGAGETRACK_SNAPSHOTS_DIR: join(tmp, "snapshots"),
      ENGAGETRACK_MODEL_DIR: join(tmp, "model"),
      ENGAGETRACK_SIMULATE_ROWS: String(ROWS),
    };
    await ensureData(workspacePaths(env), { env, log: () => {} });
    return { tmp, env };
  },
  async run({ tmp, env }, ctx) {
    const built = await buildSite({ env, out: join(tmp, "site"), output: "capture", log: () => {} });
    const metrics: Record<string, number | string> = {
      loaders_and_framework_s: Math.round(built.seconds.framework * 10) / 10,
      chart_bundle_s: Math.round(built.seconds.bundle * 100) / 100,
    };
    const missing = chromiumMissing();
    if (missing) {
      ctx.report({ ...metrics, first_chart: `skipped: ${missing}` });
      return;
    }
    const server = await serveStatic(built.out, "/notebooks/");
    const browser = await launchChromium();
    try {
      for (const { path } of NOTEBOOK_PAGES) {
        const page = await browser.context.newPage();
        const slug = path === "/" ? "overview" : path.slice(1);
        const started = Date.now();
        await page.goto(`${server.origin}/notebooks${path}`, { waitUntil: "commit" });
        await page.locator("figure.et-chart svg").first().waitFor({ timeout: 60_000 });
        metrics[`${slug}_first_chart_ms`] = Date.now() - started;
        await page.waitForLoadState("networkidle");
        metrics[`${slug}_idle_ms`] = Date.now() - started;
        await page.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
    ctx.report(metrics);
  },
  teardown: ({ tmp }) => rm(tmp, { recursive: true, force: true }),
});
