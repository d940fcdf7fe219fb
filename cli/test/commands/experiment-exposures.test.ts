// `engagetrack experiment` over exposed customers: exposures read from the shared store (--store,
// or DATABASE_URL), the population said in the text and carried in the JSON report.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../fixtures/run-in-process.ts";
import type { Customer } from "../../../core/src/data/schema.ts";
import { simulateCustomers } from "../../../core/src/data/simulator.ts";
import {
  analyzeExposedExperiment,
  DEFAULT_EXPERIMENT_CONFIG,
  experimentTable,
  findExperiment,
  verdict,
  type ExperimentReport,
} from "../../../core/src/experiments/index.ts";
import { createSnapshotWriter, openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { nudgeExposureLog, openStore, readExposures } from "../../../core/src/store/index.ts";
import { bandOf, toBatch } from "../../../core/test/snapshot/synthetic-scored.ts";

let root: string;
let snapshots: string;
let storeDir: string;
let simulated: Customer[];
const MADE_AT = new Date("2026-11-21T10:00:00Z");

beforeAll(async () => {
  delete process.env.DATABASE_URL;
  root = await mkdtemp(join(tmpdir(), "engagetrack-experiment-exposures-"));
  simulated = [...simulateCustomers({ rows: 2500, seed: 321 })];
  snapshots = join(root, "snapshots");
  const writer = await createSnapshotWriter({
    dir: snapshots,
    model: { name: "truth", hash: "t1" },
    dataHash: "d1",
    clock: () => MADE_AT,
  });
  const rows = simulated.map((customer, inputRow) => {
    const p = customer.true_churn_probability!;
    return {
      customer,
      inputRow,
      probability: p,
      margin: Math.log(p / (1 - p)),
      band: bandOf(p),
      contributions: [0],
      drivers: [],
    };
  });
  await writer.append(toBatch(rows, ["Contract"]));
  await writer.finish();
  // Every other customer was served a nudge of their arm a week earlier, while current.
  storeDir = join(root, "store");
  const store = await openStore({ dir: storeDir, sweepMs: 0 });
  const log = nudgeExposureLog(store.sql, "serve", { flushMs: 60_000 });
  simulated.forEach((c, i) => {
    if (i % 2 === 0)
      log.record({
        experimentKey: "nudge-strategy-2026",
        customerId: c.customerID,
        arm: c.variant,
        strategy: c.variant === "A" ? "engagement" : "retention",
        surface: "api",
        exposedAt: MADE_AT.getTime() - 7 * 86_400_000,
        snapshotId: "earlier",
        status: "current",
      });
  });
  await log.close();
  await store.close();
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs `engagetrack experiment …` in-process: stdout and its exit code; throws what failed it. */
async function run(...args: string[]): Promise<{ out: string; code: number }> {
  const r = await runInProcess(["experiment", ...args]);
  if (r.error !== undefined) throw r.error;
  return { out: r.stdout, code: r.code };
}

describe("engagetrack experiment over exposed customers", () => {
  it("analyses the exposed customers by arm from first exposure when the store has exposures", async () => {
    const experiment = findExperiment(DEFAULT_EXPERIMENT_CONFIG);
    const snapshot = (await openSnapshotStore(snapshots).latest())!;
    const store = await openStore({ dir: storeDir, sweepMs: 0 });
    const exposures = await readExposures(store.sql, experiment.key);
    await store.close();
    const expected = analyzeExposedExperiment(snapshot.table, experiment, exposures, {
      snapshot: { id: snapshot.manifest.id, createdAt: snapshot.manifest.createdAt },
    });
    expect(expected.customers).toBe(1250);
    const json = JSON.parse(
      (await run("--snapshots", snapshots, "--store", storeDir, "--json")).out,
    ) as ExperimentReport;
    expect(json.population).toMatchObject({ kind: "exposed", exposedCustomers: 1250, analysed: 1250 });
    expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
    const { out, code } = await run("--snapshots", snapshots, "--store", storeDir);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^Experiment nudge-strategy-2026 \(since 2026-01-05\): 1,250 customers with churn labels, snapshot /,
    );
    expect(out).toContain(
      `\nPopulation: exposed customers, by arm, from first exposure (nudge exposures from the embedded store in ${storeDir})\n`,
    );
    expect(out.trimEnd().split("\n").at(-1)).toBe(`Verdict: ${verdict(expected)}`);
  });

  it("without a store, every customer by assigned arm, saying how to read exposures", async () => {
    const { out } = await run("--snapshots", snapshots);
    expect(out).toMatch(
      /^Experiment nudge-strategy-2026 \(since 2026-01-05\): 2,500 customers with churn labels/,
    );
    expect(out).toContain(
      "\nPopulation: customers by assigned arm (nudge exposures not read (set DATABASE_URL, or pass --store <dir> for the embedded store))\n",
    );
    const json = JSON.parse((await run("--snapshots", snapshots, "--json")).out) as ExperimentReport;
    expect(json.population).toBeUndefined();
    expect(json.customers).toBe(experimentTable(simulated).numRows());
  });

  it("a store folder that does not exist is one sentence, exit 2", async () => {
    const err = await run("--snapshots", snapshots, "--store", join(root, "nowhere")).then(
      () => undefined,
      (e: unknown) => e as Error & { exitCode: number },
    );
    expect(err?.message).toBe(
      `--store ${join(root, "nowhere")}: no such folder (the embedded store's, e.g. data/store)`,
    );
    expect(err?.exitCode).toBe(2);
  });
});
