import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { CliError } from "../../cli-error.ts";
import type { ImportReport } from "../../actions/model-import-xgboost.ts";
import { runInProcess } from "../fixtures/run-in-process.ts";
import { loadModel } from "../../../core/src/model/model-files.ts";
import { fixtureModelPath, fixturePresent } from "../../../core/test/model/fixture.ts";
import { importFixtureModel } from "../../../core/test/fixtures/import-fixture-model.ts";
import { REPO, SHARED } from "../../../core/test/fixtures/paths.ts";

const root = await mkdtemp(join(tmpdir(), "engagetrack-import-"));
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs `engagetrack model …` in-process and returns what it printed; throws what failed it. */
async function run(...args: string[]): Promise<string> {
  const r = await runInProcess(["model", ...args]);
  if (r.error !== undefined) throw r.error;
  return r.stdout;
}

async function failure(...args: string[]): Promise<CliError> {
  const error = await run(...args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe.skipIf(!fixturePresent)("engagetrack model import-xgboost", () => {
  it("writes model files that load, with the Telco encoder, identity calibration and the counts printed", async () => {
    const out = join(root, "telco-xgb");
    const printed = await run("import-xgboost", fixtureModelPath, "--out", out);
    expect(printed).toBe(
      `imported 100 trees over 45 features (xgboost 1.7.4, customer encoder)\n  ${join(out, "model.onnx")}\n  ${join(out, "card.json")}\n`,
    );
    const { card, ensemble } = await loadModel(out);
    expect(card).toMatchObject({
      name: "telco-xgb",
      kind: "xgboost-import",
      calibration: { method: "identity" },
      thresholds: { decision: 0.5, bands: { medium: 0.3, high: 0.6 } },
      libraryVersion: "xgboost 1.7.4",
      source: { file: "model.json" },
      encoder: { kind: "customer" },
    });
    expect(card.features[36]).toEqual({
      name: "Contract_Month-to-month",
      label: "Contract = Month-to-month",
    });
    expect(ensemble.trees).toHaveLength(100);
  });

  it("prints a JSON report, and a second import gives byte-identical files", async () => {
    const a = join(root, "a");
    const b = join(root, "b");
    const report = JSON.parse(
      await run("import-xgboost", fixtureModelPath, "--out", a, "--json", "--name", "same"),
    ) as ImportReport;
    expect(report).toMatchObject({
      name: "same",
      dir: a,
      trees: 100,
      features: 45,
      xgboostVersion: "1.7.4",
      encoder: "customer",
    });
    await run("import-xgboost", fixtureModelPath, "--out", b, "--name", "same", "--decision", "0.5");
    for (const f of ["model.onnx", "card.json"]) {
      expect((await readFile(join(a, f))).equals(await readFile(join(b, f)))).toBe(true);
    }
  });

  it("refuses to overwrite without --force, bad options and unusable models, with exit code 2", async () => {
    const out = join(root, "twice");
    await run("import-xgboost", fixtureModelPath, "--out", out);
    const exists = await failure("import-xgboost", fixtureModelPath, "--out", out);
    expect([exists.code, exists.exitCode, exists.message]).toEqual([
      "model-exists",
      2,
      `${join(out, "model.onnx")} already exists (use --force to overwrite)`,
    ]);
    await run("import-xgboost", fixtureModelPath, "--out", out, "--force", "--bands", "0.2,0.7");
    expect((await loadModel(out)).card.thresholds.bands).toEqual({ medium: 0.2, high: 0.7 });

    expect(
      (await failure("import-xgboost", fixtureModelPath, "--out", join(root, "c"), "--bands", "0.8,0.7"))
        .message,
    ).toBe('invalid --bands: "0.8,0.7" (expected medium,high with medium ≤ high)');
    const model = JSON.parse(await readFile(fixtureModelPath, "utf8"));
    model.learner.objective.name = "multi:softmax";
    const bad = join(root, "softmax.json");
    await writeFile(bad, JSON.stringify(model));
    const refused = await failure("import-xgboost", bad, "--out", join(root, "d"));
    expect([refused.code, refused.exitCode, refused.message]).toEqual([
      "xgboost-import",
      2,
      `unsupported objective "multi:softmax" (only binary:logistic) in ${bad}`,
    ]);
    expect((await failure("import-xgboost", join(root, "none.json"), "--out", join(root, "e"))).message).toBe(
      `file not found: ${join(root, "none.json")}`,
    );
  });
  it("imports XGBoost 3.x models from JSON and UBJ into the same files, and names a categorical feature", async () => {
    const v3 = join(SHARED, "fixtures/xgboost3-telco");
    const fromJson = join(root, "v3-json");
    const fromUbj = join(root, "v3-ubj");
    await run("import-xgboost", join(v3, "model.json"), "--out", fromJson, "--name", "v3");
    expect(await run("import-xgboost", join(v3, "model.ubj"), "--out", fromUbj, "--name", "v3")).toBe(
      `imported 100 trees over 45 features (xgboost 3.4.1, customer encoder)\n  ${join(fromUbj, "model.onnx")}\n  ${join(fromUbj, "card.json")}\n`,
    );
    // The files differ only in the card's source (name, sha256), which the ONNX file's card hash covers.
    const [a, b] = [await loadModel(fromJson), await loadModel(fromUbj)];
    expect(b.card.source).toMatchObject({ file: "model.ubj" });
    expect(b.ensemble).toEqual(a.ensemble);
    const categorical = join(REPO, "core/test/model/fixtures/xgboost-formats/categorical.json");
    const refused = await failure("import-xgboost", categorical, "--out", join(root, "cat"));
    expect([refused.code, refused.message]).toEqual([
      "xgboost-import",
      `categorical feature "plan" is not supported (only numerical splits can be imported; one-hot encode it before training) in ${categorical}`,
    ]);
  });
});

describe.skipIf(!fixturePresent)("engagetrack model import-xgboost and core's fixture importer", () => {
  it("write the same model files (core's tests use the importer instead of the CLI)", async () => {
    const viaCli = join(root, "via-cli", "xgb-telco");
    const viaCore = join(root, "via-core", "xgb-telco");
    await run("import-xgboost", fixtureModelPath, "--out", viaCli);
    await importFixtureModel(fixtureModelPath, viaCore);
    for (const file of ["model.onnx", "card.json"])
      expect(await readFile(join(viaCore, file)), file).toEqual(await readFile(join(viaCli, file)));
  });
});
