import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CodedError, ERROR_CODE_SPELLING, isCodedError } from "../../src/errors/index.ts";
import { REPO } from "../fixtures/paths.ts";

/** Non-test TypeScript sources of the product. */
function sources(dir: string): string[] {
  return readdirSync(join(REPO, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (/^(node_modules|dist|test|\.observablehq)$/.test(entry)) return [];
    if (statSync(join(REPO, path)).isDirectory()) return sources(path);
    return entry.endsWith(".ts") ? [path] : [];
  });
}
const FILES = ["core/src", "bot", "cli", "notebooks"].flatMap(sources).map((path) => ({
  path,
  text: readFileSync(join(REPO, path), "utf8"),
}));

/** Every error code written in the sources: code unions, coded classes, literal codes thrown. */
function declaredCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  const coded = FILES.flatMap(({ text }) =>
    [...text.matchAll(/class (\w+) extends CodedError\b/g)].map((m) => m[1]),
  );
  const thrown = new RegExp(`new (?:${coded.join("|")})\\(\\s*"([^"]+)"`, "g");
  for (const { path, text } of FILES) {
    const add = (code: string) => codes.set(code, path);
    for (const union of text.matchAll(/type \w*ErrorCode\s*=([^;]+);/g))
      for (const m of union[1].matchAll(/"([^"]+)"/g)) add(m[1]);
    for (const m of text.matchAll(/CodedError<([^>]+)>/g))
      for (const c of m[1].matchAll(/"([^"]+)"/g)) add(c[1]);
    for (const m of text.matchAll(thrown)) add(m[1]);
    for (const m of text.matchAll(/HTTP_ERROR_STATUS = \{([^}]+)\}/g))
      for (const c of m[1].matchAll(/"?([a-z][\w-]*)"?:/g)) add(c[1]);
  }
  return codes;
}

describe("CodedError", () => {
  it("carries its code, message, cause and class name", () => {
    class ExampleError extends CodedError<"example-failed"> {}
    const cause = new Error("disk full");
    const err = new ExampleError("example-failed", "cannot write example.csv", { cause });
    expect([err.code, err.message, err.cause, err.name]).toEqual([
      "example-failed",
      "cannot write example.csv",
      cause,
      "ExampleError",
    ]);
    expect(isCodedError(err) && err instanceof Error).toBe(true);
    expect(isCodedError(new Error("plain"))).toBe(false);
  });
});

describe("the error vocabulary", () => {
  it("spells every code in kebab-case", () => {
    const codes = declaredCodes();
    expect(codes.size).toBeGreaterThan(100);
    const misspelled = [...codes]
      .filter(([code]) => !ERROR_CODE_SPELLING.test(code))
      .map(([c, p]) => `${p}: ${c}`);
    expect(misspelled).toEqual([]);
  });

  it("has one base: no error class extends Error directly outside core/src/errors", () => {
    // Control flow inside the Parquet reader, caught and turned into a DataFileError before anyone sees it.
    const allowed = new Set([
      "core/src/data/read-parquet-records.ts: NotUtf8Error",
      "core/src/data/read-parquet-records.ts: OutOfRangeError",
    ]);
    const direct = FILES.filter((f) => !f.path.startsWith("core/src/errors/")).flatMap(({ path, text }) =>
      [...text.matchAll(/class (\w+) extends Error\b/g)].map((m) => `${path}: ${m[1]}`),
    );
    expect(direct.filter((d) => !allowed.has(d))).toEqual([]);
  });
});
