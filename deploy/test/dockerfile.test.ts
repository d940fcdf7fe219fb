// The Dockerfile and .dockerignore, read as data: stages, base images, build steps, the runtime
// user, writable paths, health check, and what goes into the build context.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expandArgs, readDockerfile, type Instruction, type Stage } from "./fixtures/dockerfile.ts";
import { readDockerignore } from "./fixtures/dockerignore.ts";
import { satisfies } from "./fixtures/engines.ts";
import { readText, REPO, trackedFiles } from "./fixtures/repo.ts";

const dockerfile = readDockerfile(join(REPO, "Dockerfile"));
const stage = (name: string): Stage => {
  const s = dockerfile.stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s;
};
const all = (s: Stage, keyword: string): Instruction[] => s.instructions.filter((i) => i.keyword === keyword);
const runs = (s: Stage): string[] => all(s, "RUN").map((i) => i.text);
const args = dockerfile.globalArgs;

describe("Dockerfile stages", () => {
  it("builds the app as the default (last) target and the notebooks site as a second one", () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual([
      "deps",
      "source",
      "build",
      "notebooks-build",
      "notebooks",
      "app",
    ]);
  });

  it("runs on a glibc Node LTS that package.json's engines allow (never Alpine)", () => {
    const major = Number(args.NODE_VERSION);
    expect(major % 2, "an even (LTS) Node major").toBe(0);
    expect(major).toBeGreaterThanOrEqual(22);
    const engines = JSON.parse(readText("package.json")).engines.node as string;
    expect(satisfies([major, 99], engines), `Node ${major} against engines ${engines}`).toBe(true);
    for (const s of dockerfile.stages) {
      const from = expandArgs(s.from, args);
      expect(from).not.toMatch(/alpine/);
      if (from.startsWith("node:")) expect(from).toBe(`node:${major}-bookworm-slim`);
    }
    expect(expandArgs(stage("notebooks").from, args)).toMatch(
      /^nginxinc\/nginx-unprivileged:[\d.]+-bookworm$/,
    );
  });

  it("installs exactly the lockfile, with .npmrc skipping onnxruntime-node's GPU download", () => {
    const deps = stage("deps");
    const copy = all(deps, "COPY")[0].text.split(/\s+/);
    expect(copy.slice(0, -1).sort()).toEqual([".npmrc", "package-lock.json", "package.json"]);
    expect(runs(deps)).toEqual([expect.stringMatching(/^npm ci\b/)]);
    expect(readText(".npmrc")).toMatch(/^onnxruntime-node-install=skip$/m);
  });

  it("typechecks, drops tests and dev dependencies, then proves the CLI still starts (tsx is a runtime dependency)", () => {
    const steps = runs(stage("build"));
    expect(steps[0]).toBe("npx tsc --noEmit");
    expect(steps[1]).toMatch(/rm -rf core\/test bot\/test cli\/test notebooks\/test/);
    expect(steps[1]).toMatch(/npm prune --omit=dev/);
    // Only this platform's onnxruntime-node binaries (glibc Linux, the build's architecture).
    expect(steps[2]).toMatch(/TARGETARCH" = arm64 \] && echo arm64 \|\| echo x64/);
    expect(steps[2]).toMatch(/napi-v6 -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf/);
    expect(steps[3]).toBe("node bin/engagetrack.js --version");
    const pkg = JSON.parse(readText("package.json"));
    expect(pkg.dependencies.tsx, "tsx must survive npm prune --omit=dev").toBeDefined();
    expect(readText("bin/engagetrack.js")).toMatch(/from "tsx\/esm\/api"/);
  });

  it("copies into the runtime image only from the pruned build stage, owned by root", () => {
    const app = stage("app");
    for (const copy of all(app, "COPY")) {
      expect(copy.flags.from, copy.text).toBe("build");
      const owner = copy.flags.chown;
      if (copy.text.endsWith("./data")) expect(owner).toBe("10001:10001");
      else expect(owner, copy.text).toBe("root:root");
    }
    expect(all(app, "COPY").some((c) => /\/app\/node_modules/.test(c.text))).toBe(true);
  });
});

