// kill -9 at random moments while the usage log rotates under load: ENGAGETRACK_BENCH_LOG_KILLS
// times (default 20), a process writes audit lines as fast as it can to a log rotating every ~2 KB
// and reports which lines flush() saw written; after a seeded random delay it is SIGKILLed, and a
// second process opens the same log and writes 50 more. The tests freeze the kill at exact renames;
// this samples the whole write/rotate cycle. Reported: kills, kills that caught a rotation half
// done (usage.log missing or a gap in the numbered files), acknowledged lines, acknowledged lines
// lost (must be 0), duplicated or torn lines (must be 0), unacknowledged lines that survived, and
// the time the second process took to reopen the log and write.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineCase } from "../harness.ts";
import { startChild } from "../../core/test/faults/fixtures/child.ts";

const KILLS = Number(process.env.ENGAGETRACK_BENCH_LOG_KILLS ?? 20);
const SEED = 13;
const MAX_BYTES = 2000;
const KEEP = 500;
const CHILD = join(import.meta.dirname, "../../core/test/faults/fixtures/usage-log-child.ts");

/** mulberry32: the kill delays are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const index = (file: string) => (file === "usage.log" ? 0 : Number(file.slice("usage.log.".length)));

export default defineCase({
  name: `faults: kill -9 at ${KILLS} random moments while the usage log rotates under load`,
  target: "0 acknowledged lines lost, 0 duplicated or torn lines, the log reopens every time",
  runs: 1,
  warmup: 0,
  async run(_state, ctx) {
    const next = random(SEED);
    const totals = {
      kills: 0,
      killsMidRotation: 0,
      ackedLines: 0,
      ackedLost: 0,
      duplicated: 0,
      torn: 0,
      unackedSurvived: 0,
      reopenFailures: 0,
    };
    const restartMs: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const dir = mkdtempSync(join(tmpdir(), "et-bench-logkill-"));
      const path = join(dir, "usage.log");
      try {
        const child = startChild(CHILD, [
          path,
          String(MAX_BYTES),
          String(KEEP),
          "0",
          "forever",
          "--batch",
          "5",
        ]);
        await child.waitForLine(/^ACK /);
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(next() * 400)));
        await child.kill9();
        totals.kills++;
        const acks = child.lines.filter((l) => l.startsWith("ACK ")).map((l) => Number(l.slice(4)));
        const acked = Math.max(...acks);
        totals.ackedLines += acked + 1;

        const numbered = readdirSync(dir)
          .filter((f) => f.startsWith("usage.log."))
          .map(index)
          .sort((x, y) => x - y);
        const gap = numbered.some((n, i) => n !== i + 1);
        if (!readdirSync(dir).includes("usage.log") || gap) totals.killsMidRotation++;

        const t0 = performance.now();
        const again = startChild(CHILD, [path, String(MAX_BYTES), String(KEEP), "1000000", "50"]);
        const ended = await again.exited;
        restartMs.push(performance.now() - t0);
        if (ended.code !== 0 || again.lines.at(-1) !== "DONE") totals.reopenFailures++;

        const files = readdirSync(dir)
          .filter((f) => f.startsWith("usage.log"))
          .sort((x, y) => index(y) - index(x));
        const seqs: number[] = [];
        for (const f of files) {
          for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
            if (line === "") continue;
            try {
              seqs.push((JSON.parse(line) as { audit: { shown: { seq: number } } }).audit.shown.seq);
            } catch {
              totals.torn++;
            }
          }
        }
        const counts = new Map<number, number>();
        for (const s of seqs) counts.set(s, (counts.get(s) ?? 0) + 1);
        totals.duplicated += [...counts.values()].filter((c) => c > 1).length;
        for (let s = 0; s <= acked; s++) if (!counts.has(s)) totals.ackedLost++;
        totals.unackedSurvived += seqs.filter((s) => s > acked && s < 1_000_000).length;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const sorted = [...restartMs].sort((x, y) => x - y);
    ctx.report({ ...totals, restartP50Ms: Math.round(sorted[sorted.length >> 1]) });
    if (totals.ackedLost || totals.duplicated || totals.torn || totals.reopenFailures)
      throw new Error(`usage log lost or damaged lines: ${JSON.stringify(totals)}`);
  },
});
