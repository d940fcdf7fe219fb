// A team's own churn table — not IBM Telco — through the whole product with no code change:
// data init → data validate → evaluate → run → explain → report, then scoring a file of current
// customers, and the same customers from CSV, Parquet and PostgreSQL giving the same snapshot.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { money } from "../../core/src/charts/chart-format.ts";
import { readDatasetContract } from "../../core/src/data/read-dataset-contract.ts";
import { loadSnapshot, openSnapshotStore } from "../../core/src/snapshot/index.ts";
import type { ContractRow } from "../../core/src/data/index.ts";
import { ACCOUNT_COLUMNS, accountsCsv } from "../../core/test/fixtures/accounts-table.ts";
import { testPostgres, type TestPostgres } from "../../core/test/fixtures/postgres-server.ts";
import { runInProcess } from "./fixtures/run-in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "engagetrack-journey-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);

const csvText = accountsCsv({ rows: 3000, seed: 5, currentShare: 0.25 });
const csv = path("accounts.csv");
const contract = path("contracts/accounts.yaml");
const modelDir = path("models/accounts");
const snapshots = path("snapshots");
writeFileSync(csv, csvText);
const lines = csvText.trimEnd().split("\n");
const churnedIds = new Set(
  lines
    .slice(1)
    .filter((l) => l.endsWith(",yes"))
    .map((l) => l.split(",")[0]),
);

// What the team adds to the draft: the actions it can take.
const ACTIONS = `
actions:
  - column: voice_mail_plan
    towards: ["true"]
    phrase: offer a voice mail plan
  - column: international_plan
    towards: ["false"]
    when: [{ column: international_plan, in: ["true"] }]
    phrase: move off the international plan
`;

