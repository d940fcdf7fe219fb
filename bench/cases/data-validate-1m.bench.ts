// Streaming validation of one million simulated customers (all columns in the file, so no
// enrichment is computed): the loader's throughput and its memory staying flat.
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { defineCase } from "../harness.ts";
import { ENRICHMENT_COLUMNS, TELCO_COLUMNS, readCustomerRows } from "../../core/src/data/index.ts";
import { simulateCustomers } from "../../core/src/data/simulator.ts";

const ROWS = 1_000_000;
const COLUMNS = [...TELCO_COLUMNS, ...ENRICHMENT_COLUMNS, "true_churn_probability"];

export default defineCase({
  name: "data validate: 1M simulated rows, streamed (readCustomerRows)",
  target: "≤ 20 s median (≥ 50k rows/s), flat memory",
  runs: 3,
  warmup: 0,
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-"));
    const path = join(dir, "customers-1m.csv");
    const rows = function* () {
      for (const c of simulateCustomers({ rows: ROWS, seed: 2026 })) {
        const r = c as unknown as Record<string, unknown>;
        yield COLUMNS.map((k) => (r[k] === null ? "" : r[k]));
      }
    };
    await pipeline(
      Readable.from(rows()),
      stringify({ header: true, columns: COLUMNS }),
      createWriteStream(path),
    );
    return { dir, path };
  },
  async run({ path }, ctx) {
    const t0 = performance.now();
    let accepted = 0;
    let rejected = 0;
    for await (const event of readCustomerRows(path)) {
      if (event.kind === "accepted") accepted++;
      else if (event.kind === "rejected") rejected++;
    }
    if (accepted + rejected !== ROWS) throw new Error(`read ${accepted + rejected} rows, expected ${ROWS}`);
    ctx.report({ rowsPerSecond: Math.round(ROWS / ((performance.now() - t0) / 1000)), accepted, rejected });
  },
  teardown({ dir }) {
    rmSync(dir, { recursive: true, force: true });
  },
});
