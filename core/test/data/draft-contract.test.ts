import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseDatasetContract, parseDatasetContractText } from "../../src/data/read-dataset-contract.ts";
import {
  DraftContractError,
  draftContract,
  humanLabel,
  type ContractDraft,
  type DraftOptions,
} from "../../src/data/draft-contract.ts";
import { readContractRows } from "../../src/data/read-contract-rows.ts";
import { readCsvRecords } from "../../src/data/read-csv-records.ts";
import { renderContractYaml } from "../../src/data/render-contract-yaml.ts";
import { seededRandom } from "../../src/data/seeded-random.ts";
import { accountsCsv } from "../fixtures/accounts-table.ts";
import { expectGoldenFile } from "../fixtures/golden-file.ts";
import { tempDir } from "./customer-csv.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const GOLDEN_DIR = join(import.meta.dirname, "__golden__");

let fileNo = 0;
function csvFile(text: string, name = `t${fileNo++}.csv`): string {
  return tmp.file(name, text);
}

function draft(path: string, options: Partial<DraftOptions> = {}): Promise<ContractDraft> {
  return draftContract(readCsvRecords(path), { file: "accounts.csv", ...options });
}

async function draftError(path: string, options: Partial<DraftOptions> = {}): Promise<DraftContractError> {
  const err = await draft(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DraftContractError);
  return err as DraftContractError;
}

/** The table without some of its columns. */
function dropColumns(csv: string, drop: string[]): string {
  const lines = csv
    .trimEnd()
    .split("\n")
    .map((l) => l.split(","));
  const keep = lines[0].map((c, i) => (drop.includes(c) ? -1 : i)).filter((i) => i >= 0);
  return `${lines.map((cells) => keep.map((i) => cells[i]).join(",")).join("\n")}\n`;
}

/** Reads a file with a contract as the product would: accepted and rejected counts. */
async function validate(
  path: string,
  yaml: string,
): Promise<{ accepted: number; rejected: number; warnings: string[] }> {
  const contract = parseDatasetContractText(yaml, "draft.yaml");
  const result = { accepted: 0, rejected: 0, warnings: [] as string[] };
  for await (const e of readContractRows(readCsvRecords(path), contract, { file: "accounts.csv" })) {
    if (e.kind === "accepted") result.accepted++;
    else if (e.kind === "rejected") result.rejected++;
    else if (e.kind === "warning") result.warnings.push(e.message);
  }
  return result;
}

const accounts = csvFile(accountsCsv({ rows: 5000 }), "accounts.csv");
const leaky = csvFile(accountsCsv({ rows: 5000, leak: true, currentShare: 0.1 }), "leaky.csv");

