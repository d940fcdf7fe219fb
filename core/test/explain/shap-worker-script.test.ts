// The pool's worker as precompiled JavaScript: one deterministic esbuild bundle per version of the
// sources, cached under a name that carries their hash, loading nothing through tsx.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import {
  buildShapWorkerBundle,
  shapWorkerScript,
  TSX_WORKER_ENTRY,
} from "../../src/explain/shap-worker-script.ts";

describe("shapWorkerScript", () => {
  it("is a cached bundle named after its sources' hash, byte for byte what a fresh build gives", () => {
    const url = shapWorkerScript();
    expect(url.href).not.toBe(TSX_WORKER_ENTRY.href);
    const file = fileURLToPath(url);
    expect(file).toMatch(/[/\\]shap-worker-[0-9a-f]{16}\.mjs$/);
    const a = buildShapWorkerBundle()!;
    const b = buildShapWorkerBundle()!;
    expect(a.name).toBe(b.name);
    expect(a.text).toBe(b.text);
    expect(file.endsWith(a.name)).toBe(true);
    expect(readFileSync(file, "utf8")).toBe(a.text);
    // Plain JavaScript: no TypeScript loader in the worker.
    expect(a.text).not.toMatch(/tsx/);
    expect(shapWorkerScript()).toBe(url);
  });

  it("starts a worker thread without any loader or flags", async () => {
    const worker = new Worker(shapWorkerScript(), { execArgv: [] });
    const answer = new Promise((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    worker.postMessage({ type: "run", task: 7, modelId: 1 });
    // No model was sent: the worker answers that, which proves it loaded and listens.
    expect(await answer).toEqual({ type: "failed", task: 7, message: "unknown model: 1" });
    await worker.terminate();
  });
});
