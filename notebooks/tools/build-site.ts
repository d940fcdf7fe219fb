/**
 * Builds the notebooks site: makes sure there is data, bundles core's chart definitions for the
 * browser, clears Framework's data-loader cache (it is keyed by the loader's file time only, so a
 * new snapshot would otherwise be missed), then runs `observable build` from notebooks/.
 */
import { spawn } from "node:child_process";
import { readdir, rm } from "node:fs/promises";
import { delimiter, join, resolve } from "node:path";
import { REPO_ROOT, workspacePaths, type WorkspacePaths } from "../loaders/workspace.ts";
import { NOTEBOOKS_DIR, NOTEBOOKS_DIST } from "../site.ts";
import { bundleCharts } from "./bundle-charts.ts";
import { ensureData } from "./ensure-data.ts";

/** Framework's command line, run with the current Node. */
export const FRAMEWORK_BIN = join(REPO_ROOT, "node_modules/@observablehq/framework/dist/bin/observable.js");

export interface BuildSiteOptions {
  /** Environment: ENGAGETRACK_SNAPSHOTS_DIR, ENGAGETRACK_MODEL_DIR, ENGAGETRACK_NOTEBOOK_CUSTOMERS, … */
  env: NodeJS.ProcessEnv;
  /** Output directory (default notebooks/dist). */
  out?: string;
  log?: (line: string) => void;
  /** Framework's own output: shown (default), or kept and put in the error message if the build fails. */
  output?: "inherit" | "capture";
}

export interface BuiltSite {
  out: string;
  /** Seconds per step. */
  seconds: { data: number; bundle: number; framework: number };
  /** False when the build had to make the snapshot and model first. */
  hadData: boolean;
}

/** The environment Framework (and so every data loader) runs with. */
export function frameworkEnv(env: NodeJS.ProcessEnv, paths: WorkspacePaths, out: string): NodeJS.ProcessEnv {
  return {
    ...env,
    OBSERVABLE_TELEMETRY_DISABLE: "true",
    // Loaders see absolute paths whatever directory Framework runs them from.
    ENGAGETRACK_SNAPSHOTS_DIR: paths.snapshotsDir,
    ENGAGETRACK_MODEL_DIR: paths.modelDir,
    ENGAGETRACK_NOTEBOOKS_OUT: out,
    // Framework runs TypeScript loaders with `tsx` from the PATH.
    PATH: [join(REPO_ROOT, "node_modules/.bin"), env.PATH ?? ""].join(delimiter),
  };
}

/** Framework reuses a loader's cached output until the loader file changes: a new snapshot needs it gone. */
export async function clearLoaderCache(): Promise<void> {
  await rm(join(NOTEBOOKS_DIR, "src/.observablehq/cache/data"), { recursive: true, force: true });
}

/**
 * Whether a folder's entries are what a build of this site writes — Framework's own folders
 * (`_observablehq`, `_file`, `_import`, `_npm`, …) and pages — so that clearing it loses nothing: a
 * finished build, or one stopped half-way (Ctrl-C) before its pages were written.
 */
export function isSiteOutput(entries: readonly string[]): boolean {
  return entries.every((e) => /^_[a-z]+$/.test(e) || e.endsWith(".html"));
}

/**
 * Framework clears its output only inside its working directory (and then fails on a second build
 * elsewhere), so the build clears it — only when it is empty or an earlier build of this site.
 */
async function clearOutput(out: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch {
    return;
  }
  if (!isSiteOutput(entries)) {
    throw new Error(`not clearing ${out}: it is not empty and not a notebooks build`);
  }
  await rm(out, { recursive: true, force: true });
}

export async function buildSite(options: BuildSiteOptions): Promise<BuiltSite> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const paths = workspacePaths(options.env);
  const out = resolve(options.out ?? NOTEBOOKS_DIST);
  const t0 = performance.now();
  const hadData = await ensureData(paths, { env: options.env, log });
  const t1 = performance.now();
  await bundleCharts();
  await clearLoaderCache();
  await clearOutput(out);
  const t2 = performance.now();
  const env = frameworkEnv(options.env, paths, out);
  const capture = options.output === "capture";
  let captured = "";
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [FRAMEWORK_BIN, "build"], {
      cwd: NOTEBOOKS_DIR,
      env,
      stdio: ["ignore", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"],
    });
    const keep = (chunk: Buffer) => (captured = (captured + chunk.toString("utf8")).slice(-20_000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) {
    throw new Error(
      `observable build failed with exit code ${code}${capture ? `:\n${captured.slice(-4000)}` : ""}`,
    );
  }
  const t3 = performance.now();
  return {
    out,
    seconds: { data: (t1 - t0) / 1000, bundle: (t2 - t1) / 1000, framework: (t3 - t2) / 1000 },
    hadData,
  };
}
