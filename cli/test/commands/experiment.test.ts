import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliError } from "../../cli-error.ts";
import { runInProcess } from "../fixtures/run-in-process.ts";
import type { Customer } from "../../../core/src/data/schema.ts";
import { simulateCustomers } from "../../../core/src/data/simulator.ts";
import { writeSimulatedCsv } from "../../../core/src/data/write-simulated-csv.ts";
import {
  analyzeExperiment,
  DEFAULT_EXPERIMENT_CONFIG,
  experimentTable,
  findExperiment,
  verdict,
  type ExperimentReport,
} from "../../../core/src/experiments/index.ts";
import { createSnapshotWriter } from "../../../core/src/snapshot/index.ts";
import { bandOf, toBatch } from "../../../core/test/snapshot/synthetic-scored.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import {
  accountsOfferWorkspace,
  OFFER_CURRENT,
  offerContract,
  withOfferArm,
} from "../../../core/test/experiments/accounts-offer.ts";

let root: string;
let csv: string;
let unlabelledCsv: string;
let snapshots: string;
let unlabelledSnapshots: string;
let simulated: Customer[];

/** Writes customers as a snapshot in `dir`, scored by their true churn probability. */
async function writeSnapshot(dir: string, customers: Customer[]): Promise<void> {
  const writer = await createSnapshotWriter({
    dir,
    model: { name: "truth", hash: "t1" },
    dataHash: "d1",
    clock: () => new Date("2026-11-21T10:00:00Z"),
  });
  const rows = customers.map((customer, inputRow) => {
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
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "engagetrack-experiment-"));
  csv = join(root, "customers.csv");
  await writeSimulatedCsv(csv, { rows: 3000, seed: 99 });
  // The same file without its Churn column.
  const lines = (await readFile(csv, "utf8")).trimEnd().split("\n");
  const churnAt = lines[0].split(",").indexOf("Churn");
  unlabelledCsv = join(root, "unlabelled.csv");
  await writeFile(
    unlabelledCsv,
    lines
      .map((l) =>
        l
          .split(",")
          .filter((_, i) => i !== churnAt)
          .join(","),
      )
      .join("\n") + "\n",
  );
  simulated = [...simulateCustomers({ rows: 2500, seed: 123 })];
  snapshots = join(root, "snapshots");
  await writeSnapshot(snapshots, simulated);
  unlabelledSnapshots = join(root, "unlabelled-snapshots");
  await writeSnapshot(
    unlabelledSnapshots,
    simulated.slice(0, 50).map(({ Churn: _, ...c }) => c),
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs `engagetrack experiment …` in-process: stdout and its exit code; throws what failed it. */
async function run(...args: string[]): Promise<{ out: string; code: number }> {
  const r = await runInProcess(["experiment", ...args]);
  if (r.error !== undefined) throw r.error;
  return { out: r.stdout, code: r.code };
}

async function failure(...args: string[]): Promise<CliError> {
  const error = await run(...args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe("engagetrack experiment", () => {
  it("prints the report of a labelled file as JSON", async () => {
    const { out, code } = await run("--data", csv, "--json");
    const report = JSON.parse(out) as ExperimentReport;
    expect(code).toBe(0);
    expect(report.experiment.key).toBe("nudge-strategy-2026");
    expect(report.customers).toBe(3000);
    expect(report.variants.map((v) => v.variant)).toEqual(["A", "B"]);
    expect(report.assignmentMismatches).toBe(0);
    expect(report.trustworthy).toBe(true);
  });

  it("prints a table and the verdict, and analyses the newest snapshot by default", async () => {
    const expected = analyzeExperiment(experimentTable(simulated), findExperiment(DEFAULT_EXPERIMENT_CONFIG));
    const { out, code } = await run("--snapshots", snapshots);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^Experiment nudge-strategy-2026 \(since 2026-01-05\): 2,500 customers with churn labels, snapshot /,
    );
    expect(out).toContain("variant  arm        customers  churned  churn rate  95% CI");
    expect(out).toContain(`A        control    ${expected.variants[0].customers.toLocaleString("en-US")}`);
    expect(out).toMatch(/\nSample ratio: A [\d,]+ \/ B [\d,]+ against 50\/50 planned; /);
    // The demo's arms are the simulator's; its engagement score is measured (simulated) data.
    expect(out).toContain("\nSimulated data: the arms were made by the simulator, not recorded\n");
    expect(out).toMatch(/\nEngagement B \(treatment\) − A \(control\): /);
    expect(out).toMatch(/\nChurn B \(treatment\) − A \(control\): .*P\(B \(treatment\) churns less\)/);
    expect(out.trimEnd().split("\n").at(-1)).toBe(`Verdict: ${verdict(expected)}`);
    const json = JSON.parse((await run("--snapshots", snapshots, "--json")).out) as ExperimentReport;
    expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("takes the stated effect in points", async () => {
    const report = JSON.parse((await run("--data", csv, "--effect", "3", "--json")).out) as ExperimentReport;
    expect(report.power.statedEffect).toBe(0.03);
    expect((await failure("--data", csv, "--effect", "-1")).exitCode).toBe(2);
  });

  it("exits 1 with an untrustworthy verdict when the data's variants follow another assignment", async () => {
    const config = join(root, "experiments.json");
    await writeFile(
      config,
      JSON.stringify({
        experiments: [
          {
            key: "nudge-strategy-2026",
            startDate: "2026-01-05",
            variants: { A: { name: "control", weight: 0.8 }, B: { name: "nudge", weight: 0.2 } },
          },
        ],
      }),
    );
    const { out, code } = await run("--data", csv, "--config", config);
    expect(code).toBe(1);
    expect(out).toMatch(
      /Verdict: .*sample ratio mismatch .*result untrustworthy; [\d,]+ customers' variant differs/,
    );
  });

  it("exits 2 on unusable input", async () => {
    const cases: [string[], string, RegExp][] = [
      [
        ["other-key", "--data", csv],
        "unknown-experiment",
        /unknown experiment: "other-key" \(declared: "nudge-strategy-2026"\)/,
      ],
      [["--data", unlabelledCsv], "no-labels", /has no Churn column/],
      [["--snapshots", join(root, "none")], "no-snapshot", /no snapshots in .*none: pass --data <csv>/],
      [["--snapshots", unlabelledSnapshots], "no-labels", /has no churn labels/],
      [
        ["--data", csv, "--config", join(root, "absent.json")],
        "bad-experiments-file",
        /cannot read experiments file/,
      ],
    ];
    for (const [args, code, message] of cases) {
      const error = await failure(...args);
      expect([error.code, error.exitCode]).toEqual([code, 2]);
      expect(error.message).toMatch(message);
    }
  });
});

describe("engagetrack experiment on a data set's own experiment (the accounts table)", () => {
  let offer: AccountsWorkspace;
  let plain: AccountsWorkspace;
  let waiting: AccountsWorkspace;
  beforeAll(async () => {
    offer = await accountsOfferWorkspace();
    plain = await accountsWorkspace();
    // The discount arm holds only current customers: its outcomes are not known yet.
    const onlyCurrent = (csv: string) => withOfferArm(csv).replace(/^(.*,(?:yes|no)),discount$/gm, "$1,");
    waiting = await accountsWorkspace({ contract: await offerContract(root), table: onlyCurrent });
  }, 90_000);
  afterAll(async () => {
    await Promise.all([offer?.close(), plain?.close(), waiting?.close()]);
  });

  it("analyses the contract's declared arms from the snapshot's status", async () => {
    const { out, code } = await run("--snapshots", offer.snapshotsDir);
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toBe(
      "Experiment offer-2026: 250 customers with churn labels, snapshot 2026-11-21T09-00-00Z-accounts",
    );
    expect(lines[1]).toBe(`(${OFFER_CURRENT} customers without a churn label left out)`);
    expect(lines[2]).toBe(
      `Arms from column offer_arm: control is A (the control), discount is B; ${(offer.snapshot.size - 250 - OFFER_CURRENT).toLocaleString("en-US")} customers in no arm left out`,
    );
    expect(out).toContain("variant  arm       customers  churned  churn rate  95% CI\n");
    expect(out).toContain("\nA        control   120        40       33.3%");
    expect(out).toContain("\nB        discount  130        25       19.2%");
    expect(out).toContain("\nEngagement: not measured in this data set\n");
    // scipy case 3: 25/130 − 40/120 = −14.1 points.
    expect(out).toMatch(/\nChurn discount − control: -14\.10 points .*P\(discount churns less\)/);
    expect(out).toMatch(
      /against 50\/50 assumed; .*healthy \(no weights configured: an equal split assumed\)/,
    );
    expect(out).not.toMatch(/Simulated|NaN|variant differs|customerID|engagementScore/);
    expect(out.trimEnd().split("\n").at(-1)).toMatch(
      /^Verdict: discount lowers churn by 14\.1 points vs control, /,
    );
    const json = JSON.parse((await run("--snapshots", offer.snapshotsDir, "--json")).out) as ExperimentReport;
    expect([json.experiment.key, json.customers, json.simulated, json.engagementStatus]).toEqual([
      "offer-2026",
      250,
      false,
      "not-measured",
    ]);
    expect(json.variants.map((v) => [v.name, v.customers, v.churned])).toEqual([
      ["control", 120, 40],
      ["discount", 130, 25],
    ]);
  });

  it("exits 2 saying no experiment is declared for a data set without one, and on another key", async () => {
    const none = await failure("--snapshots", plain.snapshotsDir);
    expect([none.code, none.exitCode]).toEqual(["no-experiment", 2]);
    expect(none.message).toBe(
      "the accounts data set declares no experiment (its dataset contract names no assignment column), so there is no experiment to analyse",
    );
    const other = await failure("nudge-strategy-2026", "--snapshots", offer.snapshotsDir);
    expect([other.code, other.exitCode]).toEqual(["unknown-experiment", 2]);
    expect(other.message).toBe(
      'unknown experiment: "nudge-strategy-2026" (the accounts data set declares "offer-2026")',
    );
  });

  it("says outcomes are not known yet when an arm has only current customers (exit 2)", async () => {
    const error = await failure("--snapshots", waiting.snapshotsDir);
    expect([error.code, error.exitCode]).toEqual(["outcomes-unknown", 2]);
    expect(error.message).toBe(
      `experiment offer-2026: outcomes not known yet: no customer in arm B (discount) of experiment offer-2026 has churned or been retained (${OFFER_CURRENT} current customers in its arms)`,
    );
  });
});
