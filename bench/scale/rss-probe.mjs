// Loaded into every process of the scale run (NODE_OPTIONS=--import): on exit, appends the
// process's peak resident set size and CPU time to the file named by ENGAGETRACK_RSS_REPORT.
import { appendFileSync } from "node:fs";

const target = process.env.ENGAGETRACK_RSS_REPORT;
if (target) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const line = {
      pid: process.pid,
      argv: process.argv.slice(2).join(" ").slice(0, 200),
      maxRssMiB: Math.round((usage.maxRSS / 1024) * 10) / 10,
      cpuSeconds: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1e4) / 100,
    };
    try {
      appendFileSync(target, `${JSON.stringify(line)}\n`);
    } catch {
      // the report is best effort: never change how the process ends
    }
  });
}
