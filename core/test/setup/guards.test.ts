// The test setup (guards.ts, loaded by vitest.config.ts for every test file): no connection leaves
// the machine, and warnings nobody expected are caught. These tests provoke both on purpose and take
// what the guard recorded, so the setup's own check after each test finds nothing left.
import { createServer, connect, type Server } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectWarning, takeGuardRecords, takeProblems } from "./warnings.ts";

/** The error (or "connected") of a connection attempt, bounded so a missing guard fails, not hangs. */
function attempt(options: { host: string; port: number } | { path: string }): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(options as never);
    socket.setTimeout(3000, () => {
      socket.destroy();
      resolve("timed out");
    });
    socket.once("connect", () => {
      socket.end();
      resolve("connected");
    });
    socket.once("error", (e: NodeJS.ErrnoException) => resolve(`${e.code}: ${e.message}`));
  });
}

function listen(server: Server, where: number | string): Promise<void> {
  return new Promise((resolve) => server.listen(where as never, "127.0.0.1" as never, () => resolve()));
}

describe("the network guard", () => {
  const servers: Server[] = [];
  const dir = mkdtempSync(join(tmpdir(), "et-guards-"));
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a connection off the machine, at once, and records it for the test's check", async () => {
    // 192.0.2.1 is TEST-NET-1: never routable, so without the guard this only times out.
    const result = await attempt({ host: "192.0.2.1", port: 80 });
    expect(result).toBe(
      "ENETUNREACH: outbound network is blocked in tests: connect to 192.0.2.1:80 (only 127.0.0.1, localhost, ::1 and unix sockets are allowed)",
    );
    expect(takeGuardRecords().blocked).toEqual([
      "outbound network is blocked in tests: connect to 192.0.2.1:80 (only 127.0.0.1, localhost, ::1 and unix sockets are allowed)",
    ]);
  });

  it("refuses fetch to a public host name before any DNS answer matters", async () => {
    const error = await fetch("https://api.together.xyz/v1/models").then(
      () => undefined,
      (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
    );
    expect(error).toContain("outbound network is blocked in tests: connect to api.together.xyz:443");
    expect(takeGuardRecords().blocked).toHaveLength(1);
  });

  it("lets 127.0.0.1, localhost and unix sockets through", async () => {
    const tcp = createServer((s) => s.end());
    servers.push(tcp);
    await listen(tcp, 0);
    const port = (tcp.address() as { port: number }).port;
    expect(await attempt({ host: "127.0.0.1", port })).toBe("connected");
    expect(await attempt({ host: "localhost", port })).toBe("connected");
    const unix = createServer((s) => s.end());
    servers.push(unix);
    const path = join(dir, "s.sock");
    await new Promise<void>((r) => unix.listen(path, () => r()));
    expect(await attempt({ path })).toBe("connected");
    expect(takeGuardRecords()).toEqual({ unexpected: [], blocked: [] });
  });
});

describe("the warnings guard", () => {
  it("records console.warn, console.error and process warnings nobody expected", async () => {
    console.warn("a stray %s", "warning");
    console.error("a stray error");
    const emitted = new Promise((r) => process.once("warning", r));
    process.emitWarning("something is deprecated", "DeprecationWarning");
    await emitted;
    expect(takeGuardRecords().unexpected).toEqual([
      "console.warn: a stray warning",
      "console.error: a stray error",
      "process warning: DeprecationWarning: something is deprecated",
    ]);
  });

  it("lets a warning the test declared through", () => {
    expectWarning(/^model card is old/);
    console.warn("model card is old: retrain");
    expect(takeGuardRecords().unexpected).toEqual([]);
  });

  it("reports a declared warning that never came", () => {
    expectWarning(/never printed/);
    expect(takeProblems()).toContain(
      "expected a warning matching /never printed/ (expectWarning), but none came",
    );
  });
});
