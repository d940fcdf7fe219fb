import { describe, expect, it } from "vitest";
import { ContractError } from "../../src/data/contract-error.ts";
import { presetContract, presetForHeader, requiredColumns } from "../../src/data/dataset-presets.ts";
import { parseDatasetContractText } from "../../src/data/read-dataset-contract.ts";
import { SIMULATED_COLUMNS, TELCO_COLUMNS } from "../../src/data/index.ts";
import { defaultEncoderSpec } from "../../src/features/encoder-spec.ts";
import { encoderSpecFromContract } from "../../src/features/contract-encoder-spec.ts";

const minimal = `contract: 1
name: churn
id: { column: account_id }
label: { column: churn, churned: ["yes"], retained: ["no"] }
features:
  - { column: calls, type: integer, min: 0 }
  - { column: plan, type: category, values: [basic, pro] }
`;

function problem(text: string): string {
  try {
    parseDatasetContractText(text, "c.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError);
    return (e as Error).message;
  }
  throw new Error("the contract was accepted");
}

describe("the dataset contract", () => {
  it("reads a minimal contract with defaults", () => {
    const c = parseDatasetContractText(minimal, "c.yaml");
    expect(c.segments).toEqual([]);
    expect(c.actions).toEqual([]);
    expect(c.features.map((f) => f.column)).toEqual(["calls", "plan"]);
  });

  it("names the key and the problem of a wrong contract", () => {
    expect(problem(minimal.replace("type: integer", "type: whole"))).toBe(
      'invalid contract "c.yaml": features[0].type: expected one of "number", "integer", "category", "boolean", "date"',
    );
    expect(problem(minimal.replace("values: [basic, pro]", "values: [basic, basic]"))).toContain(
      "features[1].values: a value is listed twice",
    );
    expect(problem(minimal.replace("name: churn", "name: churn\ncolour: red"))).toContain('(top level): unknown key "colour"');
    expect(problem(minimal.replace("id: { column: account_id }\n", ""))).toContain("id: missing (expected object)");
    expect(problem(minimal + "segments: [region]\n")).toContain('segments[0]: "region" is not a feature');
    expect(problem(minimal + "exclude: [{ column: calls, reason: leak }]\n")).toContain(
      'exclude[0].column: "calls" is also a feature',
    );
    expect(problem(minimal + 'actions: [{ column: plan, towards: [gold], phrase: "go {to}" }]\n')).toContain(
      'actions[0].towards[0]: "gold" is not a value of "plan"',
    );
    expect(problem(minimal.replace("churned: [\"yes\"]", "churned: [\"no\"]"))).toContain(
      'label: "no" is listed as both churned and retained',
    );
    expect(problem("contract: 1\nname: [unclosed")).toMatch(/^invalid contract "c.yaml" \(line \d+\): /);
    expect(problem("- a list")).toContain("expected a mapping of keys");
  });

  it("refuses the id or label as a feature", () => {
    expect(problem(minimal.replace("column: calls", "column: account_id"))).toContain(
      'id.column: "account_id" is the id column: it cannot also be a feature',
    );
  });
});

describe("the shipped presets", () => {
  it("telco encodes exactly as the 45-input Telco layout (XGBoost parity fixtures)", () => {
    expect(encoderSpecFromContract(presetContract("telco"))).toEqual(defaultEncoderSpec({ enrichment: false }));
  });

  it("simulated encodes the Telco layout and the behaviour columns, and never the experiment arm", () => {
    const expected = defaultEncoderSpec();
    expected.sources = expected.sources.filter((s) => s.column !== "variant");
    expect(encoderSpecFromContract(presetContract("simulated"))).toEqual(expected);
    expect(presetContract("simulated").experiment).toMatchObject({ column: "variant", control: "A" });
  });

  it("recognises a file by its header, the more specific preset first", () => {
    expect(presetForHeader(TELCO_COLUMNS)).toBe("telco");
    expect(presetForHeader(SIMULATED_COLUMNS)).toBe("simulated");
    expect(presetForHeader(["account_id", "churn"])).toBeUndefined();
    expect(requiredColumns(presetContract("telco"))).not.toContain("Churn");
  });
});
