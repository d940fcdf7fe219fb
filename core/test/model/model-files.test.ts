import { mkdtemp, readFile, rm, writeFile, mkdir, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ModelCardDraft } from "../../src/model/model-card.ts";
import { cardSha256 } from "../../src/model/model-card.ts";
import {
  loadModel,
  ModelFileError,
  saveModel,
  type ModelFileErrorCode,
} from "../../src/model/model-files.ts";
import { onnxMetadata } from "../../src/model/read-ensemble-from-onnx.ts";
import type { TreeEnsemble } from "../../src/model/tree.ts";
import { randomEnsemble } from "./random-trees.ts";

const root = await mkdtemp(join(tmpdir(), "engagetrack-model-files-"));
afterAll(() => rm(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = () => join(root, `m${dirCount++}`);

function draft(ensemble: TreeEnsemble, extra: Partial<ModelCardDraft> = {}): ModelCardDraft {
  return {
    name: "test-model",
    kind: "trained",
    features: ensemble.featureNames.map((name) => ({ name, label: `Label of ${name}` })),
    encoder: { kind: "columns", version: 1, columns: [...ensemble.featureNames] },
    parameters: { eta: 0.1, max_depth: 4 },
    calibration: { method: "identity" },
    thresholds: { decision: 0.5, bands: { medium: 0.3, high: 0.6 } },
    metrics: { auc: 0.84 },
    trainingData: { sha256: "a".repeat(64), rows: 5634 },
    seed: 42,
    libraryVersion: "engagetrack 0.1.0",
    ...extra,
  };
}

async function expectError(promise: Promise<unknown>, code: ModelFileErrorCode, message: RegExp | string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFileError);
  expect((error as ModelFileError).code).toBe(code);
  if (typeof message === "string") expect((error as Error).message).toBe(message);
  else expect((error as Error).message).toMatch(message);
}

const ensemble = randomEnsemble({ seed: 61, nTrees: 12, nFeatures: 5 });

describe("saveModel / loadModel", () => {
  it("writes model.onnx and card.json that load back to the same ensemble and card", async () => {
    const dir = freshDir();
    const saved = await saveModel(dir, { ensemble, card: draft(ensemble, { trainingTimeSeconds: 1.25 }) });
    const loaded = await loadModel(dir);
    expect(loaded.card).toEqual(saved.card);
    expect(loaded.card.baseMargin).toBe(ensemble.baseMargin);
    expect(loaded.card.cardVersion).toBe(1);
    expect(Buffer.from(loaded.onnx).equals(Buffer.from(saved.onnx))).toBe(true);
    expect(loaded.ensemble.featureNames).toEqual(ensemble.featureNames);
    expect(Array.from(loaded.ensemble.trees[3].cover)).toEqual(Array.from(ensemble.trees[3].cover));
    expect(onnxMetadata(loaded.onnx)["engagetrack.card_sha256"]).toBe(cardSha256(saved.card));
    const text = await readFile(join(dir, "card.json"), "utf8");
    expect(text.endsWith("}\n")).toBe(true);
    expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(JSON.parse(text)).sort());
  });

  it("is deterministic: the same model gives identical files; training time changes only its own field", async () => {
    const [a, b, c] = [freshDir(), freshDir(), freshDir()];
    await saveModel(a, { ensemble, card: draft(ensemble, { trainingTimeSeconds: 3 }) });
    await saveModel(b, {
      ensemble: randomEnsemble({ seed: 61, nTrees: 12, nFeatures: 5 }),
      card: draft(ensemble, { trainingTimeSeconds: 3 }),
    });
    await saveModel(c, { ensemble, card: draft(ensemble, { trainingTimeSeconds: 9.5 }) });
    const read = (d: string, f: string) => readFile(join(d, f));
    expect((await read(a, "model.onnx")).equals(await read(b, "model.onnx"))).toBe(true);
    expect((await read(a, "card.json")).equals(await read(b, "card.json"))).toBe(true);
    expect((await read(a, "model.onnx")).equals(await read(c, "model.onnx"))).toBe(true);
    const cardA = JSON.parse(await readFile(join(a, "card.json"), "utf8"));
    const cardC = JSON.parse(await readFile(join(c, "card.json"), "utf8"));
    expect({ ...cardA, trainingTimeSeconds: 0 }).toEqual({ ...cardC, trainingTimeSeconds: 0 });
  });

  it("refuses to save a card that fails its schema or lists other features", async () => {
    const dir = freshDir();
    await expectError(
      saveModel(dir, {
        ensemble,
        card: draft(ensemble, { thresholds: { decision: 0.5, bands: { medium: 0.7, high: 0.6 } } }),
      }),
      "card-invalid",
      `invalid model card: thresholds: bands.medium is above bands.high (${join(dir, "card.json")})`,
    );
    const features = draft(ensemble).features.toReversed();
    await expectError(
      saveModel(dir, { ensemble, card: draft(ensemble, { features }) }),
      "feature-mismatch",
      /^card feature 0 is "f4", the model expects "f0"/,
    );
    await expect(readFile(join(dir, "model.onnx"))).rejects.toThrow();
  });

  describe("loadModel names the broken file", () => {
    async function savedCopy(): Promise<string> {
      const dir = freshDir();
      await saveModel(dir, { ensemble, card: draft(ensemble) });
      return dir;
    }
    const cardPath = (d: string) => join(d, "card.json");
    const modelPath = (d: string) => join(d, "model.onnx");
    const editCard = async (d: string, f: (card: Record<string, unknown>) => void) => {
      const card = JSON.parse(await readFile(cardPath(d), "utf8"));
      f(card);
      await writeFile(cardPath(d), JSON.stringify(card));
    };

    it("missing directory or files", async () => {
      const nowhere = join(root, "nowhere");
      await expectError(loadModel(nowhere), "model-missing", `missing file (${modelPath(nowhere)})`);
      const d = await savedCopy();
      await rm(cardPath(d));
      await expectError(loadModel(d), "card-missing", `missing file (${cardPath(d)})`);
    });

    it("corrupt model.onnx", async () => {
      const d = await savedCopy();
      const bytes = await readFile(modelPath(d));
      await writeFile(modelPath(d), bytes.subarray(0, bytes.length >> 1));
      await expectError(
        loadModel(d),
        "model-corrupt",
        new RegExp(`^corrupt model file: .*\\(${modelPath(d)}\\)$`),
      );
      await writeFile(modelPath(d), "not a model at all, just text");
      await expectError(loadModel(d), "model-corrupt", /^corrupt model file: /);
    });

    it("card that is not JSON or fails its schema", async () => {
      const d = await savedCopy();
      await writeFile(cardPath(d), "{ name: ");
      await expectError(loadModel(d), "card-corrupt", /^corrupt model card: .*\(.*card\.json\)$/);
      const e = await savedCopy();
      await editCard(e, (c) => (c.kind = "magic"));
      await expectError(loadModel(e), "card-invalid", /^invalid model card: kind: invalid option/);
      const f = await savedCopy();
      await editCard(f, (c) => delete c.thresholds);
      await expectError(loadModel(f), "card-invalid", /^invalid model card: thresholds: /);
      const g = await savedCopy();
      await editCard(g, (c) => (c.surprise = 1));
      await expectError(loadModel(g), "card-invalid", /^invalid model card: card: unrecognized key/);
    });

    it("card whose features do not match the model", async () => {
      const d = await savedCopy();
      await editCard(d, (c) => ((c.features as { name: string }[])[2].name = "tenure"));
      await expectError(
        loadModel(d),
        "feature-mismatch",
        `card feature 2 is "tenure", the model expects "f2" (${cardPath(d)})`,
      );
      const e = await savedCopy();
      await editCard(e, (c) => (c.features as unknown[]).pop());
      await expectError(loadModel(e), "feature-mismatch", /^card has 4 features, the model 5/);
    });

    it("files from different saves, or a card edited after saving", async () => {
      const d = await savedCopy();
      const other = freshDir();
      await saveModel(other, {
        ensemble: randomEnsemble({ seed: 62, nTrees: 3, nFeatures: 5 }),
        card: draft(ensemble),
      });
      await copyFile(modelPath(other), modelPath(d));
      await expectError(
        loadModel(d),
        "hash-mismatch",
        /^model\.onnx sha256 .* differs from the card's .*: the files are from different saves/,
      );
      const e = await savedCopy();
      await editCard(e, (c) => (c.metrics = { auc: 0.99 }));
      await expectError(
        loadModel(e),
        "hash-mismatch",
        `card.json was changed after the model was saved (${cardPath(e)})`,
      );
    });

    it("a directory where a file should be", async () => {
      const d = freshDir();
      await mkdir(join(d, "model.onnx"), { recursive: true });
      await expectError(loadModel(d), "model-missing", /^cannot read file: /);
    });
  });
});
