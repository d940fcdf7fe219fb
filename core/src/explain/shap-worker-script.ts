/**
 * The TreeSHAP worker as one precompiled JavaScript file, so pool workers start warm: no tsx
 * loader and no TypeScript transform per worker. esbuild (installed with tsx) bundles
 * shap-worker.ts and its imports once into a cache folder; the file name carries a hash of the
 * sources and esbuild's version, so an edit makes a new file and a stale one is never used.
 * Bundling is deterministic (fixed working directory, no timestamps), and the file is written
 * under a temporary name and renamed, so processes starting together never see half of it.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ENTRY = join(import.meta.dirname, "shap-worker.ts");
const REPO = resolve(import.meta.dirname, "../../..");
/** The tsx-loaded entry, for when esbuild is not installed or the cache cannot be written. */
export const TSX_WORKER_ENTRY = new URL("./shap-worker-entry.mjs", import.meta.url);

let cached: URL | undefined;

/**
 * The worker script to start: the bundled JavaScript (built on first use in this process, reused
 * across processes) or, failing that, the tsx entry.
 *
 * @example
 * new Worker(shapWorkerScript(), { execArgv: [] });
 */
export function shapWorkerScript(): URL {
  if (cached === undefined) cached = bundled() ?? TSX_WORKER_ENTRY;
  return cached;
}

interface Esbuild {
  version: string;
  buildSync(options: Record<string, unknown>): { outputFiles: { text: string }[] };
}

function loadEsbuild(): Esbuild | undefined {
  try {
    return createRequire(import.meta.url)("esbuild") as Esbuild;
  } catch {
    return undefined;
  }
}

/** The bundle's file name: a hash of esbuild's version and every source it bundles. */
function bundleName(esbuild: Esbuild): string {
  const hash = createHash("sha256").update(`esbuild ${esbuild.version}\n`);
  for (const file of sourceClosure(ENTRY)) {
    hash
      .update(`${relative(REPO, file)}\n`)
      .update(readFileSync(file))
      .update("\n");
  }
  return `shap-worker-${hash.digest("hex").slice(0, 16)}.mjs`;
}

function bundleText(esbuild: Esbuild): string {
  const out = esbuild.buildSync({
    entryPoints: [ENTRY],
    absWorkingDir: REPO,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "silent",
  });
  return out.outputFiles[0].text;
}

/**
 * The worker bundle's file name and text, built now, or undefined without esbuild. Same sources,
 * same name and bytes.
 */
export function buildShapWorkerBundle(): { name: string; text: string } | undefined {
  const esbuild = loadEsbuild();
  return esbuild && { name: bundleName(esbuild), text: bundleText(esbuild) };
}

function bundled(): URL | undefined {
  const esbuild = loadEsbuild();
  if (esbuild === undefined) return undefined;
  let name: string;
  let text: string | undefined;
  try {
    name = bundleName(esbuild);
  } catch {
    return undefined;
  }
  for (const dir of [
    join(REPO, "node_modules", ".cache", "engagetrack"),
    join(tmpdir(), "engagetrack-cache"),
  ]) {
    const file = join(dir, name);
    if (existsSync(file)) return pathToFileURL(file);
    try {
      text ??= bundleText(esbuild);
      mkdirSync(dir, { recursive: true });
      const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(temp, text);
      renameSync(temp, file);
      removeOldBundles(dir, name);
      return pathToFileURL(file);
    } catch {
      // Not writable here (a read-only image): try the next folder, then fall back to tsx.
    }
  }
  return undefined;
}

/** Bundles of older sources left a week untouched: no process still about to start one. */
function removeOldBundles(dir: string, keep: string): void {
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const f of readdirSync(dir)) {
    if (f === keep || !/^shap-worker-[0-9a-f]{16}\.mjs$/.test(f)) continue;
    try {
      if (statSync(join(dir, f)).mtimeMs < weekAgo) rmSync(join(dir, f), { force: true });
    } catch {
      // Another process removed it first.
    }
  }
}

/** `entry` and every file it imports through relative paths, sorted (the bundle's inputs). */
function sourceClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bfrom\s+["'](\.{1,2}\/[^"']+)["']/g)) visit(resolve(dirname(file), m[1]));
  };
  visit(entry);
  return [...seen].sort();
}