describe("the runtime image (target app)", () => {
  const app = stage("app");
  const env = Object.fromEntries(
    all(app, "ENV").flatMap((e) => [...e.text.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1], m[2]])),
  );

  it("runs as a fixed non-root UID that it creates", () => {
    const users = all(app, "USER");
    expect(users.map((u) => u.text)).toEqual(["10001:10001"]);
    // USER is the last identity change: nothing after it runs as root.
    const userIndex = app.instructions.indexOf(users[0]);
    expect(app.instructions.slice(userIndex).filter((i) => i.keyword === "RUN")).toEqual([]);
    const setup = runs(app).join(" ");
    expect(setup).toMatch(/groupadd --system --gid 10001 engagetrack/);
    expect(setup).toMatch(
      /useradd --system --uid 10001 --gid 10001 .*--shell \/usr\/sbin\/nologin engagetrack/,
    );
  });

  it("makes only data/ and logs/ writable (models/ only so a new volume there starts writable)", () => {
    const setup = runs(app).join(" ");
    expect(setup).toMatch(/chown 10001:10001 logs models/);
    expect(setup).toMatch(/chmod 0750 data logs models/);
    const chowned = all(app, "COPY")
      .filter((c) => c.flags.chown !== "root:root")
      .map((c) => c.text.split(/\s+/).at(-1));
    expect(chowned).toEqual(["./data"]);
  });

  it("listens on 0.0.0.0:3000 and checks its health on /healthz", () => {
    expect(env.HOST).toBe("0.0.0.0");
    expect(env.PORT).toBe("3000");
    expect(all(app, "EXPOSE").map((e) => e.text)).toEqual(["3000"]);
    const health = all(app, "HEALTHCHECK")[0];
    expect(health.flags["start-period"]).toBeDefined();
    expect(health.text).toMatch(/^CMD \["node", "-e", ".*\/healthz.*"\]$/);
  });

  it("starts `engagetrack serve` under tini, with relative data paths inside /app", () => {
    expect(all(app, "WORKDIR").map((w) => w.text)).toEqual(["/app"]);
    expect(all(app, "ENTRYPOINT")[0].exec).toEqual(["/usr/bin/tini", "--", "node", "bin/engagetrack.js"]);
    expect(all(app, "CMD")[0].exec).toEqual(["serve"]);
    expect(env.ENGAGETRACK_SNAPSHOTS_DIR).toBe("data/snapshots");
    expect(env.ENGAGETRACK_USAGE_LOG).toBe("logs/usage.log");
    expect(env.ENGAGETRACK_MODEL_DIR).toMatch(/^models\//);
    expect(env.NODE_ENV).toBe("production");
  });

  it("holds every file the server and CLI import (relative imports from bin/, core/src, bot/, cli/)", () => {
    const copied = all(app, "COPY").map((c) => c.text.split(/\s+/).at(-1)!.replace(/^\.\//, ""));
    const inImage = (path: string) => copied.some((c) => path === c || path.startsWith(`${c}/`));
    const files = walk(join(REPO, "bot"))
      .concat(walk(join(REPO, "core/src")), walk(join(REPO, "cli")), walk(join(REPO, "bin")))
      .filter((f) => /\.(ts|js)$/.test(f) && !/\/test\//.test(f));
    expect(files.length).toBeGreaterThan(50);
    const outside: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, "utf8");
      for (const m of source.matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g)) {
        const target = relative(REPO, resolve(dirname(file), m[1]));
        if (!inImage(target)) outside.push(`${relative(REPO, file)} → ${target}`);
      }
    }
    expect(outside).toEqual([]);
    expect(copied).toContain("notebooks/site.ts");
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
  );
}

describe("the notebooks image (target notebooks)", () => {
  const nb = stage("notebooks");
  const conf = readText("docker/notebooks/default.conf");

  it("serves the built site as nginx's unprivileged user on 8080", () => {
    expect(all(stage("notebooks-build"), "RUN").map((r) => r.text)).toEqual(["npm run notebooks:build"]);
    const site = all(nb, "COPY").find((c) => c.flags.from === "notebooks-build")!;
    expect(site.text).toBe("/app/notebooks/dist /usr/share/nginx/html/notebooks");
    expect(all(nb, "USER").map((u) => u.text)).toEqual(["101:101"]);
    expect(all(nb, "EXPOSE").map((e) => e.text)).toEqual(["8080"]);
    expect(all(nb, "HEALTHCHECK")[0].text).toMatch(/8080\/healthz/);
  });

  it("has an nginx server on 8080 with /healthz, clean URLs under /notebooks/ and nothing else", () => {
    expect(conf).toMatch(/^\s*listen 8080;/m);
    expect(conf).toMatch(/location = \/healthz \{[^}]*return 200/);
    expect(conf).toMatch(
      /location \/notebooks\/ \{[^}]*try_files \$uri \$uri\.html \$uri\/index\.html =404;/,
    );
    expect(conf).toMatch(/location \/ \{\s*return 404;/);
    expect(conf).toMatch(/server_tokens off;/);
    // Checked in Chromium against the built site: Arquero's table expressions need 'unsafe-eval'
    // (the Behaviour page drew nothing without it); scripts and data come from this origin only.
    for (const csp of conf.match(/Content-Security-Policy "[^"]*"/g)!) {
      expect(csp).toMatch(/default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval';/);
      expect(csp).toMatch(/connect-src 'self';/);
    }
    // Braces balance: a stray one would stop nginx at start.
    expect(conf.split("{").length).toBe(conf.split("}").length);
  });
});

describe(".dockerignore and the build context", () => {
  const ignored = readDockerignore(join(REPO, ".dockerignore"));
  let tracked: string[];
  beforeAll(async () => {
    tracked = await trackedFiles();
  });
  const sources = dockerfile.stages
    .flatMap((s) => all(s, "COPY"))
    .filter((c) => !c.flags.from)
    .flatMap((c) => c.text.split(/\s+/).slice(0, -1));

  it("every path the Dockerfile copies from the context is tracked and not ignored", () => {
    expect(sources.length).toBeGreaterThan(5);
    for (const src of sources) {
      expect(existsSync(join(REPO, src)), src).toBe(true);
      expect(ignored(src), `${src} is in .dockerignore`).toBe(false);
      expect(
        tracked.some((f) => f === src || f.startsWith(`${src}/`)),
        `${src} is not tracked by git`,
      ).toBe(true);
    }
  });

  it("every tracked file under a copied directory reaches the build (the image is the clean clone)", () => {
    const under = tracked.filter((f) => sources.some((s) => f === s || f.startsWith(`${s}/`)));
    expect(under.length).toBeGreaterThan(100);
    expect(under.filter((f) => ignored(f))).toEqual([]);
  });

  it("keeps secrets, local data, models, logs and build output out of the context", () => {
    for (const path of [
      ".env",
      ".env.local",
      ".git/HEAD",
      "node_modules/tsx/package.json",
      "notebooks/node_modules/x",
      "data/snapshots/20260101T000000Z-abc/customers.arrow",
      "data/generated/customers.csv",
      "data/outbox/1.json",
      "models/demo/model.onnx",
      "logs/usage.log",
      "notebooks/dist/index.html",
      "notebooks/src/.observablehq/cache/data/x.json",
      "notebooks/test/artifacts/shot.png",
      "core/test/x-changed.svg",
      "secrets/tls.key",
    ]) {
      expect(ignored(path), path).toBe(true);
    }
    for (const path of [".env.example", "data/experiments.json", "data/digests.json", "core/src/index.ts"]) {
      expect(ignored(path), path).toBe(false);
    }
  });
});

describe("scripts/docker-build-steps.sh", () => {
  const script = readText("scripts/docker-build-steps.sh");
  it("runs the Dockerfile's build steps as plain commands, then starts the server as the image's user", () => {
    expect(script).toMatch(/^\s*npm ci\b/m);
    expect(script).toMatch(/^\s*npx tsc --noEmit\b/m);
    expect(script).toMatch(/^\s*npm prune --omit=dev\b/m);
    expect(script).toMatch(/rm -rf core\/test bot\/test cli\/test notebooks\/test/);
    expect(script).toMatch(/--reuid=10001 --regid=10001/);
    expect(script).toMatch(/\/healthz/);
    // It copies what the Dockerfile copies.
    for (const src of sources()) expect(script, src).toContain(src);
  });
  function sources(): string[] {
    return dockerfile.stages
      .filter((s) => s.name === "deps" || s.name === "source")
      .flatMap((s) => all(s, "COPY"))
      .flatMap((c) => c.text.split(/\s+/).slice(0, -1));
  }
});
