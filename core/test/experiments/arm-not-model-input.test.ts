import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetContractSchema, type DatasetContract } from "../../src/data/dataset-contract.ts";
import { presetContract } from "../../src/data/dataset-presets.ts";
import { readDatasetContract } from "../../src/data/read-dataset-contract.ts";
import { encoderSpecFromContract } from "../../src/features/contract-encoder-spec.ts";
import type { AccountsWorkspace } from "../fixtures/accounts-workspace.ts";
import { accountsOfferWorkspace, offerContract } from "./accounts-offer.ts";

/** Every source column the encoder reads. */
const inputs = (contract: DatasetContract) => encoderSpecFromContract(contract).sources.map((s) => s.column);

let dir: string;
let offer: DatasetContract;
let ws: AccountsWorkspace;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "et-arm-input-"));
  offer = await readDatasetContract(await offerContract(dir));
  ws = await accountsOfferWorkspace();
}, 60_000);
afterAll(async () => {
  await ws?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the experiment arm is never a model input", () => {
  it("is left out of the encoder of every contract that declares an experiment", () => {
    for (const contract of [presetContract("simulated"), offer]) {
      const arm = contract.experiment!.column;
      expect(inputs(contract)).not.toContain(arm);
      // Everything else the contract lists as a feature is an input.
      expect(inputs(contract)).toEqual(contract.features.map((f) => f.column));
    }
  });

  it("the simulated preset's model inputs do not include variant", () => {
    const contract = presetContract("simulated");
    expect(contract.experiment?.column).toBe("variant");
    expect(inputs(contract)).not.toContain("variant");
    expect(inputs(contract).length).toBeGreaterThan(10);
  });

  it("cannot be declared a feature as well: the contract is refused", () => {
    const both = {
      ...offer,
      features: [
        ...offer.features,
        { column: "offer_arm", type: "category", values: ["control", "discount"] },
      ],
    };
    const parsed = datasetContractSchema.safeParse(both);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.message)).toContain(
      '"offer_arm" is the experiment column: it cannot also be a feature',
    );
  });

  it("is not among the inputs of a model trained on a table with an arm column", () => {
    expect(ws.snapshot.table.columnNames()).toContain("offer_arm");
    expect(ws.model.card.features.map((f) => f.name).some((n) => n.startsWith("offer_arm"))).toBe(false);
    expect(JSON.stringify(ws.model.card.encoder)).not.toContain("offer_arm");
  });
});
