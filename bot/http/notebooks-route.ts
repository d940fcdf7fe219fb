import { readFile, realpath, stat } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import type { Route } from "./route.ts";
import { send, sendText } from "./send.ts";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".map": "application/json; charset=utf-8",
};

/**
 * `GET /notebooks/*`: the built Observable Framework site (`npm run notebooks:build`), with its
 * clean URLs (`/notebooks/model` → model.html). Only files inside `dir` are served, judged by their
 * real paths: a symbolic link that leads out of the site's real folder is a 404 (links that stay
 * inside work, and `dir` itself may be a link); `/notebooks` redirects to `/notebooks/` so the
 * site's relative asset paths resolve.
 */
export function notebooksRoute(dir: string): Route {
  const root = resolve(dir);
  return {
    method: "GET",
    path: "/notebooks/*",
    name: "notebooks",
    async handle(ctx) {
      if (ctx.url.pathname === "/notebooks") {
        ctx.res.writeHead(308, { location: "/notebooks/" });
        ctx.res.end();
        return;
      }
      const file = await siteFile(root, ctx.params["*"] ?? "");
      if (!file) {
        const built = await stat(resolve(root, "index.html")).then(
          (s) => s.isFile(),
          () => false,
        );
        return sendText(
          ctx.res,
          404,
          built ? "no such notebook page" : "the notebooks are not built yet: run `npm run notebooks:build`",
        );
      }
      send(ctx.res, 200, CONTENT_TYPES[extname(file)] ?? "application/octet-stream", await readFile(file), {
        "cache-control": "no-cache",
      });
    },
  };
}

/**
 * The real path of the file a site path names, or undefined: never a file whose real path (every
 * symbolic link resolved) is outside the real `root`. The caller reads the returned real path, so
 * a link is not followed a second time after the check.
 */
async function siteFile(root: string, path: string): Promise<string | undefined> {
  if (path.includes("\0") || path.includes("\\")) return undefined;
  const realRoot = await realpath(root).catch(() => undefined);
  if (!realRoot) return undefined;
  const candidates =
    path === "" || path.endsWith("/")
      ? [`${path}index.html`]
      : extname(path)
        ? [path]
        : [`${path}.html`, `${path}/index.html`];
  for (const candidate of candidates) {
    const full = resolve(root, candidate);
    if (!full.startsWith(root + sep)) return undefined;
    const real = await realpath(full).catch(() => undefined);
    if (!real) continue;
    if (!real.startsWith(realRoot + sep)) return undefined;
    const isFile = await stat(real).then(
      (s) => s.isFile(),
      () => false,
    );
    if (isFile) return real;
  }
  return undefined;
}
