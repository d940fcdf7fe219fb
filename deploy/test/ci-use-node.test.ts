// .ci/use-node.sh, sourced by .ci/run: on a machine whose Node is older than 22 it installs Node 24
// (or ENGAGETRACK_CI_NODE) from the npm registry's `node` package once into a cache folder and puts
// it first on the PATH. Run here against a fake `node` and a fake `npm` (no network), which record
// what the script asked of them.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readText, run } from "./fixtures/repo.ts";

let dir: string;
let bin: string;
let cache: string;
let npmLog: string;

function script(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** A `node` that reports `version`; a fake `npm install --prefix DIR node@N` that "installs" vN.0.0. */
function fakes(version: string, npmExit = 0): void {
  script(join(bin, "node"), `#!/bin/sh\n[ "$1" = --version ] && echo ${version}\n`);
  script(
    join(bin, "npm"),
    `#!/bin/sh
echo "$*" >>"${npmLog}"
[ ${npmExit} = 0 ] || { echo "npm error network" >&2; exit ${npmExit}; }
prefix=""; spec=""
while [ $# -gt 0 ]; do
  case "$1" in --prefix) prefix="$2"; shift ;; node@*) spec="$1" ;; esac
  shift
done
mkdir -p "$prefix/node_modules/node/bin"
printf '#!/bin/sh\\necho v%s.0.0\\n' "\${spec#node@}" >"$prefix/node_modules/node/bin/node"
chmod +x "$prefix/node_modules/node/bin/node"
`,
  );
}

const useNode = (env: Record<string, string> = {}) =>
  run("bash", ["-c", "set -euo pipefail; . .ci/use-node.sh; node --version"], {
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, XDG_CACHE_HOME: cache, ...env },
  });
const npmCalls = (): string[] => {
  try {
    return readFileSync(npmLog, "utf8").trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "engagetrack-use-node-"));
  bin = join(dir, "bin");
  cache = join(dir, "cache");
  npmLog = join(dir, "npm.log");
  mkdirSync(bin);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe(".ci/use-node.sh", () => {
  it("works sourced by POSIX sh too, as npm runs `npm start`, `npm test` and `npm run tour` (package.json)", async () => {
    fakes("v20.20.2");
    const r = await run("sh", ["-c", ". ./.ci/use-node.sh && node --version"], {
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, XDG_CACHE_HOME: cache },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("v24.0.0");
    expect(r.stderr.trim().split("\n")).toHaveLength(1); // its one line, no shell complaint
    // On Node 24 it does nothing under sh either.
    fakes("v24.21.0");
    const current = await run("sh", ["-c", ". ./.ci/use-node.sh && node --version"], {
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, XDG_CACHE_HOME: join(dir, "other-cache") },
    });
    expect([current.stdout.trim(), current.stderr]).toEqual(["v24.21.0", ""]);
    const scripts = (JSON.parse(readText("package.json")) as { scripts: Record<string, string> }).scripts;
    for (const name of ["start", "test", "tour"])
      expect(scripts[name], name).toMatch(/^\. \.\/\.ci\/use-node\.sh && /);
  });

  it("on Node 20 installs Node 24 from the registry into the cache, puts it first and says so in one line", async () => {
    fakes("v20.20.2");
    const r = await useNode();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("v24.0.0");
    const target = join(cache, "engagetrack-node/24");
    expect(npmCalls()).toHaveLength(1);
    expect(npmCalls()[0]).toMatch(new RegExp(`^install .*--prefix ${target} node@24$`));
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^Node v24\.0\.0 .*node@24.*in place of Node v20\.20\.2/);
  });

  it("uses the cached copy the second time, without asking npm", async () => {
    fakes("v20.20.2");
    await useNode();
    const r = await useNode();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("v24.0.0");
    expect(npmCalls()).toHaveLength(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("installs the line ENGAGETRACK_CI_NODE names (22)", async () => {
    fakes("v18.20.0");
    const r = await useNode({ ENGAGETRACK_CI_NODE: "22" });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe("v22.0.0");
    expect(npmCalls()[0]).toMatch(/ node@22$/);
  });

  it("leaves Node 22 or later alone, silently", async () => {
    fakes("v22.23.3");
    const r = await useNode();
    expect(r).toEqual({ code: 0, stdout: "v22.23.3\n", stderr: "" });
    expect(npmCalls()).toEqual([]);
  });

  it("stops with one sentence when the registry install fails", async () => {
    fakes("v20.20.2", 1);
    const r = await useNode();
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("npm error network");
    expect(r.stderr).toMatch(
      /could not install Node 24 from the npm registry's node@24 package into .*engagetrack-node\/24/,
    );
  });

  it("is sourced by .ci/run before the README's test command and the tour", () => {
    const lines = readText(".ci/run").split("\n");
    const at = [/^\. \.ci\/use-node\.sh$/, /^npm ci && npm test$/, /^npm run tour$/].map((re) =>
      lines.findIndex((l) => re.test(l)),
    );
    expect(
      at.every((i) => i >= 0),
      String(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});
