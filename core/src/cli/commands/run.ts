/**
 * `engagetrack run` (what `npm start` runs): the main job on embedded defaults. Simulates customers
 * (or reads ENGAGETRACK_DATA), validates them, trains and calibrates the model, scores and explains
 * everyone into a snapshot, and reports what it did and who to call first.
 */
import { basename } from "node:path";
import * as aq from "arquero";
import type { Command } from "commander";
import { displaySafe, presetContract } from "../../data/index.ts";
import { saveModel } from "../../model/index.ts";
import { trainCustomerModel } from "../../model/train-customer-model.ts";
import { explainCustomer, scoreCustomers } from "../../score/index.ts";
import { createSnapshotWriter, loadSnapshot } from "../../snapshot/index.ts";
import { ExitCode } from "../cli-error.ts";
import { inputProblems, loadCustomerInput } from "../customer-input.ts";
import { openModelForCli } from "../model-input.ts";
import { trainingReference, writeReferenceProfile } from "../../digest/index.ts";
import { runConfigFrom } from "../run-config.ts";
import { trainingFile } from "../training-input.ts";
import { join } from "node:path";
import { chooseDataset } from "../dataset-input.ts";
import { isLegacyCustomerFile } from "../legacy-input.ts";
import { sourceKind } from "../source-records.ts";
import { runContract } from "../run-contract.ts";

export function register(program: Command): void {
  program
    .command("run")
    .description(
      "The main job: data → validation → model → scores and explanations → snapshot, then a report.",
    )
    .option("--json", "print a JSON report instead of a summary")
    .addHelpText(
      "after",
      "\nConfigured by the environment (see .env.example): ENGAGETRACK_DATA, ENGAGETRACK_SIMULATE_ROWS, ENGAGETRACK_SEED,\nENGAGETRACK_MODEL_DIR, ENGAGETRACK_SNAPSHOTS_DIR, ENGAGETRACK_OFFER_COST, ENGAGETRACK_CUSTOMER_VALUE.",
    )
    .action(async (options: { json?: boolean }) => {
      const report = await run(options.json === true);
      process.stdout.write(
        options.json ? `${JSON.stringify(report.json, null, 2)}\n` : `${report.text.join("\n")}\n`,
      );
      process.exitCode = report.json.data.rejected > 0 ? ExitCode.dataProblems : ExitCode.ok;
    });
}

