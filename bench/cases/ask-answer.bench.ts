// Question → reply through the conversation layer on a 200k-customer snapshot, including every
// chart of the reply rendered to a guarded PNG (what the Slack and Teams paths do before posting):
// parse, answer (Arquero queries, TreeSHAP + what-if for one customer, experiment analysis), one
// audit line written to a real usage log, then Plot → SVG → resvg → PNG. The model is trained on
// 5,000 simulated customers and scores 200,000 others with TreeSHAP (setup, untimed). Each run asks
// every kind of question several times (seeded choice of customers); reported: p50/p95 per intent
// kind from the last run, the worst p95, and the first question of each kind on the fresh snapshot
// ("cold": it computes the rank order, segment tables, experiment analysis, closest-ID index that
// later questions reuse), and the time `warmSnapshot` takes to compute all that ahead on load.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase } from "../harness.ts";
import { benchQuestions } from "./bench-questions.ts";
import { createChartRenderer, type ChartRenderer } from "../../core/src/charts/server.ts";
import { seededRandom } from "../../core/src/data/index.ts";
import { openUsageLog, type UsageLog } from "../../core/src/log/index.ts";
import { loadSnapshot } from "../../core/src/index.ts";
import { chartSpec, respond, warmSnapshot, type ConversationServices } from "../../bot/conversation/index.ts";
import {
  conversationFixture,
  type ConversationFixture,
} from "../../bot/test/fixtures/conversation-fixture.ts";

const ROWS = 200_000;
const ASKER = { id: "bench", surface: "slack" as const };

interface State {
  fx: ConversationFixture;
  log: UsageLog;
  logDir: string;
  services: ConversationServices;
  renderer: ChartRenderer;
  questions: Record<string, string[]>;
  /** The first question of each kind, before anything was kept for the snapshot (ms). */
  cold: Record<string, number>;
}

function p(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export default defineCase<State>({
  name: `ask: question → reply + chart PNGs, ${ROWS.toLocaleString("en-US")}-customer snapshot`,
  target: "p95 ≤ 300 ms per intent kind",
  runs: 2,
  warmup: 1,
  async setup() {
    const fx = await conversationFixture({ trainRows: 5000, scoreRows: ROWS, seed: 11 });
    const logDir = await mkdtemp(join(tmpdir(), "engagetrack-bench-ask-"));
    const log = await openUsageLog({ path: join(logDir, "usage.log") });
    const services = fx.services(log.logger);
    const ids = fx.snapshot.table.array("customerID") as string[];
    const random = seededRandom(2026);
    const pick = (n: number) => Array.from({ length: n }, () => ids[Math.floor(random() * ids.length)]);
    const questions = benchQuestions(pick, { unknownIds: true, churnBy: true });
    // Cold: the first question of each kind on a fresh snapshot computes what later questions
    // reuse (rank order, segment tables, experiment analysis, the closest-ID index).
    const renderer = createChartRenderer();
    const cold: Record<string, number> = {};
    for (const [kind, [first]] of Object.entries(questions)) {
      const t0 = performance.now();
      const reply = await respond(first, ASKER, services);
      for (const chart of reply.charts) await renderer.png(chartSpec(chart));
      cold[`cold_${kind}_ms`] = Math.round((performance.now() - t0) * 10) / 10;
    }
    // What a server does on loading a snapshot so that no first question is cold.
    const fresh = await loadSnapshot(join(fx.snapshotsDir, fx.snapshot.manifest.id));
    const t0 = performance.now();
    warmSnapshot({ ...services, snapshot: () => fresh });
    cold.warm_snapshot_ms = Math.round(performance.now() - t0);
    return { fx, log, logDir, services, renderer, questions, cold };
  },
  async run(state, ctx) {
    const metrics: Record<string, number> = {};
    let worst = 0;
    for (const [kind, questions] of Object.entries(state.questions)) {
      const times: number[] = [];
      for (const q of questions) {
        const t0 = performance.now();
        const reply = await respond(q, ASKER, state.services);
        for (const chart of reply.charts) await state.renderer.png(chartSpec(chart));
        times.push(performance.now() - t0);
        if (reply.kind === "error" && reply.audit.errorCode === "unexpected")
          throw new Error(`${q}: ${reply.text}`);
      }
      times.sort((a, b) => a - b);
      metrics[`${kind}_p50_ms`] = Math.round(p(times, 0.5) * 10) / 10;
      metrics[`${kind}_p95_ms`] = Math.round(p(times, 0.95) * 10) / 10;
      worst = Math.max(worst, p(times, 0.95));
    }
    ctx.report({
      rows: state.fx.snapshot.size,
      ...metrics,
      worst_p95_ms: Math.round(worst * 10) / 10,
      ...state.cold,
    });
  },
  async teardown(state) {
    await state.log.close();
    await state.fx.close();
    await rm(state.logDir, { recursive: true, force: true });
  },
});
