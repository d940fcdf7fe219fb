/**
 * Whether this Node.js can run EngageTrack, from `engines.node` in package.json (ranges such as
 * `>=22.22.2 <23 || >=24.15`: `||` between alternatives, each a list of `>=`, `>`, `<`, `<=`, `=`
 * comparators). Checked before any command loads, so an old Node gets one sentence, not a stack
 * trace from a dependency that needs a newer one.
 */
import { readFileSync } from "node:fs";

type Version = [number, number, number];

function parse(text: string): Version {
  const [major = 0, minor = 0, patch = 0] = text
    .replace(/^v/, "")
    .split(".")
    .map((p) => Number.parseInt(p, 10) || 0);
  return [major, minor, patch];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * True when `version` satisfies `range`.
 *
 * @example
 * satisfies("20.19.0", ">=22.22.2 <23 || >=24.15"); // false
 * satisfies("24.21.0", ">=22.22.2 <23 || >=24.15"); // true
 */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => {
        const m = /^(>=|<=|>|<|=)?\s*v?(\d+(?:\.\d+){0,2})$/.exec(comparator);
        if (!m) return false;
        const c = compare(v, parse(m[2]));
        switch (m[1] ?? "=") {
          case ">=":
            return c >= 0;
          case ">":
            return c > 0;
          case "<":
            return c < 0;
          case "<=":
            return c <= 0;
          default:
            return c === 0;
        }
      }),
  );
}

/** The sentence for a Node.js that cannot run EngageTrack, or null when it can. */
export function unsupportedNode(version = process.versions.node): string | null {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    engines?: { node?: string };
  };
  const range = manifest.engines?.node;
  if (!range || satisfies(version, range)) return null;
  return `Node.js ${version} cannot run EngageTrack: it needs Node.js ${range.replaceAll(" || ", " or ")} (package.json engines); \`. .ci/use-node.sh\` puts Node 24 from the npm registry first on the PATH`;
}
