// Idle and slow connections are closed within ENGAGETRACK_IDLE_TIMEOUT_SECONDS, and connections
// beyond ENGAGETRACK_MAX_CONNECTIONS are refused; real clients (keep-alive) are unaffected.
import { mkdtempSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../core/src/log/index.ts";
import { limitConnections } from "../../http/connection-limits.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { waitFor } from "../fixtures/wait-for.ts";

let dir: string;
let server: TestServer;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "et-conn-limits-"));
  server = await startTestServer(
    { dir, modelDir: join(dir, "m"), snapshotsDir: join(dir, "s") },
    { ENGAGETRACK_IDLE_TIMEOUT_SECONDS: "0.5", ENGAGETRACK_MAX_CONNECTIONS: "4" },
  );
  port = Number(new URL(server.url).port);
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface RawSocket {
  socket: Socket;
  /** Milliseconds from connecting to the server closing it; undefined while open. */
  closedAfter(): number | undefined;
  received(): string;
}

async function open(to = port): Promise<RawSocket> {
  const socket = connect(to, "127.0.0.1");
  let closedAt: number | undefined;
  let received = "";
  socket.on("data", (d) => (received += String(d)));
  socket.on("error", () => {});
  socket.on("close", () => (closedAt = Date.now()));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  const openedAt = Date.now();
  return {
    socket,
    closedAfter: () => (closedAt === undefined ? undefined : closedAt - openedAt),
    received: () => received,
  };
}

const closed = (s: RawSocket) => s.closedAfter() !== undefined;

describe("idle connections", () => {
  it("closes a connection that never sends a byte within the idle timeout", async () => {
    const s = await open();
    await waitFor(() => closed(s), 3000, "the silent connection to be closed");
    expect(s.closedAfter()).toBeGreaterThanOrEqual(400);
  });

  it("closes a connection that sends a partial header and stalls, also when it trickles bytes (slowloris)", async () => {
    const stalled = await open();
    stalled.socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const trickling = await open();
    trickling.socket.write("GET /healthz HTTP/1.1\r\n");
    const drip = setInterval(() => !trickling.socket.destroyed && trickling.socket.write("X-a: b\r\n"), 100);
    try {
      await waitFor(() => closed(stalled) && closed(trickling), 3000, "the slow connections to be closed");
    } finally {
      clearInterval(drip);
    }
    expect(stalled.received()).not.toContain("200 OK");
  });

  it("answers requests and keeps a keep-alive connection open for the keep-alive timeout it promised", async () => {
    const s = await open();
    s.socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await waitFor(() => s.received().includes("\r\n\r\n"), 3000, "the answer");
    expect(s.received()).toMatch(/^HTTP\/1\.1 200 /);
    // A keep-alive connection is not cut before the keep-alive timeout it was promised.
    expect(s.received().toLowerCase()).toContain("keep-alive: timeout=5");
    await new Promise((r) => setTimeout(r, 1000));
    expect(closed(s)).toBe(false);
    s.socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await waitFor(() => s.received().split("HTTP/1.1 200").length === 3, 3000, "the second answer");
    s.socket.destroy();
    for (let i = 0; i < 3; i++) expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("limitConnections", () => {
  it("leaves a connection alone while its request is being answered, however long that takes", async () => {
    const slow = createServer({ keepAliveTimeout: 100 }, (_req, res) => {
      setTimeout(() => res.end("done"), 900);
    });
    limitConnections(slow, { idleTimeoutMs: 200, max: 10 }, createLogger({ write: () => true }));
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    try {
      const s = await open((slow.address() as AddressInfo).port);
      s.socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      await waitFor(() => s.received().includes("done"), 3000, "the slow answer");
      expect(s.received()).toMatch(/^HTTP\/1\.1 200 /);
      // Idle again after the answer: closed (after the keep-alive timeout, here 1.1 s at most).
      await waitFor(() => closed(s), 3000, "the idle connection to be closed");
    } finally {
      slow.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});

describe("connection cap", () => {
  it("refuses connections beyond the cap; once they close, requests work again", async () => {
    // Its own server: no keep-alive connection of the other tests counts, and no idle timeout
    // closes the held connections during the test.
    const capped = await startTestServer(
      { dir, modelDir: join(dir, "m"), snapshotsDir: join(dir, "s") },
      { ENGAGETRACK_IDLE_TIMEOUT_SECONDS: "30", ENGAGETRACK_MAX_CONNECTIONS: "3" },
      {},
      "capped",
    );
    try {
      const at = Number(new URL(capped.url).port);
      const held = await Promise.all([open(at), open(at), open(at)]);
      const refused = await open(at);
      await waitFor(() => closed(refused), 2000, "the connection over the cap to be closed");
      expect(refused.received()).toBe("");
      expect(held.some(closed)).toBe(false);
      for (const h of held) h.socket.destroy();
      await waitFor(
        async () => {
          try {
            return (await fetch(`${capped.url}/healthz`)).status === 200;
          } catch {
            return false;
          }
        },
        2000,
        "a request after the held connections closed",
      );
      expect(capped.logs.filter((l) => l.includes('"code":"connection-cap"'))).toHaveLength(1);
    } finally {
      await capped.close();
    }
  });
});