describe("draftContract on the accounts table", () => {
  it("guesses the id, the label and its churned value, types, revenue and segments, with a note for each", async () => {
    const d = await draft(accounts);
    const c = d.contract;
    expect(c.name).toBe("accounts");
    expect(c.id).toEqual({ column: "account_id" });
    expect(c.label).toEqual({ column: "churn", churned: ["yes"], retained: ["no"] });
    expect(c.revenue).toEqual({ column: "monthly_fee", currency: "USD" });
    expect(c.owner).toBeUndefined();
    expect(c.segments).toEqual(["state", "area_code", "international_plan", "voice_mail_plan"]);
    const feature = (column: string) => c.features.find((f) => f.column === column);
    expect(feature("international_plan")).toEqual({
      column: "international_plan",
      type: "boolean",
      label: "International plan",
      boolean: { true: ["yes"], false: ["no"] },
      phrases: { true: "International plan: yes", false: "International plan: no" },
    });
    expect(feature("number_customer_service_calls")).toEqual({
      column: "number_customer_service_calls",
      type: "integer",
      label: "Number customer service calls",
      min: 0,
      phrase: "Number customer service calls: {value}",
    });
    expect(feature("state")).toEqual({
      column: "state",
      type: "category",
      label: "State",
      values: ["CA", "FL", "MN", "NJ", "NY", "OH", "TX", "WA"],
      phrase: "State {value}",
    });
    expect(feature("total_day_minutes")).toMatchObject({ type: "number", min: 0 });
    expect(feature("monthly_fee")).toMatchObject({ type: "number", format: "currency", min: 0 });
    // No max is ever taken from the sample: a later file may go beyond it.
    expect(c.features.some((f) => f.max !== undefined)).toBe(false);
    // Every column but the id and the label is a feature; nothing is excluded; no actions guessed.
    expect(c.features.map((f) => f.column)).toHaveLength(14);
    expect(c.exclude).toBeUndefined();
    expect(c.actions).toBeUndefined();
    expect(d.notes).toContain("id: account_id (unique in 5,000 rows, id-like name)");
    expect(d.notes).toContain(
      'label: churn (two values, churn-like name); churned = "yes" (the value that means yes), retained = "no"',
    );
    expect(d.notes[0]).toBe("sample: 5,000 rows (the whole file)");
    expect(d.notes).toContainEqual(
      expect.stringMatching(
        /^number_customer_service_calls: integer, min 0 \(seen 0 to 9\); AUC 0\.\d\d alone$/,
      ),
    );
    expect(d.notes.at(-1)).toMatch(/^actions: none guessed/);
    expect(d.warnings).toEqual([]);
    expect(d.sample).toEqual({ file: "accounts.csv", rows: 5000, sampled: 5000, method: "all" });
  });

  it("puts a column that predicts the label alone into exclude, with a warning saying how to put it back", async () => {
    const d = await draft(leaky);
    expect(d.contract.exclude).toEqual([
      { column: "cancel_reason", reason: "likely leakage: predicts the label alone (AUC 1.00)" },
    ]);
    expect(d.contract.features.map((f) => f.column)).not.toContain("cancel_reason");
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(
      /^cancel_reason predicts churn alone \(AUC 1\.00\): left out as likely leakage/,
    );
    expect(d.warnings[0]).toContain("move it from exclude to features as ");
    // The declaration offered in the warning is one that validates.
    const declaration = JSON.parse(d.warnings[0].slice(d.warnings[0].indexOf("{")));
    const c = parseDatasetContract(
      { ...d.contract, exclude: undefined, features: [...d.contract.features, declaration] },
      "x",
    );
    expect(c.features.at(-1)).toEqual({
      column: "cancel_reason",
      type: "category",
      values: ["moved", "price", "service"],
    });
    // Blank labels are current customers, and the note says so.
    expect(d.notes.find((n) => n.startsWith("label:"))).toMatch(
      /; \d+ blank rows are current customers \(no outcome yet\)$/,
    );
  });

  it("follows --id, --label and --positive", async () => {
    const d = await draft(accounts, { id: "account_id", label: "voice_mail_plan", positive: "NO" });
    expect(d.contract.label).toEqual({ column: "voice_mail_plan", churned: ["no"], retained: ["yes"] });
    expect(d.notes).toContain("id: account_id (from --id; unique in 5,000 rows)");
    expect(d.notes).toContain(
      'label: voice_mail_plan (from --label); churned = "no" (from --positive), retained = "yes"',
    );
    // The churn column is then just another column: two values, so a boolean feature.
    expect(d.contract.features.find((f) => f.column === "churn")).toMatchObject({ type: "boolean" });

    const positive = await draft(accounts, { positive: "no" });
    expect(positive.contract.label).toEqual({ column: "churn", churned: ["no"], retained: ["yes"] });
    // An id given by hand that repeats still drafts, with a warning.
    const state = await draft(accounts, { id: "state" });
    expect(state.contract.id).toEqual({ column: "state" });
    expect(state.warnings[0]).toMatch(
      /^id state: 8 values are repeated in the sample: data validate will reject every repeat$/,
    );
  });

  it("refuses flags that name nothing in the file, with the reason", async () => {
    expect((await draftError(accounts, { id: "customer" })).message).toMatch(
      /^--id "customer": no such column in "accounts.csv" \(columns: account_id, state, /,
    );
    expect((await draftError(accounts, { label: "churned" })).code).toBe("unknown-column");
    const notValue = await draftError(accounts, { positive: "maybe" });
    expect(notValue.message).toBe('--positive "maybe" is not a value of churn (values: "no", "yes")');
    const many = await draftError(accounts, { label: "state" });
    expect(many.message).toMatch(
      /^label state has 8 values \("CA", "FL", .*\): a label needs two, churned and retained/,
    );
  });

  it("fails with a clear message naming the candidates when the id is missing or ambiguous", async () => {
    const noId = await draftError(csvFile(dropColumns(accountsCsv({ rows: 300 }), ["account_id"])));
    expect(noId.code).toBe("no-id");
    expect(noId.message).toMatch(
      /^no id column in "accounts.csv": no column is unique with an id-like name .*; pass --id COL$/,
    );
    const text = accountsCsv({ rows: 300 })
      .trimEnd()
      .split("\n")
      .map((l, i) => `${l},${i === 0 ? "user_id" : `U${i}`}`)
      .join("\n");
    const two = await draftError(csvFile(`${text}\n`));
    expect(two.code).toBe("ambiguous-id");
    expect(two.message).toBe(
      "more than one id column: account_id, user_id are each unique with an id-like name; pass --id COL",
    );
  });

  it("asks for --label when two columns could be the label", async () => {
    const text = accountsCsv({ rows: 100 })
      .trimEnd()
      .split("\n")
      .map((l, i) => `${l},${i === 0 ? "Exited" : i % 2 ? "1" : "0"}`)
      .join("\n");
    const e = await draftError(csvFile(`${text}\n`));
    expect(e.code).toBe("ambiguous-label");
    expect(e.message).toBe(
      "more than one label column: churn, Exited each have two values and a churn-like name; pass --label COL",
    );
  });

  it("drafts a file without a label as all current customers, and skips the leakage check", async () => {
    const d = await draft(csvFile(dropColumns(accountsCsv({ rows: 500 }), ["churn"])));
    expect(d.contract.label).toBeUndefined();
    expect(d.notes).toContain(
      "label: none (no two-valued column with a churn-like name: every row is a current customer; pass --label COL if the file has one)",
    );
    expect(d.notes).toContain("leakage: not checked (no label)");
    expect(d.notes.some((n) => n.includes("AUC"))).toBe(false);
    expect(
      (await draftError(csvFile(dropColumns(accountsCsv({ rows: 50 }), ["churn"])), { positive: "yes" }))
        .code,
    ).toBe("bad-label");
  });

  it("is deterministic: the same file gives the same draft and the same bytes, sampled or not", async () => {
    const [a, b] = await Promise.all([draft(leaky), draft(leaky)]);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(renderContractYaml(b)).toBe(renderContractYaml(a));
    const [s1, s2] = await Promise.all([
      draft(leaky, { sampleRows: 1000 }),
      draft(leaky, { sampleRows: 1000 }),
    ]);
    expect(s1.notes[0]).toBe(
      "sample: 1,000 of 5,000 rows (a seeded uniform sample: the same file gives the same draft)",
    );
    expect(s1.sample).toEqual({ file: "accounts.csv", rows: 5000, sampled: 1000, method: "reservoir" });
    expect(renderContractYaml(s2)).toBe(renderContractYaml(s1));
  });
});

describe("draftContract column rules", () => {
  const header =
    "customer_id,score,delta,joined,flag,notes,region,csm,mrr,total_revenue,Exited,age,promo,renewal";
  const rows = Array.from({ length: 60 }, (_, i) => {
    const k = i + 1;
    return [
      `c${k}`,
      k % 7 === 0 ? "NA" : k % 11 === 0 ? "null" : String(k % 9),
      String((k % 13) - 6.5),
      `2025-0${(k % 9) + 1}-1${k % 10}`,
      k % 3 === 0 ? "Yes" : k % 3 === 1 ? "yes" : "No",
      `note number ${k} about this account`,
      "EU",
      ["ana", "ben", "chloe"][k % 3],
      (10 + (k % 5)).toFixed(2),
      String(100 * k),
      k % 4 === 0 ? "1" : "0",
      k === 5 || k === 50 ? "?" : String(20 + (k % 30)),
      k % 5 === 0 ? "x" : "",
      `${(k % 7) + 1}/15/2025`,
    ].join(",");
  });
  const file = csvFile([header, ...rows].join("\n"));

  it("types each column from its values and keeps missing spellings, free text and constants apart", async () => {
    const d = await draft(file);
    const c = d.contract;
    const feature = (column: string) => c.features.find((f) => f.column === column);
    expect(c.id).toEqual({ column: "customer_id" });
    expect(c.label).toEqual({ column: "Exited", churned: ["1"], retained: ["0"] });
    expect(c.owner).toEqual({ column: "csm" });
    // mrr, not total revenue (a lifetime sum, not a monthly amount).
    expect(c.revenue).toEqual({ column: "mrr", currency: "USD" });
    expect(feature("score")).toMatchObject({
      type: "integer",
      min: 0,
      missing: { values: ["", "NA", "null"] },
    });
    // Negative values: no min.
    expect(feature("delta")).toMatchObject({ type: "number" });
    expect(feature("delta")!.min).toBeUndefined();
    expect(feature("joined")).toMatchObject({ type: "date" });
    // Both spellings of yes are the file's own.
    expect(feature("flag")).toMatchObject({
      type: "boolean",
      boolean: { true: ["Yes", "yes"], false: ["No"] },
    });
    expect(c.exclude).toEqual([
      { column: "notes", reason: "free text" },
      { column: "region", reason: "the same value in every sampled row" },
      { column: "age", reason: "numbers mixed with text" },
    ]);
    // A mark or nothing: a category of one value, blank = missing.
    expect(feature("promo")).toMatchObject({ type: "category", values: ["x"] });
    expect(c.features.map((f) => f.column)).toEqual([
      "score",
      "delta",
      "joined",
      "flag",
      "mrr",
      "total_revenue",
      "promo",
      "renewal",
    ]);
    expect(d.warnings).toEqual([
      'age: numbers except "?" (2 rows): read as text; if those mean missing, make it a number feature and list them under missing.values',
      'renewal: dates not in ISO form (e.g. "1/15/2025"): read as text; export them as YYYY-MM-DD to use them as dates',
    ]);
    expect(d.notes).toContain(
      'label: Exited (two values, churn-like name); churned = "1" (the value that means true), retained = "0"',
    );
    expect(d.notes).toContain("notes: excluded, free text (60 distinct values in 60 rows)");
    expect(d.notes).toContain('region: excluded, the same value in every sampled row ("EU")');
  });

  it("makes readable labels from column names", () => {
    expect(humanLabel("number_customer_service_calls")).toBe("Number customer service calls");
    expect(humanLabel("MonthlyCharges")).toBe("Monthly charges");
    expect(humanLabel("customerID")).toBe("Customer ID");
    expect(humanLabel("total-intl.minutes")).toBe("Total intl minutes");
  });
});

describe("renderContractYaml", () => {
  it("writes YAML that validates, reads back to the draft's contract, and accepts every row of its file", async () => {
    for (const path of [accounts, leaky]) {
      const d = await draft(path);
      const yaml = renderContractYaml(d, { contractPath: "contracts/accounts.yaml" });
      expect(parseDatasetContractText(yaml, "draft.yaml")).toEqual(parseDatasetContract(d.contract, "draft"));
      expect(yaml).toContain(
        "#   engagetrack data validate accounts.csv --dataset contracts/accounts.yaml\n",
      );
      expect(yaml).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      const result = await validate(path, yaml);
      expect(result).toEqual({ accepted: 5000, rejected: 0, warnings: [] });
    }
  });

  it("puts each note above the key it explains, and its actions example validates once uncommented", async () => {
    const d = await draft(leaky);
    const yaml = renderContractYaml(d);
    const lines = yaml.split("\n");
    const before = (line: string) => lines[lines.indexOf(line) - 1];
    expect(before("id:")).toBe("# id: account_id (unique in 5,000 rows, id-like name)");
    expect(before("  - column: number_customer_service_calls")).toMatch(
      /^ {2}# number_customer_service_calls: integer, min 0 \(seen 0 to \d+\); AUC/,
    );
    expect(before("  - column: cancel_reason")).toBe(
      "  # cancel_reason: excluded, likely leakage (category; AUC 1.00 alone)",
    );
    expect(yaml).toContain("  currency: USD  # assumed: change to your currency's ISO 4217 code");
    expect(yaml).toContain("# Check first:\n# - cancel_reason predicts churn alone (AUC 1.00)");
    // Uncomment the example: still a valid contract, with the actions.
    const start = lines.indexOf("# actions:");
    let end = start;
    while (lines[end + 1].startsWith("#   ")) end++;
    const uncommented = [
      ...lines.slice(0, start),
      ...lines.slice(start, end + 1).map((l) => l.slice(2)),
      ...lines.slice(end + 1),
    ].join("\n");
    const c = parseDatasetContractText(uncommented, "draft.yaml");
    expect(c.actions.map((a) => a.column)).toEqual(["international_plan", "monthly_fee"]);
  });

  it("matches the golden file for a small table of every kind of column", async () => {
    const random = seededRandom(5);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const lines = ["Customer ID,signup_date,plan,autopay,seats,MRR,balance_change,csm,notes,region,Churned"];
    for (let i = 1; i <= 40; i++)
      lines.push(
        [
          `C-${String(i).padStart(3, "0")}`,
          `2024-${String(1 + Math.floor(random() * 12)).padStart(2, "0")}-${String(1 + Math.floor(random() * 28)).padStart(2, "0")}`,
          pick(["Basic", "Pro", "Team"]),
          pick(["Y", "N"]),
          String(1 + Math.floor(random() * 20)),
          random() < 0.1 ? "N/A" : (20 + random() * 80).toFixed(2),
          (random() * 100 - 50).toFixed(1),
          pick(["Ana", "Ben", "Chloe"]),
          `"Call on ${i}, follow up"`,
          "EU",
          random() < 0.15 ? "" : pick(["True", "False", "False"]),
        ].join(","),
      );
    const path = csvFile(`${lines.join("\n")}\n`);
    const d = await draftContract(readCsvRecords(path), { file: "small customers.csv" });
    const yaml = renderContractYaml(d, { contractPath: "contracts/small.yaml" });
    await expectGoldenFile(GOLDEN_DIR, "draft-contract-small", "yaml", yaml);
    expect(parseDatasetContractText(yaml, "small.yaml").name).toBe("small-customers");
    expect(await validate(path, yaml)).toMatchObject({ accepted: 40, rejected: 0 });
  });
});
