// LLM endpoint faults, timed: the real server (in process, loopback) with a local fake
// chat-completions endpoint that is down (port closed), slow (answers after the timeout) or sends
// garbage. For each fault: how long POST /v1/nudges takes while the LLM fails (rule fallback
// within LLM_TIMEOUT_MS), how long until the breaker is open (5 failures), how fast answers are
// while it is open, and the half-open probe that recovers it. Baselines: the rule engine alone and
// a healthy LLM. ENGAGETRACK_BENCH_LLM_TIMEOUT_MS sets the timeout (default 300 ms; production 4 s).
import { defineCase } from "../harness.ts";
import { openSnapshotStore } from "../../core/src/snapshot/index.ts";
import { buildServedModel, type ServedModel } from "../../bot/test/fixtures/served-model.ts";
import { AUTH, startTestServer } from "../../bot/test/fixtures/test-server.ts";
import { startFakeLlm, type FakeLlm, type FakeLlmMode } from "../../bot/test/faults/fixtures/fake-llm.ts";

const TIMEOUT_MS = Number(process.env.ENGAGETRACK_BENCH_LLM_TIMEOUT_MS ?? 300);
const OPEN_MS = 30_000; // the server breaker's open time (createCircuitBreaker default)
const FAILURES_TO_OPEN = 5;
const OPEN_REQUESTS = 20;

interface State {
  served: ServedModel;
  ids: string[];
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const q = (xs: number[], p: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

async function session(state: State, llm: FakeLlm | undefined) {
  const clock = { now: Date.now() };
  const s = await startTestServer(
    state.served,
    {
      ...(llm && { LLM_API_KEY: "sk-fake-llm-key-0123456789", LLM_BASE_URL: llm.url }),
      LLM_TIMEOUT_MS: String(TIMEOUT_MS),
      ENGAGETRACK_NUDGE_COOLDOWN_SECONDS: "0",
      ENGAGETRACK_API_RATE_LIMIT: "1000000",
    },
    { clock: () => clock.now, random: () => 0.5, processMetrics: false },
    "bench-llm",
  );
  let next = 0;
  const nudge = async () => {
    const t0 = performance.now();
    const res = await fetch(`${s.url}/v1/nudges`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: JSON.stringify({ customerID: state.ids[next++ % state.ids.length], event: "login" }),
    });
    const { nudge: n } = (await res.json()) as { nudge: { engine: string; fallbackReason: string | null } };
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return { ms: performance.now() - t0, engine: n.engine, reason: n.fallbackReason };
  };
  return { s, clock, nudge };
}

export default defineCase<State>({
  name: `faults: LLM down / slow / garbage through POST /v1/nudges (timeout ${TIMEOUT_MS} ms, breaker 5 failures / 30 s)`,
  target: `every fallback ≤ timeout + 100 ms; open-circuit answers as fast as rules alone; no call while open`,
  runs: 1,
  warmup: 0,
  async setup() {
    const served = await buildServedModel();
    const snapshot = (await openSnapshotStore(served.snapshotsDir).latest())!;
    return { served, ids: (snapshot.table.array("customerID") as string[]).slice(0, 200) };
  },
  async run(state, ctx) {
    const metrics: Record<string, number | string> = {};
    // Baselines.
    {
      const { s, nudge } = await session(state, undefined);
      await nudge();
      const ms = [];
      for (let i = 0; i < 20; i++) ms.push((await nudge()).ms);
      metrics.rules_only_p50_ms = round(q(ms, 0.5));
      await s.close();
      const llm = await startFakeLlm("healthy");
      const h = await session(state, llm);
      await h.nudge();
      const lms = [];
      for (let i = 0; i < 20; i++) lms.push((await h.nudge()).ms);
      metrics.healthy_llm_p50_ms = round(q(lms, 0.5));
      await h.s.close();
      await llm.close();
    }
    const modes: Array<[string, FakeLlmMode, boolean]> = [
      ["down", "healthy", true],
      ["slow", "slow", false],
      ["garbage_body", "garbage-body", false],
      ["garbage_json", "garbage-json", false],
    ];
    let worstOverTimeout = -Infinity;
    for (const [name, mode, down] of modes) {
      const llm = await startFakeLlm(mode);
      if (down) await llm.stop();
      const { s, clock, nudge } = await session(state, llm);
      try {
        const failures = [];
        for (let i = 0; i < FAILURES_TO_OPEN; i++) failures.push(await nudge());
        if (failures.some((f) => f.engine !== "rules"))
          throw new Error(`${name}: an LLM answer while failing`);
        const fms = failures.map((f) => f.ms);
        const toOpen = fms.reduce((a, b) => a + b, 0);
        worstOverTimeout = Math.max(worstOverTimeout, Math.max(...fms) - TIMEOUT_MS);
        if (down) await llm.start();
        const calls = llm.calls;
        const open = [];
        for (let i = 0; i < OPEN_REQUESTS; i++) {
          const a = await nudge();
          if (a.reason !== "llm-circuit-open") throw new Error(`${name}: not open (${a.reason})`);
          open.push(a.ms);
        }
        const callsWhileOpen = llm.calls - calls;
        llm.mode = "healthy";
        clock.now += OPEN_MS;
        const probe = await nudge();
        if (probe.engine !== "llm") throw new Error(`${name}: the probe did not recover (${probe.reason})`);
        Object.assign(metrics, {
          [`${name}_reason`]: failures[0].reason ?? "",
          [`${name}_fallback_p50_ms`]: round(q(fms, 0.5)),
          [`${name}_fallback_max_ms`]: round(Math.max(...fms)),
          [`${name}_to_open_ms`]: round(toOpen),
          [`${name}_open_p50_ms`]: round(q(open, 0.5)),
          [`${name}_open_max_ms`]: round(Math.max(...open)),
          [`${name}_calls_while_open`]: callsWhileOpen,
          [`${name}_recovery_probe_ms`]: round(probe.ms),
        });
      } finally {
        await s.close();
        await llm.close();
      }
    }
    metrics.worst_fallback_over_timeout_ms = round(worstOverTimeout);
    ctx.report(metrics);
  },
  teardown(state) {
    state.served.remove();
  },
});
