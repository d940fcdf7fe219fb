/**
 * Preloaded (`node --import …`) into a command that a bench runs as its own process: when that
 * process exits, writes its peak RSS and CPU time as JSON to the file named by
 * ENGAGETRACK_BENCH_USAGE_FILE. getrusage covers the whole process, worker threads included, and
 * nothing else (not the bench, not a database server).
 */
import { writeFileSync } from "node:fs";

export interface ProcessUsage {
  peakRssKiB: number;
  userSeconds: number;
  systemSeconds: number;
}

const file = process.env.ENGAGETRACK_BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    const usage: ProcessUsage = {
      peakRssKiB: u.maxRSS,
      userSeconds: u.userCPUTime / 1e6,
      systemSeconds: u.systemCPUTime / 1e6,
    };
    writeFileSync(file, JSON.stringify(usage));
  });
}
