// The layers, checked on the import graph (static imports, re-exports and dynamic import()):
// core imports nothing from bot/, notebooks/ or cli/; bot/ and notebooks/ reach core only through
// an area's public face (core/src/index.ts, core/src/<area>/index.ts, or a subpath the package
// exports), and never import the CLI, which sits on top of them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "./fixtures/paths.ts";

const SCANNED = ["core", "bot", "notebooks", "cli"];
const SKIPPED = new Set(["node_modules", "dist", ".observablehq", "bundled"]);
const SOURCE = /\.(ts|mts|js|mjs)$/;

/** Every `import … from`, `export … from`, bare `import "…"` and `import("…")` specifier in a source. */
export function importSpecifiers(source: string): string[] {
  // Comments go first: doc examples show imports that are not part of the graph.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^"'`;]*?\sfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]);
  return found;
}

interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

/** The files (relative to root, with "/") the package.json `exports` map names: public by definition. */
function exportedFiles(root: string): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    name: string;
    exports?: Record<string, string>;
  };
  const map = new Map<string, string>();
  for (const [sub, target] of Object.entries(pkg.exports ?? {}))
    map.set(sub === "." ? pkg.name : `${pkg.name}/${sub.replace(/^\.\//, "")}`, target.replace(/^\.\//, ""));
  return map;
}

function* sourceFiles(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (SKIPPED.has(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(e.name)) yield path;
  }
}

const top = (path: string) => path.split("/")[0];
const isTest = (path: string) => /(^|\/)test\//.test(path);
const isPublicFace = (path: string, exported: ReadonlySet<string>) =>
  path === "core/src/index.ts" || /^core\/src\/[a-z0-9-]+\/index\.ts$/.test(path) || exported.has(path);

/** Every import in root's core/, bot/, notebooks/ and cli/ that breaks the layers. */
export function layeringViolations(root: string): Violation[] {
  const packages = exportedFiles(root);
  const exported = new Set(packages.values());
  const violations: Violation[] = [];
  for (const area of SCANNED) {
    for (const abs of sourceFiles(join(root, area))) {
      const file = relative(root, abs).split(sep).join("/");
      if (abs === import.meta.filename) continue; // its planted violations are strings
      for (const specifier of importSpecifiers(readFileSync(abs, "utf8"))) {
        let target: string;
        if (specifier.startsWith("."))
          target = relative(root, resolve(dirname(abs), specifier))
            .split(sep)
            .join("/");
        else if (packages.has(specifier)) target = packages.get(specifier)!;
        else if (specifier.startsWith(`${[...packages.keys()][0]}/`)) {
          violations.push({ file, specifier, rule: "imports a subpath the package does not export" });
          continue;
        } else continue; // a dependency or a node: builtin
        const from = top(file);
        const to = top(target);
        if (from === "core" && (to === "bot" || to === "notebooks" || to === "cli"))
          violations.push({ file, specifier, rule: `core imports ${to}/` });
        else if ((from === "bot" || from === "notebooks") && to === "cli" && !isTest(file))
          violations.push({ file, specifier, rule: `${from}/ imports the CLI, which sits on top of it` });
        else if (
          (from === "bot" || from === "notebooks") &&
          target.startsWith("core/src/") &&
          !isPublicFace(target, exported)
        )
          violations.push({
            file,
            specifier,
            rule: `${from}/ imports a core internal, not an area's index.ts`,
          });
      }
    }
  }
  return violations;
}

const shown = (violations: Violation[]) => violations.map((v) => `${v.file}: "${v.specifier}" (${v.rule})`);

describe("layering", () => {
  it("holds in this repository: core below bot and notebooks, the CLI on top, public faces only", () => {
    expect(shown(layeringViolations(REPO))).toEqual([]);
  });

  describe("finds each kind of violation (a planted tree)", () => {
    const root = mkdtempSync(join(tmpdir(), "engagetrack-layering-"));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const put = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    put(
      "package.json",
      JSON.stringify({
        name: "engagetrack",
        exports: { ".": "./core/src/index.ts", "./charts/server": "./core/src/charts/server.ts" },
      }),
    );
    put("core/src/index.ts", 'export * from "./data/index.ts";\n');
    put("core/src/data/index.ts", 'export { a } from "./a.ts";\n');
    put("core/src/data/a.ts", "export const a = 1;\n");
    put("core/src/charts/server.ts", "export const s = 1;\n");
    put("bot/reply.ts", "export const r = 1;\n");
    put("cli/main.ts", 'import { r } from "../bot/reply.ts";\nimport { a } from "../core/src/index.ts";\n');

    it("accepts public faces, package subpaths and the CLI importing both", () => {
      put(
        "bot/ok.ts",
        [
          'import { a } from "../core/src/data/index.ts";',
          'import { s } from "engagetrack/charts/server";',
          'import * as core from "engagetrack";',
          '/** @example import { a } from "../core/src/data/a.ts"; */',
          '// import { a } from "../core/src/data/a.ts";',
          'const url = "http://x"; // "../core/src/data/a.ts"',
        ].join("\n"),
      );
      expect(shown(layeringViolations(root))).toEqual([]);
    });

    it("names the file and the import: core → bot (static and dynamic), deep imports, the CLI from below", () => {
      put("core/src/data/b.ts", 'import { r } from "../../../bot/reply.ts";\n');
      put("core/src/data/c.ts", 'export async function c() {\n  return import("../../../cli/main.ts");\n}\n');
      put("core/src/data/d.ts", 'export { r } from "../../../bot/reply.ts";\n');
      put("bot/deep.ts", 'import type { A } from "../core/src/data/a.ts";\n');
      put("notebooks/src/data/x.json.ts", 'const m = await import("../../../core/src/data/a.ts");\n');
      put("notebooks/tools/run.ts", 'import "../../cli/main.ts";\n');
      put("bot/sub.ts", 'import { a } from "engagetrack/data/a";\n');
      expect(shown(layeringViolations(root)).sort()).toEqual(
        [
          'core/src/data/b.ts: "../../../bot/reply.ts" (core imports bot/)',
          'core/src/data/c.ts: "../../../cli/main.ts" (core imports cli/)',
          'core/src/data/d.ts: "../../../bot/reply.ts" (core imports bot/)',
          'bot/deep.ts: "../core/src/data/a.ts" (bot/ imports a core internal, not an area\'s index.ts)',
          'notebooks/src/data/x.json.ts: "../../../core/src/data/a.ts" (notebooks/ imports a core internal, not an area\'s index.ts)',
          'notebooks/tools/run.ts: "../../cli/main.ts" (notebooks/ imports the CLI, which sits on top of it)',
          'bot/sub.ts: "engagetrack/data/a" (imports a subpath the package does not export)',
        ].sort(),
      );
    });
  });
});
