// Loading and validating the real IBM Telco file (7,043 rows) with default enrichment.
import { existsSync } from "node:fs";
import { defineCase } from "../harness.ts";
import { loadCustomers } from "../../core/src/data/index.ts";

const telco =
  process.env.ENGAGETRACK_TELCO_CSV ?? new URL("../../../shared/data/telco.csv", import.meta.url).pathname;

export default defineCase({
  name: "data validate: Telco 7,043 rows (load + validate + enrich)",
  target: "≤ 0.25 s median",
  runs: 7,
  warmup: 2,
  skip: () => (existsSync(telco) ? undefined : `telco file absent: ${telco}`),
  async run(_, ctx) {
    const t0 = performance.now();
    const result = await loadCustomers(telco);
    if (result.accepted !== 7043 || result.rejectedCount !== 0)
      throw new Error(`unexpected result: ${result.accepted}`);
    ctx.report({ rowsPerSecond: Math.round(result.accepted / ((performance.now() - t0) / 1000)) });
  },
});
