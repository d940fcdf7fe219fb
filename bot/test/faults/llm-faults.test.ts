// Fault: the LLM endpoint is down (port closed), slow (answers after the timeout), or answers
// garbage. End to end through the real server's POST /v1/nudges with a local fake endpoint: every
// answer is a rule nudge within the LLM timeout plus a small margin, the fallbacks are counted by
// reason in /metrics, the circuit breaker opens after 5 failures (then no call reaches the
// endpoint), and after its open time (30 s on an injected clock) one half-open probe closes it
// again once the endpoint is healthy.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { AUTH, startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { HEALTHY_MESSAGE, startFakeLlm, type FakeLlm, type FakeLlmMode } from "./fixtures/fake-llm.ts";

const TIMEOUT_MS = 300;
// Room for the insight itself (TreeSHAP, what-ifs) on a busy 2-core machine: generous, because
// what the bound must tell apart is "gave up at the timeout" from "waited for the slow endpoint's
// answer" (10 s, fake-llm's slowMs), never load. That an open breaker answers without waiting is
// shown by no call reaching the endpoint, not by a stopwatch.
const MARGIN_MS = 4_000;
// The server's breaker: createCircuitBreaker's defaults.
const FAILURES_TO_OPEN = 5;
const OPEN_MS = 30_000;

let served: ServedModel;
let ids: string[];
beforeAll(async () => {
  served = await buildServedModel();
  const snapshot = (await openSnapshotStore(served.snapshotsDir).latest())!;
  ids = (snapshot.table.array("customerID") as string[]).slice(0, 60);
}, 120_000);
afterAll(() => served?.remove());

interface Answer {
  ms: number;
  engine: string;
  fallbackReason: string | null;
  message: string;
}

/** A server whose LLM is `llm`, on a clock the test moves (the breaker's open time). */
async function serverWith(llm: FakeLlm) {
  const clock = { now: Date.now() };
  const s = await startTestServer(
    served,
    {
      LLM_API_KEY: "sk-fake-llm-key-0123456789",
      LLM_BASE_URL: llm.url,
      LLM_TIMEOUT_MS: String(TIMEOUT_MS),
      ENGAGETRACK_NUDGE_COOLDOWN_SECONDS: "0",
    },
    { clock: () => clock.now, random: () => 0.5 },
    "llm-faults",
  );
  let next = 0;
  const nudge = async (): Promise<Answer> => {
    const t0 = performance.now();
    const res = await fetch(`${s.url}/v1/nudges`, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: JSON.stringify({ customerID: ids[next++ % ids.length], event: "login" }),
    });
    const ms = performance.now() - t0;
    expect(res.status).toBe(200);
    const { nudge: n } = (await res.json()) as { nudge: Omit<Answer, "ms"> };
    return { ms, engine: n.engine, fallbackReason: n.fallbackReason, message: n.message };
  };
  return { s, clock, nudge };
}

