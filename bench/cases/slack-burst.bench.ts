// Bursts of signed Slack slash commands at the real server on loopback: BURST `/engage` commands
// sent at once (half of them full customer cards with TreeSHAP and a chart), as a busy channel
// would. Slack retries (and the user sees an error) when an acknowledgement takes over 3 s, so
// every command must be acknowledged within 3 s while the whole burst's answers are worked out.
// Reported per burst size: ack p50/p95/max, how many were late (> 3 s), the time until the last
// answer reached the fake Slack, and the event-loop lag (p99, max) during the burst — server, fake
// Slack and client share this process. Snapshot: ENGAGETRACK_BENCH_ROWS customers (default 200,000;
// scoring 1M with TreeSHAP in setup takes ~140 s), model trained on 5,000. Burst sizes:
// ENGAGETRACK_BENCH_BURSTS (default 25,50,100).
import { monitorEventLoopDelay } from "node:perf_hooks";
import { defineCase } from "../harness.ts";
import { seededRandom } from "../../core/src/data/index.ts";
import {
  conversationFixture,
  type ConversationFixture,
} from "../../bot/test/fixtures/conversation-fixture.ts";
import { startFakeSlack, type FakeSlack } from "../../bot/test/fixtures/fake-slack.ts";
import { commandBody, postToSlackEndpoint } from "../../bot/test/fixtures/slack-request.ts";
import { startTestServer, type TestServer } from "../../bot/test/fixtures/test-server.ts";

const ROWS = Number(process.env.ENGAGETRACK_BENCH_ROWS ?? 200_000);
const BURSTS = (process.env.ENGAGETRACK_BENCH_BURSTS ?? "25,50,100").split(",").map(Number);
const TOKEN = "xoxb-bench-0000-engagetrack";
const SECRET = "bench-signing-secret-0123456789ab";
const CHANNEL = "C0BURST";
const ACK_LIMIT_MS = 3000;
/** Sampling interval of the event-loop delay histogram (ms): an idle loop reads about this much. */
const LAG_RESOLUTION_MS = 10;

interface State {
  fx: ConversationFixture;
  fake: FakeSlack;
  server: TestServer;
  ids: string[];
}

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
};
const ms = (x: number) => Math.round(x * 10) / 10;

export default defineCase<State>({
  name: `slack: bursts of ${BURSTS.join("/")} signed /engage commands, ${ROWS.toLocaleString("en-US")}-customer snapshot`,
  target: "every command acknowledged within 3 s",
  runs: 3,
  warmup: 1,
  async setup() {
    const fx = await conversationFixture({ trainRows: 5000, scoreRows: ROWS, seed: 11 });
    const fake = await startFakeSlack({ token: TOKEN });
    const server = await startTestServer(
      fx,
      { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl },
      { processMetrics: true },
      "bench-burst-usage",
    );
    return { fx, fake, server, ids: fx.snapshot.table.array("customerID") as string[] };
  },
  async run(state, ctx) {
    const random = seededRandom(Math.floor(performance.now()));
    const url = `${state.server.url}/slack/events`;
    const metrics: Record<string, number> = {};
    let trigger = 0;
    for (const size of BURSTS) {
      const answers = () =>
        state.fake.calls.filter((c) => c.method === "response_url" || c.method === "chat.postMessage").length;
      const before = answers();
      const questions = Array.from({ length: size }, (_, i) =>
        i % 2 === 0
          ? `why is ${state.ids[Math.floor(random() * state.ids.length)]} at risk`
          : ["top at-risk 10", "segment contract", "experiment", "top at-risk 5 persona=Student"][i % 4]!,
      );
      const lagMonitor = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
      lagMonitor.enable();
      const t0 = performance.now();
      const acks = await Promise.all(
        questions.map((text) =>
          postToSlackEndpoint(
            url,
            commandBody({
              user: "U0BURST",
              channel: CHANNEL,
              text,
              responseUrl: state.fake.responseUrl(`burst-${trigger}`),
              triggerId: `burst-${Date.now()}-${trigger++}`,
            }),
            "application/x-www-form-urlencoded",
            { secret: SECRET },
          ).then(
            (r) => {
              if (r.res.status !== 200) throw new Error(`command answered ${r.res.status}: ${r.text}`);
              return r.ms;
            },
            // No acknowledgement at all: count it as late (Slack would have given up at 3 s).
            () => Number.POSITIVE_INFINITY,
          ),
        ),
      );
      // Every command's answer reaches the fake Slack (a response_url POST or a chat message).
      try {
        await state.fake.waitFor(() => answers() - before >= size, 300_000);
      } catch (err) {
        const methods = state.fake.calls.slice(-20).map((c) => `${c.method} ${c.status}`);
        throw new Error(
          `${answers() - before} of ${size} answers reached Slack; last calls: ${methods.join(", ")}`,
          {
            cause: err,
          },
        );
      }
      const allAnswered = performance.now() - t0;
      lagMonitor.disable();
      const lagP99 = lagMonitor.percentile(99) / 1e6 - LAG_RESOLUTION_MS;
      const lagMax = lagMonitor.max / 1e6 - LAG_RESOLUTION_MS;
      metrics[`burst${size}_ack_p50_ms`] = ms(p(acks, 0.5));
      metrics[`burst${size}_ack_p95_ms`] = ms(p(acks, 0.95));
      metrics[`burst${size}_ack_max_ms`] = ms(Math.max(...acks));
      metrics[`burst${size}_acks_over_3s`] = acks.filter((a) => a > ACK_LIMIT_MS).length;
      metrics[`burst${size}_all_answered_s`] = ms(allAnswered / 1000);
      metrics[`burst${size}_loop_lag_p99_ms`] = ms(lagP99);
      metrics[`burst${size}_loop_lag_max_ms`] = ms(lagMax);
    }
    ctx.report(metrics);
  },
  async teardown(state) {
    await state.server.close();
    await state.fake.close();
    await state.fx.close();
  },
});
