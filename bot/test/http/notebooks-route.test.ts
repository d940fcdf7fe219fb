import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRouter } from "../../http/router.ts";
import { notebooksRoute } from "../../http/notebooks-route.ts";
import type { RouteContext } from "../../http/route.ts";

// The route on a bare node server over a small fake site (the real build is tested in notebooks/test).
let dir: string;
let server: Server;
let base: string;

function serve(root: string): Promise<Server> {
  const router = createRouter();
  router.add(notebooksRoute(root));
  const s = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const m = router.match("GET", url.pathname);
    if (!m || !("route" in m)) {
      res.writeHead(404).end();
      return;
    }
    void m.route.handle({ req, res, url, params: m.params, audit() {} } as unknown as RouteContext);
  });
  return new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "et-nb-"));
  mkdirSync(join(dir, "site/_file"), { recursive: true });
  writeFileSync(join(dir, "site/index.html"), "<h1>Overview</h1>");
  writeFileSync(join(dir, "site/model.html"), "<h1>Model</h1>");
  writeFileSync(join(dir, "site/_file/app.js"), "console.log(1)");
  writeFileSync(join(dir, "secret.txt"), "outside the site");
  mkdirSync(join(dir, "elsewhere"));
  writeFileSync(join(dir, "elsewhere/index.html"), "outside the site");
  // Links out of the site (a file, a folder) and one that stays inside it.
  symlinkSync(join(dir, "secret.txt"), join(dir, "site/leak.txt"));
  symlinkSync(join(dir, "elsewhere"), join(dir, "site/out"));
  symlinkSync("model.html", join(dir, "site/alias.html"));
  server = await serve(join(dir, "site"));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("GET /notebooks/*", () => {
  it("serves the built pages with clean URLs and their assets with content types", async () => {
    const index = await fetch(`${base}/notebooks/`);
    expect([index.status, index.headers.get("content-type"), await index.text()]).toEqual([
      200,
      "text/html; charset=utf-8",
      "<h1>Overview</h1>",
    ]);
    expect(await (await fetch(`${base}/notebooks/model`)).text()).toBe("<h1>Model</h1>");
    const js = await fetch(`${base}/notebooks/_file/app.js`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
  });

  it("redirects /notebooks to /notebooks/ so relative asset paths resolve", async () => {
    const r = await fetch(`${base}/notebooks`, { redirect: "manual" });
    expect([r.status, r.headers.get("location")]).toEqual([308, "/notebooks/"]);
  });

  it("never serves a file outside the site, however the path is spelled", async () => {
    for (const path of [
      "/notebooks/../secret.txt",
      "/notebooks/%2e%2e/secret.txt",
      "/notebooks/%2e%2e%2fsecret.txt",
      "/notebooks/..%5csecret.txt",
    ]) {
      const r = await fetch(`${base}${path}`);
      expect(r.status, path).toBe(404);
      expect(await r.text()).not.toContain("outside the site");
    }
    expect((await fetch(`${base}/notebooks/nope`)).status).toBe(404);
  });

  it("never follows a symbolic link out of the site; links that stay inside still work", async () => {
    for (const path of [
      "/notebooks/leak.txt",
      "/notebooks/out/",
      "/notebooks/out/index.html",
      "/notebooks/out",
    ]) {
      const r = await fetch(`${base}${path}`);
      expect(r.status, path).toBe(404);
      expect(await r.text()).not.toContain("outside the site");
    }
    expect(await (await fetch(`${base}/notebooks/alias`)).text()).toBe("<h1>Model</h1>");
  });

  it("serves a site whose own folder is reached through a symbolic link", async () => {
    symlinkSync(join(dir, "site"), join(dir, "site-link"));
    const linked = await serve(join(dir, "site-link"));
    try {
      const r = await fetch(`http://127.0.0.1:${(linked.address() as AddressInfo).port}/notebooks/model`);
      expect([r.status, await r.text()]).toEqual([200, "<h1>Model</h1>"]);
    } finally {
      linked.close();
    }
  });

  it("says how to build the site when it is not built", async () => {
    const empty = await serve(join(dir, "not-built"));
    try {
      const r = await fetch(`http://127.0.0.1:${(empty.address() as AddressInfo).port}/notebooks/`);
      expect([r.status, await r.text()]).toEqual([
        404,
        "the notebooks are not built yet: run `npm run notebooks:build`\n",
      ]);
    } finally {
      empty.close();
    }
  });
});
