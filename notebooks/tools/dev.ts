// `npm run notebooks:dev`: Framework's preview server with live reload on http://127.0.0.1:3000
// (pages, components and data loaders reload as they change; core's chart definitions are rebundled
// on change). Extra arguments go to `observable preview` (e.g. `-- --port 4000`).
import { spawn } from "node:child_process";
import { workspacePaths } from "../loaders/workspace.ts";
import { NOTEBOOKS_DIR, NOTEBOOKS_DIST } from "../site.ts";
import { watchCharts } from "./bundle-charts.ts";
import { clearLoaderCache, FRAMEWORK_BIN, frameworkEnv } from "./build-site.ts";
import { ensureData } from "./ensure-data.ts";

const paths = workspacePaths(process.env);
await ensureData(paths, { env: process.env, log: (line) => process.stderr.write(`${line}\n`) });
const charts = await watchCharts();
await clearLoaderCache();
const child = spawn(
  process.execPath,
  [FRAMEWORK_BIN, "preview", "--host", "127.0.0.1", "--no-open", ...process.argv.slice(2)],
  { cwd: NOTEBOOKS_DIR, env: frameworkEnv(process.env, paths, NOTEBOOKS_DIST), stdio: "inherit" },
);
const stop = () => child.kill("SIGTERM");
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
child.on("close", async (code) => {
  await charts.dispose();
  process.exitCode = code ?? 0;
});
