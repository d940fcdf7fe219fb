/**
 * A static file server for the built site on 127.0.0.1 (a free port): what a browser test or a
 * benchmark opens. Serves `page.html` for `/page` as Framework's clean URLs expect, and answers
 * 404 for anything outside the directory.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

export interface StaticServer {
  /** "http://127.0.0.1:<port>" */
  origin: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function serveStatic(dir: string, prefix = "/"): Promise<StaticServer> {
  const root = normalize(dir);
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(url.pathname);
    if (!url.pathname.startsWith(prefix)) return notFound(res);
    let path = decodeURIComponent(url.pathname.slice(prefix.length));
    if (path === "" || path.endsWith("/")) path += "index";
    if (!extname(path)) path += ".html";
    const file = normalize(join(root, path));
    if (!file.startsWith(root + sep) && file !== root) return notFound(res);
    try {
      const info = await stat(file);
      if (!info.isFile()) return notFound(res);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": info.size,
      });
      createReadStream(file).pipe(res);
    } catch {
      notFound(res);
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((done, fail) => server.close((err) => (err ? fail(err) : done()))),
  };
}

function notFound(res: import("node:http").ServerResponse) {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found");
}