describe("a table with another schema, start to finish", () => {
  let callFirst: Array<{ customerID: string }>;

  beforeAll(async () => {
    const init = await runInProcess(["data", "init", csv, "--out", contract]);
    expect(init.code, init.stderr).toBe(0);
    appendFileSync(contract, ACTIONS);
  }, 60_000);

  it("validates against the drafted contract and counts current customers apart from history", async () => {
    const r = await runInProcess(["data", "validate", csv, "--dataset", contract, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ accepted: 3000, rejected: 0, dataset: { name: "accounts" } });
    expect(report.statuses.churned).toBe(churnedIds.size);
    expect(report.statuses.current + report.statuses.retained + report.statuses.churned).toBe(3000);
    expect(report.statuses.current).toBeGreaterThan(600);
  });

  it("cross-validates on the history only", async () => {
    const r = await runInProcess([
      "evaluate",
      "--data",
      csv,
      "--dataset",
      contract,
      "--folds",
      "5",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.rows).toBe(
      3000 -
        JSON.parse((await runInProcess(["data", "validate", csv, "--dataset", contract, "--json"])).stdout)
          .statuses.current,
    );
    expect(json.auc_mean).toBeGreaterThan(0.7);
  }, 120_000);

  it("runs the main job: never lists a churned customer, and the snapshot keeps every status", async () => {
    const r = await runInProcess(["run", "--json"], {
      ENGAGETRACK_DATA: csv,
      ENGAGETRACK_DATASET: contract,
      ENGAGETRACK_MODEL_DIR: modelDir,
      ENGAGETRACK_SNAPSHOTS_DIR: snapshots,
    });
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    callFirst = json.callFirst;
    expect(callFirst.length).toBeGreaterThan(0);
    for (const c of callFirst) expect(churnedIds.has(c.customerID)).toBe(false);
    const snapshot = (await openSnapshotStore(snapshots).latest())!;
    const ids = snapshot.table.array("account_id") as string[];
    const status = snapshot.table.array("status") as string[];
    expect(ids.length).toBe(3000);
    ids.forEach((id, i) => expect(status[i] === "churned").toBe(churnedIds.has(id)));
    expect(snapshot.manifest.contract?.name).toBe("accounts");
  }, 120_000);

  it("explains and reports a customer in the contract's words, with the team's actions", async () => {
    const id = callFirst[0].customerID;
    const e = await runInProcess(["explain", "--model", modelDir, "--data", csv, "--id", id]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(new RegExp(`^${id}: (High|Medium|Low) risk \\(\\d+%\\) mainly because of `));
    expect(e.stdout).not.toMatch(/contract|tenure|Telco/i);
    const r = await runInProcess(["report", id, "--model", modelDir, "--snapshots", snapshots], {
      ENGAGETRACK_USAGE_LOG: path("usage.log"),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`EngageTrack customer summary: ${id} (accounts)`);
    expect(r.stdout).toMatch(/Status: (current customer|retained)/);
    expect(r.stdout, r.stdout).toMatch(/customer service calls/i);
    expect(r.stdout).toMatch(/NUDGE \(rule engine\)/);
  }, 120_000);

  it("answers questions in the table's own terms: top at-risk with a filter on its columns, segment, customer, summary", async () => {
    const ask = (question: string) =>
      runInProcess(
        ["ask", question, "--model", modelDir, "--snapshots", snapshots, "--charts-dir", path("charts")],
        { ENGAGETRACK_USAGE_LOG: path("usage.log"), LLM_API_KEY: "" },
      );
    const intlYes = new Set(
      lines
        .slice(1)
        .map((l) => l.split(","))
        .filter((cells) => cells[ACCOUNT_COLUMNS.indexOf("international_plan")] === "yes")
        .map((cells) => cells[0]),
    );
    const answers: string[] = [];

    const top = await ask("top at-risk international plan=yes");
    expect(top.code, top.stderr + top.stdout).toBe(0);
    answers.push(top.stdout);
    const listed = [...top.stdout.matchAll(/\b(AC\d+)\b/g)].map((m) => m[1]);
    expect(top.stdout).toMatch(
      /^Top 10 at-risk customers .*\(international plan=Yes\): [\d,]+ customers to act on match/,
    );
    expect(new Set(listed).size, top.stdout).toBe(10);
    for (const id of listed) {
      expect(intlYes.has(id), `${id} is on the international plan`).toBe(true);
      expect(churnedIds.has(id), `${id} has churned: history, not at risk`).toBe(false);
    }

    const segment = await ask("segment state");
    expect(segment.code, segment.stderr + segment.stdout).toBe(0);
    answers.push(segment.stdout);
    // Over customers to act on: the churned are history.
    const toActOn = (3000 - churnedIds.size).toLocaleString("en-US");
    expect(segment.stdout).toMatch(new RegExp(`^Churn risk by state: ${toActOn} customers to act on`));
    for (const state of ["CA", "NY", "TX"])
      expect(segment.stdout).toMatch(new RegExp(`\\n${state} +[\\d,]+ `));

    const id = callFirst[0].customerID;
    const customer = await ask(id);
    expect(customer.code, customer.stderr + customer.stdout).toBe(0);
    answers.push(customer.stdout);
    expect(customer.stdout).toMatch(new RegExp(`^${id}: (High|Medium|Low) churn risk \\(\\d+%\\)`));
    // Money in the drafted contract's revenue currency, the status from the table's own label.
    const drafted = await readDatasetContract(contract);
    const symbol = money(0, drafted.revenue!.currency).replace(/[\d.,\s]/g, "");
    expect(customer.stdout).toContain(`Monthly fee: ${symbol}`);
    expect(customer.stdout).toMatch(/^Status: (current customer|retained)/m);
    expect(customer.stdout).toMatch(
      /^Best action: (offer a voice mail plan|move off the international plan) /m,
    );

    const summary = await ask(`summary ${id}`);
    expect(summary.code, summary.stderr + summary.stdout).toBe(0);
    answers.push(summary.stdout);
    expect(summary.stdout).toContain(`Summary of ${id}: `);
    const file = summary.stdout.match(/^file: (.+\.txt)$/m)?.[1];
    expect(file, summary.stdout).toBeDefined();
    const txt = readFileSync(file!, "utf8");
    answers.push(txt);
    expect(txt).toContain(`EngageTrack customer summary: ${id} (accounts)`);
    expect(txt).toMatch(/International plan/);

    for (const answer of answers) {
      expect(answer).not.toMatch(
        /Telco|tenure|MonthlyCharges|customerID|planTier|persona|supportCalls|paymentDelay|sessionsPerMonth/,
      );
      expect(answer).not.toMatch(/\bContract\b|contract=/);
    }
  }, 120_000);

  it("reports a churned customer as history, with no nudge", async () => {
    const id = [...churnedIds][0];
    const r = await runInProcess(
      ["report", id, "--model", modelDir, "--snapshots", snapshots, "--format", "json"],
      {
        ENGAGETRACK_USAGE_LOG: path("usage.log"),
      },
    );
    expect(r.code, r.stderr).toBe(0);
    const insight = JSON.parse(r.stdout);
    expect(insight).toMatchObject({ status: "churned", nudge: null });
    expect(insight.noNudgeReason).toContain("history");
  });

  it("scores a file of current customers with no label column", async () => {
    const current = lines.map((l) =>
      l
        .split(",")
        .slice(0, ACCOUNT_COLUMNS.length - 1)
        .join(","),
    );
    writeFileSync(path("current.csv"), `${current.join("\n")}\n`);
    const out = path("current-snapshots");
    const r = await runInProcess([
      "score",
      "--model",
      modelDir,
      "--data",
      path("current.csv"),
      "--snapshots",
      out,
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).statuses).toEqual({ current: 3000, churned: 0, retained: 0 });
    const snapshot = (await openSnapshotStore(out).latest())!;
    expect(new Set(snapshot.table.array("status") as string[])).toEqual(new Set(["current"]));
  }, 120_000);
});

describe("the same customers from CSV, Parquet and PostgreSQL", () => {
  let server: TestPostgres | { skip: string };
  beforeAll(async () => {
    server = await testPostgres();
  }, 60_000);
  afterAll(async () => {
    if (server && !("skip" in server)) await server.stop();
  });

  it("give byte-identical snapshot files", async (ctx) => {
    if ("skip" in server) return ctx.skip(server.skip);
    // The model of the journey above may not exist when this test runs alone: train one here.
    const model = path("models/sources");
    const trained = await runInProcess([
      "train",
      "--data",
      csv,
      "--dataset",
      contract,
      "--out",
      model,
      "--json",
    ]);
    expect(trained.code, trained.stderr).toBe(0);

    const rows = lines.slice(1).map((l) => l.split(","));
    const numeric = new Set([2, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    const bool = new Set([4, 5]);
    const columnData = ACCOUNT_COLUMNS.map((name, j) => ({
      name,
      data: rows.map((r) =>
        numeric.has(j) ? Number(r[j]) : bool.has(j) ? r[j] === "yes" : r[j] === "" ? null : r[j],
      ),
      type: numeric.has(j) ? ("DOUBLE" as const) : bool.has(j) ? ("BOOLEAN" as const) : ("STRING" as const),
    }));
    const parquet = path("accounts.parquet");
    writeFileSync(parquet, Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 700 })));

    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const types = ACCOUNT_COLUMNS.map(
        (c, j) => `${c} ${numeric.has(j) ? "double precision" : bool.has(j) ? "boolean" : "text"}`,
      );
      await client.query(`create table accounts (${types.join(", ")})`);
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        const params: unknown[] = [];
        const values = chunk.map((r) => {
          const cells = r.map((v, j) =>
            numeric.has(j) ? Number(v) : bool.has(j) ? v === "yes" : v === "" ? null : v,
          );
          const at = params.length;
          params.push(...cells);
          return `(${cells.map((_, k) => `$${at + k + 1}`).join(", ")})`;
        });
        await client.query(`insert into accounts values ${values.join(", ")}`, params);
      }
    } finally {
      await client.end();
    }

    const hashes: string[] = [];
    const dataHashes: string[] = [];
    for (const [name, args] of [
      ["csv", ["--data", csv]],
      ["parquet", ["--data", parquet]],
      ["postgres", ["--data", server.url, "--table", "accounts"]],
    ] as const) {
      const out = path(`same-${name}`);
      const r = await runInProcess(["score", "--model", model, ...args, "--snapshots", out, "--json"]);
      expect(r.code, `${name}: ${r.stderr}${r.stdout.slice(0, 2000)}`).toBe(0);
      const snapshot = await loadSnapshot<ContractRow>(join(out, JSON.parse(r.stdout).snapshot));
      hashes.push(snapshot.manifest.file.sha256);
      dataHashes.push(snapshot.manifest.dataHash);
      expect(snapshot.size).toBe(3000);
    }
    expect(new Set(hashes).size).toBe(1);
    // One data hash too: the content as validated, not the sources' spellings ("yes" vs true, "127.0" vs 127).
    expect(new Set(dataHashes).size).toBe(1);
    expect(readFileSync(csv, "utf8")).toBe(csvText);
  }, 180_000);
});
