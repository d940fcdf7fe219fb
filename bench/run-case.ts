// Child process: runs one bench case and prints its CaseResult as JSON on the last stdout line.
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { median, type BenchCase, type CaseResult } from "./harness.ts";

const file = process.argv[2];
const mod = (await import(pathToFileURL(file).href)) as { default: BenchCase };
const c = mod.default;
const skipped = c.skip?.();
let result: CaseResult;
if (skipped) {
  result = {
    name: c.name,
    target: c.target,
    skipped,
    runs: 0,
    secondsMedian: NaN,
    secondsMin: NaN,
    secondsMax: NaN,
    peakRssMiB: NaN,
    metrics: {},
  };
} else {
  const state = await c.setup?.();
  let metrics: Record<string, number | string> = {};
  const ctx = { report: (m: Record<string, number | string>) => void (metrics = { ...metrics, ...m }) };
  for (let i = 0; i < (c.warmup ?? 1); i++) await c.run(state, ctx);
  const times: number[] = [];
  for (let i = 0; i < (c.runs ?? 5); i++) {
    const t0 = performance.now();
    await c.run(state, ctx);
    times.push((performance.now() - t0) / 1000);
  }
  await c.teardown?.(state);
  result = {
    name: c.name,
    target: c.target,
    runs: times.length,
    secondsMedian: median(times),
    secondsMin: Math.min(...times),
    secondsMax: Math.max(...times),
    // maxRSS is in KiB on Linux; it covers this process only, i.e. this case.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    metrics,
  };
}
// Then exit: a case that leaves a handle open (a socket, a timer) must not hold `npm run bench` forever.
process.stdout.write(`\n${JSON.stringify(result)}\n`, () => process.exit(0));