const fallbacks = async (s: TestServer): Promise<Record<string, number>> => {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  return Object.fromEntries(
    [...text.matchAll(/^engagetrack_llm_fallbacks_total\{reason="([^"]+)"\} (\d+)$/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]),
  );
};

/** Five failures, each a rule nudge within the timeout, then the breaker is open. */
async function failUntilOpen(nudge: () => Promise<Answer>, reason: string): Promise<void> {
  for (let i = 0; i < FAILURES_TO_OPEN; i++) {
    const a = await nudge();
    expect(a).toMatchObject({ engine: "rules", fallbackReason: reason });
    expect(a.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
  }
}

/** While open: rule nudges at once, and nothing reaches the endpoint. */
async function expectOpen(nudge: () => Promise<Answer>, llm: FakeLlm, times = 3): Promise<void> {
  const calls = llm.calls;
  for (let i = 0; i < times; i++) {
    const a = await nudge();
    expect(a).toMatchObject({ engine: "rules", fallbackReason: "llm-circuit-open" });
    expect(a.ms).toBeLessThan(MARGIN_MS);
  }
  expect(llm.calls).toBe(calls);
}

/** After the open time, one probe to the (now healthy) endpoint closes the breaker. */
async function expectRecovery(nudge: () => Promise<Answer>, llm: FakeLlm, clock: { now: number }) {
  llm.mode = "healthy";
  clock.now += OPEN_MS;
  const calls = llm.calls;
  expect(await nudge()).toMatchObject({ engine: "llm", fallbackReason: null, message: HEALTHY_MESSAGE });
  expect(llm.calls).toBe(calls + 1);
  expect(await nudge()).toMatchObject({ engine: "llm", fallbackReason: null }); // closed again
}

describe("LLM endpoint faults through POST /v1/nudges", () => {
  it("down (port closed): network fallbacks, the breaker opens, and a probe recovers once it is up", async () => {
    const llm = await startFakeLlm("healthy");
    await llm.stop();
    const { s, clock, nudge } = await serverWith(llm);
    try {
      await failUntilOpen(nudge, "llm-network");
      // Back up, but the breaker is still open: nothing is sent until the open time has passed.
      await llm.start();
      await expectOpen(nudge, llm);
      expect(llm.calls).toBe(0);
      await expectRecovery(nudge, llm, clock);
      expect(await fallbacks(s)).toEqual({ "llm-network": 5, "llm-circuit-open": 3 });
    } finally {
      await s.close();
      await llm.close();
    }
  });

  it("slow (answers after the timeout): timeouts within budget, a failed probe reopens at once, a later probe recovers", async () => {
    const llm = await startFakeLlm("slow");
    const { s, clock, nudge } = await serverWith(llm);
    try {
      await failUntilOpen(nudge, "llm-timeout");
      expect(llm.calls).toBe(FAILURES_TO_OPEN); // a timeout is not retried: the budget is spent
      await expectOpen(nudge, llm);
      // Half-open, still slow: the probe times out and the breaker reopens for another open time.
      clock.now += OPEN_MS;
      expect(await nudge()).toMatchObject({ engine: "rules", fallbackReason: "llm-timeout" });
      expect(llm.calls).toBe(FAILURES_TO_OPEN + 1);
      await expectOpen(nudge, llm, 2);
      await expectRecovery(nudge, llm, clock);
      expect(await fallbacks(s)).toEqual({ "llm-timeout": 6, "llm-circuit-open": 5 });
    } finally {
      await s.close();
      await llm.close();
    }
  });

  for (const [mode, what] of [
    ["garbage-body", "a 200 whose body is not JSON"],
    ["garbage-json", "JSON that is no chat completion"],
  ] as Array<[FakeLlmMode, string]>) {
    it(`garbage (${what}): bad-response fallbacks, not retried, the breaker opens, a probe recovers`, async () => {
      const llm = await startFakeLlm(mode);
      const { s, clock, nudge } = await serverWith(llm);
      try {
        await failUntilOpen(nudge, "llm-bad-response");
        expect(llm.calls).toBe(FAILURES_TO_OPEN);
        await expectOpen(nudge, llm);
        await expectRecovery(nudge, llm, clock);
        expect(await fallbacks(s)).toEqual({ "llm-bad-response": 5, "llm-circuit-open": 3 });
      } finally {
        await s.close();
        await llm.close();
      }
    });
  }

  it("half-open lets exactly one probe through: concurrent nudges meanwhile get rule nudges", async () => {
    const llm = await startFakeLlm("garbage-body");
    const { s, clock, nudge } = await serverWith(llm);
    try {
      await failUntilOpen(nudge, "llm-bad-response");
      llm.mode = "healthy";
      llm.delayMs = 150; // the probe is in flight while the others arrive
      clock.now += OPEN_MS;
      const answers = await Promise.all([nudge(), nudge(), nudge(), nudge()]);
      expect(llm.calls).toBe(FAILURES_TO_OPEN + 1);
      expect(answers.filter((a) => a.engine === "llm")).toHaveLength(1);
      expect(answers.filter((a) => a.fallbackReason === "llm-circuit-open")).toHaveLength(3);
      expect(await nudge()).toMatchObject({ engine: "llm" });
    } finally {
      await s.close();
      await llm.close();
    }
  });

  it("garbage answer (a well-formed completion with prose instead of the JSON asked for): rule nudges, and the breaker opens like for a failed call", async () => {
    // An answer that fails the answer check costs the call's latency and gives nothing, so it
    // counts against the breaker: after five, no more calls reach the endpoint.
    const llm = await startFakeLlm("garbage-answer");
    const { s, nudge } = await serverWith(llm);
    try {
      for (let i = 0; i < FAILURES_TO_OPEN + 2; i++) {
        const a = await nudge();
        expect(a).toMatchObject({
          engine: "rules",
          fallbackReason:
            i < FAILURES_TO_OPEN ? expect.stringMatching(/^llm-answer-malformed-json/) : "llm-circuit-open",
        });
        expect(a.ms).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
      }
      expect(llm.calls).toBe(FAILURES_TO_OPEN);
      expect(await fallbacks(s)).toEqual({
        "llm-answer-malformed-json": FAILURES_TO_OPEN,
        "llm-circuit-open": 2,
      });
    } finally {
      await s.close();
      await llm.close();
    }
  });
});