async function run(quiet: boolean) {
  const config = runConfigFrom(process.env);
  const t0 = performance.now();
  // The embedded default: the simulator's customers, described by the `simulated` preset.
  if (!config.data) {
    const simulatedFile = await trainingFile({
      simulate: String(config.simulateRows),
      seed: config.seed,
      json: quiet,
    });
    return runContract(
      { ...config, data: simulatedFile },
      presetContract("simulated"),
      "the embedded default",
      quiet,
      t0,
      {
        rows: config.simulateRows,
        seed: config.seed,
      },
    );
  }
  // A team's own table (any schema, any source) goes through its dataset contract.
  if (
    process.env.ENGAGETRACK_DATASET ||
    sourceKind(config.data) !== "file" ||
    !(await isLegacyCustomerFile(config.data))
  ) {
    const { contract, how } = await chooseDataset(config.data, undefined);
    return runContract(config, contract, how, quiet, t0);
  }
  // What is left: a Telco-shaped CSV given without a contract, read by the older Telco loader.
  const file = config.data;
  const { customers, summary } = await loadCustomerInput(file, { quiet, label: "validating" });

  const trained = trainCustomerModel(customers, {
    name: basename(config.modelDir),
    dataSha256: summary.sha256,
    seed: config.seed,
    costs: { offerCost: config.offerCost, customerValue: config.customerValue },
  });
  const saved = await saveModel(config.modelDir, trained);
  // Beside the model, never inside it: the training data's distributions, for digests' drift checks.
  const reference = trainingReference(customers, { ensemble: trained.ensemble, card: saved.card });
  if (reference) await writeReferenceProfile(config.modelDir, reference);
  const model = await openModelForCli(config.modelDir);
  try {
    const writer = await createSnapshotWriter({
      dir: config.snapshotsDir,
      model: { name: model.card.name, hash: model.hash },
      dataHash: summary.sha256,
      clock: () => new Date(),
    });
    for (let start = 0; start < customers.length; start += 20_000) {
      await writer.append(
        await scoreCustomers(model, customers.slice(start, start + 20_000), { firstRow: start }),
      );
    }
    const manifest = await writer.finish();
    const snapshot = await loadSnapshot(join(config.snapshotsDir, manifest.id));

    const bands = snapshot.summary().bands;
    // Customers who already churned are history: they trained the model, they are never called.
    const top = snapshot.table
      .params({ high: "High", churned: "churned" })
      .filter(
        (d: Record<string, unknown>, $: { high: string; churned: string }) =>
          d.band === $.high && d.status !== $.churned,
      )
      .derive({ revenueAtRisk: (d: Record<string, number>) => d.MonthlyCharges * d.probability })
      .orderby(aq.desc("revenueAtRisk"))
      .slice(0, 5)
      .array("customerID") as string[];
    const callFirst = [];
    for (const id of top) {
      const e = await explainCustomer(model, snapshot.lookup(id)!.customer);
      const best = e.whatIf[0];
      callFirst.push({
        customerID: id,
        probability: e.probability,
        monthlyCharges: snapshot.lookup(id)!.customer.MonthlyCharges,
        sentence: e.sentence,
        bestAction: best ? { action: best.action, before: best.before, after: best.after } : null,
      });
    }
    const importance = snapshot.importance().slice(0, 5);
    const labelOf = new Map(model.features.map((f) => [f.source, f.sourceLabel]));
    const contracts = snapshot.segments("Contract");
    const m = trained.fit.holdoutMetrics;
    const seconds = (performance.now() - t0) / 1000;

    const json = {
      data: {
        file,
        simulated: false,
        accepted: summary.accepted,
        rejected: summary.rejected,
        warnings: summary.warnings.length,
        quarantine: summary.quarantine ?? null,
      },
      model: {
        dir: config.modelDir,
        trees: trained.ensemble.trees.length,
        holdout: m,
        decisionThreshold: trained.fit.decision.threshold,
      },
      snapshot: { id: manifest.id, dir: join(config.snapshotsDir, manifest.id), rows: manifest.rows, bands },
      callFirst,
      importance: importance.map((i) => ({ ...i, label: labelOf.get(i.source) ?? i.source })),
      contracts,
      seconds,
    };
    const pct = (p: number) => `${Math.round(p * 100)}%`;
    const text = [
      `EngageTrack — main job (${seconds.toFixed(1)} s)`,
      ``,
      `1. Data: ${file}`,
      `   ${summary.accepted} accepted, ${summary.rejected} rejected, ${summary.warnings.length} warnings`,
      ...inputProblems(summary).map((l) => `   ${l}`),
      `2. Model: ${trained.ensemble.trees.length} trees, ${trained.fit.calibration.method} calibration → ${config.modelDir}/model.onnx + card.json`,
      `   held-out AUC ${m.auc.toFixed(3)}, log loss ${m.logloss.toFixed(3)}, ECE ${m.ece.toFixed(3)}; offer threshold ${trained.fit.decision.threshold.toFixed(3)}`,
      `3. Snapshot ${manifest.id}: ${manifest.rows} customers scored and explained → ${json.snapshot.dir}`,
      `   High ${bands.High} · Medium ${bands.Medium} · Low ${bands.Low}`,
      `   by contract: ${contracts.map((s) => `${s.segment} ${pct(s.meanProbability)} mean risk, $${Math.round(s.revenueAtRisk)}/month at risk`).join(" · ")}`,
      ``,
      `Call first (High risk, most monthly revenue at risk; customers who already churned are history and never listed):`,
      ...callFirst.flatMap((c) => [
        `  ${displaySafe(c.customerID)} ($${c.monthlyCharges.toFixed(2)}/month): ${c.sentence}`,
        ...(c.bestAction
          ? [
              `    best action: ${c.bestAction.action} (${pct(c.bestAction.before)} → ${pct(c.bestAction.after)})`,
            ]
          : []),
      ]),
      ``,
      `What drives churn across all customers (mean |SHAP|, log-odds):`,
      ...json.importance.map((i) => `  ${i.label}: ${i.meanAbsShap.toFixed(3)}`),
      ``,
      `Next: npx engagetrack explain --model ${config.modelDir} --data ${file} --id ${callFirst[0]?.customerID ?? "<customerID>"}`,
      `      npx engagetrack snapshot list --snapshots ${config.snapshotsDir}     (npx engagetrack --help for everything)`,
    ];
    return { json, text };
  } finally {
    await model.release();
  }
}
