import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.ts";
import { REPO } from "../fixtures/paths.ts";

describe("the embedded store after its process is killed", () => {
  const dir = mkdtempSync(join(tmpdir(), "engagetrack-crash-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("SIGKILL mid-write: the next process takes the stale holder over, and every acknowledged write is there", async () => {
    for (const round of [1, 2]) {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(REPO, "core/test/fixtures/store-writer.ts"), dir],
        {
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let out = "";
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err += d.toString()));
      const acknowledged = await new Promise<number>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const last = Number(out.trimEnd().split("\n").at(-1));
          if (last >= 200 * round) {
            child.kill("SIGKILL");
            resolve(last);
          }
        });
        child.once("exit", (code) =>
          reject(new Error(`writer exited (${code}) before it was killed:\n${err}`)),
        );
      });
      await new Promise((r) => child.once("close", r));
      const store = await openStore({ dir, sweepMs: 0 });
      try {
        const keys = await store.sql.query<{ key: string }>(
          "select key from seen_keys where scope = 'crash'",
        );
        const numbers = new Set(keys.map((k) => Number(k.key.slice(3))));
        // Every write acknowledged before the kill survived (a later, unacknowledged one may too).
        for (let i = 1; i <= acknowledged; i++)
          expect(numbers.has(i), `key${i} of round ${round}`).toBe(true);
        await store.sql.query("delete from seen_keys");
      } finally {
        await store.close();
      }
    }
  });
});
