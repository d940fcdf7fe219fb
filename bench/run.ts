/**
 * `npm run bench [-- <filter>]`: runs every case in bench/cases/ (or those whose file name
 * contains the filter), each in its own process, prints a table and writes
 * bench/results/<timestamp>.json with the machine description.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import type { CaseResult } from "./harness.ts";

const filter = process.argv[2] ?? "";
const dir = join(import.meta.dirname, "cases");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts") && f.includes(filter))
  .sort();
const machine = {
  node: process.version,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  platform: `${process.platform}-${process.arch}`,
};
console.log(`node ${machine.node} · ${machine.cpu} · ${machine.cores} cores · ${machine.memoryGiB} GiB`);
const results: CaseResult[] = [];
for (const f of files) {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "run-case.ts"), join(dir, f)],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 64 * 2 ** 20,
    },
  );
  const r = JSON.parse(out.trim().split("\n").at(-1)!) as CaseResult;
  results.push(r);
  if (r.skipped) {
    console.log(`- ${r.name}: skipped (${r.skipped})`);
    continue;
  }
  const m = Object.entries(r.metrics)
    .map(([k, v]) => `${k}=${typeof v === "number" ? +v.toPrecision(4) : v}`)
    .join(" ");
  console.log(
    `- ${r.name}: median ${r.secondsMedian.toFixed(3)} s (min ${r.secondsMin.toFixed(3)}, max ${r.secondsMax.toFixed(3)}, ${r.runs} runs) · peak RSS ${r.peakRssMiB.toFixed(0)} MiB${m ? ` · ${m}` : ""}${r.target ? ` · target ${r.target}` : ""}`,
  );
}
mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
writeFileSync(
  join(import.meta.dirname, "results", `${stamp}.json`),
  JSON.stringify({ machine, results }, null, 2),
);
