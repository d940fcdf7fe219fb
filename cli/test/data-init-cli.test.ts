// `engagetrack data init`, in-process through the program's entry (run): what it prints, the error
// that failed it, and the exit code and one-line message run() makes of that error.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, describe, expect, it } from "vitest";
import { CliError } from "../cli-error.ts";
import type { InitReport } from "../actions/data-init.ts";
import { readDatasetContract } from "../../core/src/data/read-dataset-contract.ts";
import { ACCOUNT_COLUMNS, accountsCsv } from "../../core/test/fixtures/accounts-table.ts";
import { runInProcess } from "./fixtures/run-in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "engagetrack-data-init-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const accountsText = accountsCsv({ rows: 5000, leak: true, currentShare: 0.1 });
const accounts = file("accounts.csv", accountsText);

/** Runs `engagetrack data init …` in-process: what it printed and its exit code; throws what failed it. */
async function run(...args: string[]): Promise<{ out: string; err: string; code: number }> {
  const r = await runInProcess(["data", "init", ...args]);
  if (r.error !== undefined) throw r.error;
  return { out: r.stdout, err: r.stderr, code: r.code };
}

async function failure(...args: string[]): Promise<CliError> {
  const error = await run(...args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  expect((error as CliError).exitCode).toBe(2);
  expect((error as CliError).message).not.toMatch(/\n|\s+at /);
  return error as CliError;
}

describe("engagetrack data init", () => {
  it("writes the contract, prints each guess and warning, and the command to run next", async () => {
    const out = join(dir, "contracts", "nested", "accounts.yaml");
    const r = await run(accounts, "--out", out);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const lines = r.out.split("\n");
    expect(lines[0]).toBe(
      `wrote ${out}: a draft contract for ${accounts}; check every guess before using it`,
    );
    expect(lines).toContain("  id: account_id (unique in 5,000 rows, id-like name)");
    expect(lines).toContain("warnings:");
    expect(r.out).toMatch(/\n {2}cancel_reason predicts churn alone \(AUC 1\.00\)/);
    expect(
      r.out.endsWith(
        `next: edit ${out}, then run\n  engagetrack data validate ${accounts} --dataset ${out}\n`,
      ),
    ).toBe(true);
    const contract = await readDatasetContract(out);
    expect(contract.id.column).toBe("account_id");
    expect(contract.exclude).toEqual([
      { column: "cancel_reason", reason: "likely leakage: predicts the label alone (AUC 1.00)" },
    ]);
  });

  it("prints a JSON report with --json, and honours --id, --label, --positive and --sample", async () => {
    const out = join(dir, "override.yaml");
    const r = await run(
      accounts,
      "--out",
      out,
      "--json",
      "--label",
      "voice_mail_plan",
      "--positive",
      "no",
      "--id",
      "account_id",
      "--sample",
      "2000",
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as InitReport;
    expect(report).toMatchObject({
      file: accounts,
      out,
      sample: { rows: 5000, sampled: 2000, method: "reservoir" },
      contract: {
        id: { column: "account_id" },
        label: { column: "voice_mail_plan", churned: ["no"], retained: ["yes"] },
      },
      next: `engagetrack data validate ${accounts} --dataset ${out}`,
    });
    expect(report.notes[0]).toBe(
      "sample: 2,000 of 5,000 rows (a seeded uniform sample: the same file gives the same draft)",
    );
    expect(readFileSync(out, "utf8")).toContain("label:\n  column: voice_mail_plan\n");
  });

  it("refuses to overwrite an existing --out unless --force", async () => {
    const out = file("taken.yaml", "mine\n");
    const e = await failure(accounts, "--out", out);
    expect(e.code).toBe("output-exists");
    expect(e.message).toBe(`"${out}" already exists: pass --force to overwrite it`);
    expect(readFileSync(out, "utf8")).toBe("mine\n");
    expect((await run(accounts, "--out", out, "--force")).code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^# Dataset contract for /);
  });

  it("turns every unusable input into one message and exit code 2, writing nothing", async () => {
    const out = join(dir, "never.yaml");
    expect((await failure(join(dir, "missing.csv"), "--out", out)).message).toBe(
      `file not found: "${join(dir, "missing.csv")}"`,
    );
    expect((await failure(file("empty.csv", ""), "--out", out)).code).toBe("empty");
    expect((await failure(file("header.csv", "account_id,churn\n"), "--out", out)).code).toBe("header-only");
    expect((await failure(dir, "--out", out)).code).toBe("not-a-file");
    expect(
      (
        await failure(
          file("binary.csv", Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02])),
          "--out",
          out,
        )
      ).code,
    ).toBe("binary");
    expect(
      (
        await failure(
          file("latin1.csv", Buffer.from("account_id,name\nA1,Jos\xe9\n", "latin1")),
          "--out",
          out,
        )
      ).code,
    ).toBe("invalid-utf8");
    expect((await failure(accounts, "--out", out, "--sample", "ten")).message).toBe(
      'invalid --sample: "ten" (a whole number from 1 to 10000000)',
    );
    expect((await failure(accounts, "--out", out, "--id", "nope")).code).toBe("unknown-column");
    const noId = await failure(file("no-id.csv", "a,b\n1,2\n3,4\n"), "--out", out);
    expect(noId.code).toBe("no-id");
    expect(noId.message).toContain("pass --id COL");
    expect((await failure("postgres://user@localhost/db", "--out", out)).code).toBe("bad-option");
    expect((await failure(accounts, "--out", join(file("plain", "x"), "sub", "c.yaml"))).code).toBe(
      "output-unwritable",
    );
    expect(existsSync(out)).toBe(false);
  });

  it("leaves usage errors to commander (main turns them into exit code 2)", async () => {
    const e = await run(accounts).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(CommanderError);
    expect((e as CommanderError).message).toBe(
      "error: required option '--out <contract.yaml>' not specified",
    );
  });

  it("drafts a Parquet file like its CSV", async () => {
    const text = accountsCsv({ rows: 400 });
    const rows = text
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => l.split(","));
    const typed = new Set([
      "account_length",
      "number_customer_service_calls",
      "total_day_minutes",
      "monthly_fee",
    ]);
    const columnData = ACCOUNT_COLUMNS.map((name, i) => ({
      name,
      data: rows.map((r) => (typed.has(name) ? Number(r[i]) : r[i])),
      type: typed.has(name) ? ("DOUBLE" as const) : ("STRING" as const),
    }));
    const parquet = file("accounts.parquet", Buffer.from(parquetWriteBuffer({ columnData })));
    const csv = file("accounts400.csv", text);
    const fromParquet = JSON.parse(
      (await run(parquet, "--out", join(dir, "pq.yaml"), "--json")).out,
    ) as InitReport;
    const fromCsv = JSON.parse((await run(csv, "--out", join(dir, "csv.yaml"), "--json")).out) as InitReport;
    expect(fromParquet.contract.id).toEqual({ column: "account_id" });
    expect(fromParquet.contract.label).toEqual(fromCsv.contract.label);
    const types = (r: InitReport) => r.contract.features.map((f) => `${f.column}:${f.type}`);
    expect(types(fromParquet)).toEqual(types(fromCsv));
  });

  it("exits 0, or 2 with one line on stderr and no stack trace", async () => {
    const out = join(dir, "process.yaml");
    const [ok, missing, usage] = await Promise.all([
      runInProcess(["data", "init", accounts, "--out", out]),
      runInProcess(["data", "init", join(dir, "missing.csv"), "--out", join(dir, "m.yaml")]),
      runInProcess(["data", "init", accounts, "--out", out, "--sample"]),
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("  id: account_id (unique in 5,000 rows, id-like name)\n");
    expect({ code: missing.code, stdout: missing.stdout, stderr: missing.stderr }).toEqual({
      code: 2,
      stdout: "",
      stderr: `engagetrack: file not found: "${join(dir, "missing.csv")}"\n`,
    });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^error: option '--sample <n>' argument missing\n/);
    for (const r of [missing, usage]) expect(r.stderr).not.toMatch(/\s+at /);
  }, 120_000);
});
