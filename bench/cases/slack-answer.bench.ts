// A Slack question to its last Slack call, through the real server on loopback: an app_mention
// signed like Slack's is POSTed to /slack/events; the server acknowledges it, answers through
// `services.ask` (parse, Arquero queries, TreeSHAP + what-if for one customer, one audit line),
// renders Block Kit, posts it to a fake Slack Web API on 127.0.0.1 and uploads each chart PNG
// (Plot → SVG → resvg, files.uploadV2: three calls) or the TXT summary into the thread. Timed per
// question: from sending the event to the app saying it is done (after its last call to the fake);
// and the acknowledgement latency (the POST's response). The model is trained on 5,000 simulated
// customers and scores ENGAGETRACK_BENCH_ROWS others (default 1,000,000, the size) with
// TreeSHAP in setup, untimed (about 140 s at 1M). Reported: p50/p95 per intent kind over the
// questions of all measured runs (customers picked afresh each run), the worst p95, and ack
// p50/p95/max. Client, server and fake Slack share the machine's cores.
import { Writable } from "node:stream";
import { defineCase } from "../harness.ts";
import { benchQuestions } from "./bench-questions.ts";
import { seededRandom } from "../../core/src/data/index.ts";
import {
  conversationFixture,
  type ConversationFixture,
} from "../../bot/test/fixtures/conversation-fixture.ts";
import { startFakeSlack, FAKE_BOT, type FakeSlack } from "../../bot/test/fixtures/fake-slack.ts";
import { eventBody, postToSlackEndpoint } from "../../bot/test/fixtures/slack-request.ts";
import { startTestServer, type TestServer } from "../../bot/test/fixtures/test-server.ts";

const ROWS = Number(process.env.ENGAGETRACK_BENCH_ROWS ?? 1_000_000);
const TOKEN = "xoxb-bench-0000-engagetrack";
const SECRET = "bench-signing-secret-0123456789ab";
const CHANNEL = "C0BENCH";
const RUNS = 3;
const WARMUP = 1;
const USER = "U0BENCH";

interface State {
  fx: ConversationFixture;
  fake: FakeSlack;
  server: TestServer;
  /** The questions of one run: customers picked afresh each run (seeded), so no customer's chart is cached from an earlier run. */
  questions(): Record<string, string[]>;
  /** Resolves when the app logs that it answered (after its last Slack call). */
  answered(): Promise<void>;
  loadMs: number;
  /** run() calls so far (the first WARMUP are the harness's warm-up). */
  calls: number;
  /** Times of every measured question by kind, and every measured ack, pooled over the runs. */
  samples: Record<string, number[]>;
  acks: number[];
}

function p(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
const ms = (x: number) => Math.round(x * 10) / 10;

let thread = 0;

export default defineCase<State>({
  name: `slack: mention → answer posted + chart PNG uploaded (fake Slack), ${ROWS.toLocaleString("en-US")}-customer snapshot`,
  target: "p95 ≤ 300 ms per intent kind; ack well under 3 s",
  runs: RUNS,
  warmup: WARMUP,
  async setup() {
    const fx = await conversationFixture({ trainRows: 5000, scoreRows: ROWS, seed: 11 });
    const fake = await startFakeSlack({ token: TOKEN });
    // The app logs "slack: answered" once its last call to Slack returned: that ends a question.
    const waiters: Array<() => void> = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        const line = String(chunk);
        if (line.includes('"slack: answered"') || line.includes('"slack: answer failed"'))
          waiters.shift()?.();
        done();
      },
    });
    const t0 = performance.now();
    const server = await startTestServer(
      fx,
      {
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        SLACK_ALLOWED_USERS: USER,
        LOG_LEVEL: "info",
      },
      { logStream, processMetrics: false },
      "bench-usage",
    );
    const loadMs = performance.now() - t0;
    const ids = fx.snapshot.table.array("customerID") as string[];
    const random = seededRandom(2026);
    const pick = (n: number) => Array.from({ length: n }, () => ids[Math.floor(random() * ids.length)]);
    const questions = () => benchQuestions(pick, { unknownIds: false, churnBy: false });
    return {
      fx,
      fake,
      server,
      questions,
      loadMs,
      calls: 0,
      samples: {},
      acks: [],
      answered: () => new Promise<void>((resolve) => waiters.push(resolve)),
    };
  },
  async run(state, ctx) {
    const events = `${state.server.url}/slack/events`;
    const measured = state.calls++ >= WARMUP;
    const pooled = (key: string) => (measured ? (state.samples[key] ??= []) : []);
    const metrics: Record<string, number> = {};
    const acks = measured ? state.acks : [];
    let worst = 0;
    for (const [kind, questions] of Object.entries(state.questions())) {
      const times = pooled(kind);
      for (const q of questions) {
        state.fake.reset();
        const ts = `1700000000.${String(++thread).padStart(6, "0")}`;
        const done = state.answered();
        const body = eventBody(
          {
            type: "app_mention",
            user: USER,
            channel: CHANNEL,
            text: `<@${FAKE_BOT.userId}> ${q}`,
            ts,
            event_ts: ts,
          },
          `EvBench${thread}`,
        );
        const t0 = performance.now();
        const { res, ms: ack } = await postToSlackEndpoint(events, body, "application/json", {
          secret: SECRET,
        });
        if (res.status !== 200) throw new Error(`${q}: /slack/events answered ${res.status}`);
        acks.push(ack);
        await done;
        const last = Math.max(...state.fake.calls.map((c) => c.at));
        if (!state.fake.calls.some((c) => c.method === "chat.postMessage" && c.status === 200))
          throw new Error(`${q}: nothing was posted (${state.fake.calls.map((c) => c.method).join(", ")})`);
        times.push(last - t0);
      }
      times.sort((a, b) => a - b);
      metrics[`${kind}_n`] = times.length;
      metrics[`${kind}_p50_ms`] = ms(p(times, 0.5));
      metrics[`${kind}_p95_ms`] = ms(p(times, 0.95));
      worst = Math.max(worst, p(times, 0.95));
    }
    acks.sort((a, b) => a - b);
    // Percentiles over every measured question so far: the last run's report covers all runs.
    ctx.report({
      rows: state.fx.snapshot.size,
      ...metrics,
      worst_p95_ms: ms(worst),
      ack_p50_ms: ms(p(acks, 0.5)),
      ack_p95_ms: ms(p(acks, 0.95)),
      ack_max_ms: ms(acks[acks.length - 1]),
      server_load_ms: Math.round(state.loadMs),
    });
  },
  async teardown(state) {
    await state.server.close();
    await state.fake.close();
    await state.fx.close();
  },
});
