/**
 * The main job for a team's own table, described by its dataset contract: validate → train on the
 * history → score and explain every customer into a snapshot (each with its status) → report who
 * to call first. Churned customers are history: they train the model and are never listed.
 */
import { basename, join } from "node:path";
import {
  displaySafe,
  type ContractRow,
  type CustomerStatus,
  type DatasetContract,
} from "../core/src/data/index.ts";
import { featureDisplayLabel, contractFeature } from "../core/src/data/dataset-contract.ts";
import { money as formatMoney } from "../core/src/charts/chart-format.ts";
import { trainingReference, writeReferenceProfile } from "../core/src/digest/index.ts";
import { encoderSpecFromContract } from "../core/src/features/contract-encoder-spec.ts";
import { saveModel } from "../core/src/model/index.ts";
import { trainCustomerModel } from "../core/src/model/train-customer-model.ts";
import { explainCustomer, scoreCustomers } from "../core/src/score/index.ts";
import { createSnapshotWriter, loadSnapshot, type Snapshot } from "../core/src/snapshot/index.ts";
import type { Customer } from "../core/src/data/schema.ts";
import { CliError } from "./cli-error.ts";
import { inputProblems } from "./customer-input.ts";
import { loadContractInput, statusLine } from "./dataset-input.ts";
import { openModelForCli } from "./model-input.ts";
import type { RunConfig } from "./run-config.ts";

/** How the data was made when the main job simulated it (the embedded default). */
export interface SimulatedInput {
  rows: number;
  seed: number;
}

