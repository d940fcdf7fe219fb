// Stage "questions" of the scale run: the server's own services over the newest snapshot (the
// 1M-customer one), asked N seeded questions of every kind as a Slack user would, each answer's
// charts rendered to PNG (what the adapters upload). Prints one JSON line: latencies per kind.
import { seededRandom } from "../../core/src/data/index.ts";
import { createServices, serverConfigFrom } from "../../bot/server.ts";

const total = Number(process.env.SCALE_QUESTIONS ?? 200);
const config = serverConfigFrom({ ...process.env, PORT: "0", ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0" });
// Loads the model and snapshot and warms the snapshot for questions, as `engagetrack serve` does.
const t0 = performance.now();
const services = await createServices(config, {
  logStream: { write: () => true } as never,
  processMetrics: false,
});
const startMs = performance.now() - t0;
const lease = services.serving.acquire();
const ids = Array.from(lease.snapshot.table.array("customerID") as ArrayLike<string>);
lease.release();

const random = seededRandom(2026);
const pick = () => ids[Math.floor(random() * ids.length)]!;
const kinds: Record<string, () => string> = {
  customer: () => `why is ${pick()} at risk?`,
  drivers: () => `drivers ${pick()}`,
  "top-at-risk": () =>
    ["top at-risk 10", "top at-risk 10 contract=Month-to-month persona=Student", "top 25 at-risk tenure<12"][
      Math.floor(random() * 3)
    ]!,
  segment: () =>
    `segment ${["contract", "plan", "persona", "payment method", "tenure"][Math.floor(random() * 5)]}`,
  experiment: () => "experiment",
  "unknown-id": () => `tell me about ${pick().slice(0, -1)}Z`,
};
const names = Object.keys(kinds);
const times: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
for (let i = 0; i < total; i++) {
  const kind = names[i % names.length]!;
  const started = performance.now();
  const reply = await services.ask(kinds[kind]!(), { id: "U-SCALE", surface: "slack" });
  for (const chart of reply.charts) await services.charts.renderReply(chart);
  times[kind]!.push(performance.now() - started);
}
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! * 10) / 10;
};
const all = Object.values(times).flat();
process.stdout.write(
  `${JSON.stringify({
    questions: total,
    startMs: Math.round(startMs),
    p50: q(all, 0.5),
    p95: q(all, 0.95),
    byKind: Object.fromEntries(
      names.map((k) => [k, { n: times[k]!.length, p50: q(times[k]!, 0.5), p95: q(times[k]!, 0.95) }]),
    ),
  })}\n`,
);
await services.close();
