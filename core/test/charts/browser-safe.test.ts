// Notebook pages import the chart definitions in the browser: nothing reachable from the charts
// area's public face (index.ts) may import a Node-only module. Server rendering lives in server.ts.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = join(import.meta.dirname, "../../src");
const NODE_ONLY = /^(node:|jsdom$|@resvg\/|fs$|path$|zlib$|onnxruntime-node$)/;

/** Bare module specifiers imported (at run time, not `import type`) by `file` and its relative imports. */
function packagesReachable(file: string, seen = new Set<string>(), out = new Map<string, string>()) {
  if (seen.has(file)) return out;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\s)[^'"]*?from\s+"([^"]+)"/gm)) {
    const spec = m[1];
    if (spec.startsWith(".")) packagesReachable(resolve(dirname(file), spec), seen, out);
    else out.set(spec, file.slice(SRC.length + 1));
  }
  return out;
}

describe("chart definitions", () => {
  it("reach no Node-only module from charts/index.ts", () => {
    const packages = packagesReachable(join(SRC, "charts/index.ts"));
    expect(packages.has("@observablehq/plot")).toBe(true);
    const nodeOnly = [...packages].filter(([spec]) => NODE_ONLY.test(spec));
    expect(nodeOnly).toEqual([]);
  });

  it("while the server face does render with jsdom and resvg", () => {
    const packages = packagesReachable(join(SRC, "charts/server.ts"));
    expect([...packages.keys()]).toEqual(expect.arrayContaining(["jsdom", "@resvg/resvg-js", "node:zlib"]));
  });
});
