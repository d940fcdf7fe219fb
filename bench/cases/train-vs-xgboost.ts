/**
 * Training side by side with XGBoost (bench helper): each measured run trains our booster and
 * XGBoost 1.7.4 (Debian's python3-xgboost, one process per training) on the same matrix, at each
 * thread count in turn — ours 1, XGBoost 1, ours 2, XGBoost 2, … — so load from other processes
 * falls on both alike. Reports each side's median seconds, the ratio ours / XGBoost per thread
 * count, the CPU seconds of both (on a loaded machine CPU time says more than wall time; XGBoost's
 * OpenMP threads also spin while waiting, which counts as CPU), and whether our model bytes were
 * the same at every thread count. The harness's own time is that of a whole run (all trainings).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase, median, type BenchCase } from "../harness.ts";
import type { FeatureMatrix } from "../../core/src/features/feature-matrix.ts";
import type { BoosterParams } from "../../core/src/model/params.ts";
import { trainBooster } from "../../core/src/model/train.ts";

const PYTHON = process.env.ENGAGETRACK_BENCH_PYTHON ?? "/usr/bin/python3";
const SCRIPT = join(import.meta.dirname, "train-xgboost-time.py");

/** XGBoost's version when python3 can import it, else undefined. */
function xgboostVersion(): string | undefined {
  try {
    return execFileSync(PYTHON, ["-c", "import xgboost; print(xgboost.__version__)"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

interface State {
  matrix: FeatureMatrix;
  labels: Uint8Array;
  dir: string | undefined;
  calls: number;
  ours: Map<number, number[]>;
  oursCpu: Map<number, number[]>;
  xgb: Map<number, number[]>;
  xgbCpu: Map<number, number[]>;
  hashes: Set<string>;
  /** Threads each requested thread count trained on (`TrainResult.threads`). */
  used: Map<number, number>;
}

export interface VersusXgboostOptions {
  name: string;
  target?: string;
  params: Partial<BoosterParams> & { n_rounds: number };
  threads: readonly number[];
  runs?: number;
  load: () => { matrix: FeatureMatrix; labels: Uint8Array };
  skip?: () => string | undefined;
}

function modelHash(trees: ReturnType<typeof trainBooster>["ensemble"]["trees"]): string {
  const h = createHash("sha256");
  for (const t of trees)
    for (const a of [t.left, t.right, t.feature, t.threshold, t.defaultLeft, t.value, t.cover])
      h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest("hex").slice(0, 16);
}

export function versusXgboost(o: VersusXgboostOptions): BenchCase<State> {
  const push = (m: Map<number, number[]>, k: number, v: number) => m.set(k, [...(m.get(k) ?? []), v]);
  return defineCase<State>({
    name: o.name,
    target: o.target,
    runs: o.runs ?? 3,
    // One unmeasured run of ours at each thread count (starts the worker threads).
    warmup: 1,
    skip: o.skip,
    setup() {
      const { matrix, labels } = o.load();
      let dir: string | undefined;
      if (xgboostVersion() !== undefined) {
        dir = mkdtempSync(join(tmpdir(), "engagetrack-bench-xgb-"));
        const nf = matrix.featureNames.length;
        const x = new Float32Array(matrix.nRows * nf);
        matrix.columns.forEach((c, j) => {
          for (let i = 0; i < matrix.nRows; i++) x[i * nf + j] = c[i];
        });
        writeFileSync(join(dir, "x.f32"), x);
        writeFileSync(join(dir, "y.u8"), labels);
      }
      const empty = () => new Map<number, number[]>();
      return {
        matrix,
        labels,
        dir,
        calls: 0,
        ours: empty(),
        oursCpu: empty(),
        xgb: empty(),
        xgbCpu: empty(),
        hashes: new Set(),
        used: new Map(),
      };
    },
    run(s, ctx) {
      const measured = s.calls++ >= 1;
      const { n_rounds, ...rest } = o.params;
      for (const threads of o.threads) {
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const r = trainBooster(s.matrix, s.labels, { n_rounds, ...rest }, { threads });
        const seconds = (performance.now() - t0) / 1000;
        const cpu = process.cpuUsage(cpu0);
        s.hashes.add(modelHash(r.ensemble.trees));
        s.used.set(threads, r.threads);
        if (!measured) continue;
        push(s.ours, threads, seconds);
        push(s.oursCpu, threads, (cpu.user + cpu.system) / 1e6);
        if (s.dir === undefined) continue;
        const xgbParams = { n_rounds, ...rest, seed: rest.seed ?? 0 } as Record<string, unknown>;
        // Names XGBoost spells differently or does not take from us.
        delete xgbParams.early_stopping_rounds;
        if (xgbParams.base_score === undefined) delete xgbParams.base_score;
        const out = execFileSync(
          PYTHON,
          [
            SCRIPT,
            join(s.dir, "x.f32"),
            join(s.dir, "y.u8"),
            String(s.matrix.nRows),
            String(s.matrix.featureNames.length),
            JSON.stringify(xgbParams),
            String(threads),
          ],
          { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
        );
        const timed = JSON.parse(out.trim().split("\n").at(-1)!) as { seconds: number; cpuSeconds: number };
        push(s.xgb, threads, timed.seconds);
        push(s.xgbCpu, threads, timed.cpuSeconds);
      }
      if (!measured) return;
      const metrics: Record<string, number | string> = {
        rows: s.matrix.nRows,
        features: s.matrix.featureNames.length,
        sameModelEveryThreadCount: s.hashes.size === 1 ? "yes" : `no (${s.hashes.size} different)`,
      };
      for (const t of o.threads) {
        metrics[`ours${t}t_s`] = +median(s.ours.get(t)!).toFixed(3);
        metrics[`ours${t}t_cpu_s`] = +median(s.oursCpu.get(t)!).toFixed(3);
        if (s.used.get(t) !== t) metrics[`ours${t}t_threadsUsed`] = s.used.get(t)!;
        const x = s.xgb.get(t);
        if (x) {
          metrics[`xgboost${t}t_s`] = +median(x).toFixed(3);
          metrics[`xgboost${t}t_cpu_s`] = +median(s.xgbCpu.get(t)!).toFixed(3);
          metrics[`ratio${t}t`] = +(median(s.ours.get(t)!) / median(x)).toFixed(2);
        }
      }
      if (s.dir === undefined) metrics.xgboost = `not installed (${PYTHON} cannot import xgboost)`;
      ctx.report(metrics);
    },
    teardown(s) {
      if (s.dir) rmSync(s.dir, { recursive: true, force: true });
    },
  });
}
