// docker/notebooks/default.conf under a real nginx, as in the notebooks image (its main config
// keeps pid and temp files in /tmp): clean URLs, redirects, health, cache and security headers.
// Skips when nginx is not installed (apt-get install nginx).
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onPath, REPO, run } from "./fixtures/repo.ts";

const NGINX = onPath("nginx");
let dir: string;
let port: number;
let nginx: ChildProcess | undefined;

/** The image's nginx.conf, reduced: unprivileged paths in /tmp, our server block included. */
function mainConf(prefix: string): string {
  return `
worker_processes 1;
error_log ${prefix}/error.log warn;
pid ${prefix}/nginx.pid;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path ${prefix}/client_temp;
  proxy_temp_path ${prefix}/proxy_temp;
  fastcgi_temp_path ${prefix}/fastcgi_temp;
  uwsgi_temp_path ${prefix}/uwsgi_temp;
  scgi_temp_path ${prefix}/scgi_temp;
  access_log off;
  include ${prefix}/default.conf;
}
`;
}

const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { redirect: "manual" });

beforeAll(async () => {
  if (!NGINX) return;
  dir = mkdtempSync(join(tmpdir(), "et-nginx-"));
  chmodSync(dir, 0o755); // nginx's workers run as an unprivileged user
  port = await new Promise<number>((done) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => done(p));
    });
  });
  // A small built site, laid out as Framework builds it.
  const site = join(dir, "html/notebooks");
  mkdirSync(join(site, "_observablehq"), { recursive: true });
  writeFileSync(join(site, "index.html"), "<h1>overview</h1>");
  writeFileSync(join(site, "model.html"), "<h1>model</h1>");
  writeFileSync(join(site, "_observablehq/client.d10d8454.js"), "export {};");
  const conf = readFileSync(join(REPO, "docker/notebooks/default.conf"), "utf8")
    .replace(/listen 8080;/, `listen 127.0.0.1:${port};`)
    .replace(/root \/usr\/share\/nginx\/html;/, `root ${join(dir, "html")};`);
  expect(conf).toContain(`listen 127.0.0.1:${port};`);
  writeFileSync(join(dir, "default.conf"), conf);
  writeFileSync(join(dir, "nginx.conf"), mainConf(dir));
  const check = await run(NGINX, ["-t", "-q", "-c", join(dir, "nginx.conf")]);
  expect(check.stderr).toBe("");
  expect(check.code).toBe(0);
  nginx = spawn(NGINX, ["-c", join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: "ignore" });
  for (let i = 0; i < 100; i++) {
    if (
      await get("/healthz").then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not start: ${readFileSync(join(dir, "error.log"), "utf8")}`);
});

afterAll(async () => {
  if (nginx) {
    const exited = new Promise((done) => nginx!.once("exit", done));
    nginx.kill("SIGQUIT");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!NGINX)("the notebooks site's nginx config (skips when nginx is not installed)", () => {
  it("answers /healthz and redirects / and /notebooks to /notebooks/", async () => {
    const health = await get("/healthz");
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok\n");
    const root = await get("/");
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/notebooks/");
    const bare = await get("/notebooks");
    expect(bare.status).toBe(308);
    expect(bare.headers.get("location")).toBe("/notebooks/");
  });

  it("serves Framework's clean URLs, with no-cache pages and security headers", async () => {
    const index = await get("/notebooks/");
    expect(await index.text()).toBe("<h1>overview</h1>");
    const model = await get("/notebooks/model");
    expect(model.status).toBe(200);
    expect(model.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await model.text()).toBe("<h1>model</h1>");
    expect(model.headers.get("cache-control")).toBe("no-cache");
    expect(model.headers.get("x-content-type-options")).toBe("nosniff");
    expect(model.headers.get("x-frame-options")).toBe("DENY");
    expect(model.headers.get("content-security-policy")).toMatch(/default-src 'self'/);
    expect(model.headers.get("server")).toBe("nginx");
  });

  it("caches content-hashed assets for good, and 404s everything else", async () => {
    const asset = await get("/notebooks/_observablehq/client.d10d8454.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    for (const path of [
      "/notebooks/nope",
      "/notebooks/_observablehq/nope.js",
      "/other",
      "/notebooks/../default.conf",
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  });
});
