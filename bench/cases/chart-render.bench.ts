// Every chart drawn from fixed data and rendered to a guarded PNG (800×450 CSS px at 2× = 1600×900)
// by one warm renderer (jsdom document and font setup made once, in setup): spec → Plot → SVG →
// resvg → PNG → blank-chart guard, the whole path the bot runs per image. Each run renders every
// chart RENDERS times; reported: p95 per chart (ms) from the last run, and the worst p95.
import { defineCase } from "../harness.ts";
import { CHART_NAMES, type ChartName } from "../../core/src/charts/index.ts";
import { createChartRenderer, type ChartRenderer } from "../../core/src/charts/server.ts";
import { FIXTURE_CHARTS } from "../../core/test/charts/chart-fixtures.ts";

const RENDERS = 20;

function p95(ms: number[]): number {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}

export default defineCase<ChartRenderer>({
  name: `charts: 12 charts × ${RENDERS} PNG renders (800×450 @2×, warm renderer)`,
  target: "p95 ≤ 150 ms per chart",
  runs: 2,
  warmup: 1,
  setup: () => createChartRenderer(),
  async run(renderer, ctx) {
    const metrics: Record<string, number> = {};
    let worst = 0;
    for (const name of CHART_NAMES as readonly ChartName[]) {
      const times: number[] = [];
      for (let i = 0; i < RENDERS; i++) {
        const t0 = performance.now();
        const out = await renderer.png(FIXTURE_CHARTS[name]());
        times.push(performance.now() - t0);
        if (out.kind !== "png") throw new Error(`${name}: image refused: ${out.reason}`);
      }
      metrics[`${name}_p95_ms`] = Math.round(p95(times) * 10) / 10;
      worst = Math.max(worst, p95(times));
    }
    ctx.report({ ...metrics, worst_p95_ms: Math.round(worst * 10) / 10 });
  },
});