export async function runContract(
  config: RunConfig,
  contract: DatasetContract,
  how: string,
  quiet: boolean,
  t0: number,
  simulated?: SimulatedInput,
) {
  const file = config.data!;
  const { rows, statuses, summary } = await loadContractInput(file, contract, {
    quiet,
    label: "validating",
    contentHash: true,
  });
  const history = rows.flatMap((r, i) => (statuses[i] === "current" ? [] : [r]));
  const labels = Uint8Array.from(
    statuses.filter((s) => s !== "current"),
    (s) => (s === "churned" ? 1 : 0),
  );
  if (!contract.label || history.length === 0)
    throw new CliError(
      "no-labels",
      `${file} has no labelled customers (${contract.label ? `column ${contract.label.column} is blank or absent` : `contract ${contract.name} names no label`}): the main job trains on history; score current customers with an existing model (engagetrack score)`,
    );
  let trained;
  try {
    trained = trainCustomerModel(history as unknown as Customer[], {
      name: basename(config.modelDir),
      dataSha256: summary.sha256,
      seed: config.seed,
      costs: { offerCost: config.offerCost, customerValue: config.customerValue },
      labels,
      encoder: encoderSpecFromContract(contract),
      dataset: contract as unknown as Record<string, unknown>,
    });
  } catch (cause) {
    throw new CliError("training-failed", `cannot train on ${file}: ${(cause as Error).message}`, { cause });
  }
  const saved = await saveModel(config.modelDir, trained);
  const reference = trainingReference(history as unknown as Customer[], {
    ensemble: trained.ensemble,
    card: saved.card,
  });
  if (reference) await writeReferenceProfile(config.modelDir, reference);
  const model = await openModelForCli(config.modelDir);
  try {
    const writer = await createSnapshotWriter({
      dir: config.snapshotsDir,
      model: { name: model.card.name, hash: model.hash },
      dataHash: summary.sha256,
      clock: () => new Date(),
      contract,
    });
    for (let start = 0; start < rows.length; start += 20_000) {
      await writer.append(
        await scoreCustomers(model, rows.slice(start, start + 20_000) as unknown as Customer[], {
          firstRow: start,
          status: statuses.slice(start, start + 20_000) as CustomerStatus[],
        }),
      );
    }
    const manifest = await writer.finish();
    const snapshot = await loadSnapshot<ContractRow>(join(config.snapshotsDir, manifest.id));
    const revenue = contract.revenue?.column;
    // Who to call: the snapshot's one definition (`topToAct`: customers to act on, most monthly
    // revenue at risk first) — never history; the bot, the Home tab, the digest and the notebooks
    // list the same five.
    const risk = snapshot.summary();
    const bands = risk.bands;
    const top = snapshot.topToAct(5);
    const callFirst = [];
    for (const id of top) {
      const row = snapshot.lookup(id)!;
      const e = await explainCustomer(model, row.customer as unknown as Customer);
      const best = e.whatIf[0];
      callFirst.push({
        customerID: id,
        probability: e.probability,
        revenue: revenue ? ((row.customer[revenue] as number | null) ?? null) : null,
        sentence: e.sentence,
        bestAction: best ? { action: best.action, before: best.before, after: best.after } : null,
      });
    }
    const importance = snapshot.importance().slice(0, 5);
    const labelOf = new Map(model.features.map((f) => [f.source, f.sourceLabel]));
    const segmentColumn = contract.segments[0];
    const segments = segmentColumn ? segmentsByRisk(snapshot, contract, segmentColumn) : [];
    const m = trained.fit.holdoutMetrics;
    const seconds = (performance.now() - t0) / 1000;
    const money = (v: number) => formatMoney(v, contract.revenue?.currency ?? "USD");
    const pct = (p: number) => `${Math.round(p * 100)}%`;
    const segmentLabel = segmentColumn
      ? featureDisplayLabel(
          contractFeature(contract, segmentColumn) ?? { column: segmentColumn, type: "category" },
        )
      : "";
    const json = {
      data: {
        file,
        dataset: contract.name,
        simulated: contract.simulated === true,
        accepted: summary.accepted,
        rejected: summary.rejected,
        warnings: summary.warnings.length,
        quarantine: summary.quarantine ?? null,
        statuses: summary.statuses,
      },
      model: {
        dir: config.modelDir,
        trees: trained.ensemble.trees.length,
        holdout: m,
        decisionThreshold: trained.fit.decision.threshold,
      },
      snapshot: {
        id: manifest.id,
        dir: join(config.snapshotsDir, manifest.id),
        rows: manifest.rows,
        /** Customers to act on (every one but the churned), their bands and revenue at risk. */
        customers: risk.customers,
        bands,
        revenueAtRisk: risk.revenueAtRisk,
        currency: risk.currency,
        churned: risk.churned,
      },
      callFirst,
      importance: importance.map((i) => ({ ...i, label: labelOf.get(i.source) ?? i.source })),
      segments: { column: segmentColumn ?? null, values: segments },
      seconds,
    };
    const text = [
      `EngageTrack — main job (${seconds.toFixed(1)} s)`,
      ``,
      simulated
        ? `1. Data: simulated ${summary.accepted} customers (seed ${simulated.seed}) → ${file} (dataset ${contract.name}: ${how}; every value is simulated)`
        : `1. Data: ${file} (dataset ${contract.name}: ${how})`,
      `   ${summary.accepted} accepted, ${summary.rejected} rejected, ${summary.warnings.length} warnings`,
      `   ${statusLine(summary)}`,
      ...inputProblems(summary).map((l) => `   ${l}`),
      `2. Model: ${trained.ensemble.trees.length} trees on ${history.length} labelled customers, ${trained.fit.calibration.method} calibration → ${config.modelDir}/model.onnx + card.json`,
      `   held-out AUC ${m.auc.toFixed(3)}, log loss ${m.logloss.toFixed(3)}, ECE ${m.ece.toFixed(3)}; offer threshold ${trained.fit.decision.threshold.toFixed(3)}`,
      `3. Snapshot ${manifest.id}: ${manifest.rows} customers scored and explained → ${json.snapshot.dir}`,
      `   ${risk.customers.toLocaleString("en-US")} customers to act on (${risk.churned.toLocaleString("en-US")} churned are history): High ${bands.High} · Medium ${bands.Medium} · Low ${bands.Low}${risk.revenueAtRisk !== null ? `; ${money(risk.revenueAtRisk)}/month at risk` : ""}`,
      ...(segmentColumn
        ? [
            `   by ${segmentLabel}: ${segments
              .slice(0, 6)
              .map(
                (s) =>
                  `${s.segment} ${pct(s.meanProbability)} mean risk${revenue ? `, ${money(s.revenueAtRisk)}/month at risk` : ""}`,
              )
              .join(" · ")}`,
          ]
        : []),
      ``,
      `Call first (${revenue ? "most monthly revenue at risk" : "highest churn risk"}; churned customers are history and never listed):`,
      ...(callFirst.length === 0 ? ["  no customer to act on"] : []),
      ...callFirst.flatMap((c) => [
        `  ${displaySafe(c.customerID)}${c.revenue !== null ? ` (${money(c.revenue)}/month)` : ""}: ${c.sentence}`,
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
      `Next: npx engagetrack report ${callFirst[0]?.customerID ?? "<id>"} --model ${config.modelDir} --snapshots ${config.snapshotsDir}`,
      `      npx engagetrack explain --model ${config.modelDir} --data ${file} --id ${callFirst[0]?.customerID ?? "<id>"}`,
    ];
    return { json, text };
  } finally {
    await model.release();
  }
}

/**
 * The snapshot's segments of a column (customers to act on), highest mean risk first, each value
 * in the contract's words (a boolean as its first "true"/"false" spelling; missing as "missing").
 */
function segmentsByRisk(snapshot: Snapshot<ContractRow>, contract: DatasetContract, column: string) {
  const feature = contractFeature(contract, column);
  const words = (v: string | number | null): string => {
    if (v === null) return "missing";
    if (feature?.type === "boolean")
      return (v === 1 ? feature.boolean?.true[0] : feature.boolean?.false[0]) ?? (v === 1 ? "yes" : "no");
    return String(v);
  };
  return snapshot
    .segments(column)
    .map((s) => ({
      segment: words(s.segment),
      customers: s.customers,
      meanProbability: s.meanProbability,
      revenueAtRisk: s.revenueAtRisk,
    }))
    .sort(
      (a, b) =>
        b.meanProbability - a.meanProbability || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0),
    );
}
