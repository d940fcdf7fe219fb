/**
 * Where a score run's time goes: scoreCustomers (core/src/score/score-customers.ts) repeated step
 * by step with a lap after each step, wall time and CPU time (process.cpuUsage: every thread of
 * the process, so onnxruntime's own threads count) per stage. A bench that uses it should check
 * that its snapshot is byte-identical to the product's, so the copy cannot drift unseen.
 */
import type { Customer, CustomerStatus } from "../../core/src/data/index.ts";
import { groupContributions } from "../../core/src/explain/group-contributions.ts";
import { topDrivers } from "../../core/src/explain/top-drivers.ts";
import { encodeCustomers } from "../../core/src/features/encode-customers.ts";
import { DEFAULT_SESSION_OPTIONS } from "../../core/src/model/onnx-scorer.ts";
import type { ChurnModel } from "../../core/src/score/index.ts";
import { defaultShapPool, probabilitiesFromTrees } from "../../core/src/score/score-customers.ts";
import type { ScoredBatch } from "../../core/src/snapshot/index.ts";
import { statusFromChurn } from "../../core/src/snapshot/status-from-churn.ts";

/**
 * read: reading and validating the source (the time between batches); encode: the feature matrix;
 * treeShap: exact SHAP values, margins and onnxruntime's float32 sums, across the worker pool;
 * onnx: probabilities from those sums, with onnxruntime scoring a sample beside them; drivers:
 * grouping, bands and top drivers; append and finish: the snapshot writer.
 */
export type Stage = "read" | "encode" | "onnx" | "treeShap" | "drivers" | "append" | "finish";

export interface StageClock {
  /** Charges the time since the last lap (or since the clock was made) to `stage`. */
  lap(stage: Stage): void;
  /** Seconds per stage, wall and CPU. */
  readonly wall: Record<Stage, number>;
  readonly cpu: Record<Stage, number>;
}

export function createStageClock(): StageClock {
  const zero = (): Record<Stage, number> => ({
    read: 0,
    encode: 0,
    onnx: 0,
    treeShap: 0,
    drivers: 0,
    append: 0,
    finish: 0,
  });
  const wall = zero();
  const cpu = zero();
  let w = performance.now();
  let c = process.cpuUsage();
  return {
    wall,
    cpu,
    lap(stage) {
      const now = performance.now();
      const used = process.cpuUsage(c);
      wall[stage] += (now - w) / 1000;
      cpu[stage] += (used.user + used.system) / 1e6;
      w = now;
      c = process.cpuUsage();
    },
  };
}

/** scoreCustomers with a lap after each step; the caller laps "read" on entry and "append" after its append. */
export async function timedScoreCustomers(
  model: ChurnModel,
  customers: readonly Customer[],
  options: { firstRow: number; status?: readonly CustomerStatus[] },
  clock: StageClock,
): Promise<ScoredBatch<Customer>> {
  const encoder = model.encoder;
  if (encoder.kind !== "customer")
    throw new Error(`model ${model.card.name} reads named columns, not customers`);
  const n = customers.length;
  const status = options.status ?? customers.map((c) => statusFromChurn(c.Churn));
  const inputRow = Int32Array.from({ length: n }, (_, i) => options.firstRow + i);
  const matrix = encodeCustomers(encoder, customers, n);
  clock.lap("encode");
  const threads = DEFAULT_SESSION_OPTIONS.intraOpNumThreads ?? 1;
  const shap = await defaultShapPool().treeShap(model.ensemble, matrix, { onnxruntimeThreads: threads });
  clock.lap("treeShap");
  const raw = await probabilitiesFromTrees(model, matrix, shap.onnxruntime!, threads, inputRow);
  const probability = model.calibrate(raw);
  clock.lap("onnx");
  const grouped = groupContributions(model.features, shap.values, n);
  const ns = grouped.sources.length;
  const batch: ScoredBatch<Customer> = {
    customers,
    status,
    inputRow,
    probability,
    margin: shap.margin,
    band: Array.from(probability, (p) => model.band(p)),
    sources: grouped.sources,
    contributions: grouped.values,
    drivers: customers.map((c, i) =>
      topDrivers(c, grouped.sources, grouped.sourceLabels, grouped.values, i * ns, 5),
    ),
  };
  clock.lap("drivers");
  return batch;
}

/** Stage seconds as bench metrics: `<prefix><stage>Seconds` (wall) and `<prefix><stage>Cpu` (CPU). */
export function stageMetrics(clock: StageClock, prefix: string): Record<string, number> {
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const out: Record<string, number> = {};
  for (const stage of Object.keys(clock.wall) as Stage[]) {
    out[`${prefix}${stage}Seconds`] = round1(clock.wall[stage]);
    out[`${prefix}${stage}Cpu`] = round1(clock.cpu[stage]);
  }
  return out;
}
