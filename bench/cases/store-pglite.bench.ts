/**
 * The embedded store (PGlite in a folder, as `npm start` uses it): open time of a new store (the
 * first start: initdb + migrations) and of an existing one (every later start), and per-operation
 * latency (ms) of de-duplication, rate-limit tokens and cooldown claims.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../core/src/store/index.ts";
import { defineCase } from "../harness.ts";
import { measureStore } from "./store-ops.ts";

export default defineCase({
  name: "store: embedded PGlite, open + 2,000 of each operation",
  runs: 5,
  warmup: 1,
  async run(_state, ctx) {
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-store-bench-"));
    try {
      const fresh = await measureStore({ dir });
      const t = performance.now();
      const again = await openStore({ dir, sweepMs: 0 });
      const reopenMs = performance.now() - t;
      await again.close();
      ctx.report({ ...fresh, firstOpenMs: fresh.openMs, reopenMs });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
