// deliverReply against the fake Slack Web API with a real Web API client and real replies; the
// chart renderer is passed in, so the blank-chart guard's refusal and a failed render can be shown.
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../core/src/log/index.ts";
import { respond, type Reply } from "../../conversation/index.ts";
import { createSlackWebClient, deliverReply, type DeliverEffects } from "../../slack/index.ts";
import { conversationFixture, type ConversationFixture } from "../fixtures/conversation-fixture.ts";
import { startFakeSlack, type FakeSlack } from "../fixtures/fake-slack.ts";

let fx: ConversationFixture;
let fake: FakeSlack;
let insight: Reply;
let summary: Reply;
const lines: string[] = [];
const logger = createLogger(new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }));

const effects = (renderReply: DeliverEffects["charts"]["renderReply"]): DeliverEffects => ({
  client: createSlackWebClient({ token: "xoxb-deliver-test", apiUrl: fake.apiUrl, logger, maxRetries: 0 }),
  charts: { renderReply },
  logger,
});
const refused: DeliverEffects["charts"]["renderReply"] = async (chart) => ({
  kind: "text",
  text: chart.text,
  alt: chart.alt,
  reason: "blank",
});

beforeAll(async () => {
  fx = await conversationFixture({ trainRows: 600, seed: 3 });
  fake = await startFakeSlack();
  const id = (fx.snapshot.table.array("customerID") as string[])[0];
  const asker = { id: "U0TEST", surface: "slack" as const };
  insight = await respond(`why is ${id} at risk`, asker, fx.services());
  summary = await respond(`summary ${id}`, asker, fx.services());
});
afterAll(async () => {
  await fake?.close();
  await fx?.close();
});
beforeEach(() => {
  fake.reset();
  lines.length = 0;
});

describe("deliverReply", () => {
  it("posts a chart the blank-chart guard refused as its text table in the thread, not as an image", async () => {
    const d = await deliverReply(
      insight,
      { channel: "C0X", user: "U0TEST", ephemeral: false },
      effects(refused),
    );
    expect(d).toMatchObject({ via: "message", images: 0, chartTexts: 1 });
    const [card, table] = fake.callsOf("chat.postMessage");
    expect(table.body.thread_ts).toBe(card.response?.ts);
    expect(String(table.body.text)).toBe(insight.charts[0].text);
    expect(JSON.stringify(table.body.blocks)).toContain("```");
    expect(fake.callsOf("files.getUploadURLExternal")).toEqual([]);
  });

  it("a chart that cannot be drawn becomes its table too, with a warning in the log", async () => {
    const d = await deliverReply(
      insight,
      { channel: "C0X", user: "U0TEST", ephemeral: false },
      effects(async () => {
        throw new Error("renderer gone");
      }),
    );
    expect(d).toMatchObject({ images: 0, chartTexts: 1 });
    expect(lines.some((l) => l.includes("chart could not be drawn"))).toBe(true);
  });

  it("an ephemeral answer without a response_url goes by chat.postEphemeral, with the chart and file as text", async () => {
    const d = await deliverReply(
      summary,
      { channel: "C0X", user: "U0TEST", threadTs: "1700000000.000001", ephemeral: true },
      effects(refused),
    );
    expect(d.via).toBe("ephemeral");
    const [post] = fake.callsOf("chat.postEphemeral");
    expect(post.body).toMatchObject({ channel: "C0X", user: "U0TEST", thread_ts: "1700000000.000001" });
    expect(JSON.stringify(post.body.blocks)).toContain(summary.files[0].name);
    expect(fake.calls.map((c) => c.method)).toEqual(["chat.postEphemeral"]);
  });

  it("a failed upload is logged with Slack's error; the answer stands", async () => {
    fake.fail("files.getUploadURLExternal", "file_uploads_disabled");
    const d = await deliverReply(
      summary,
      { channel: "C0X", user: "U0TEST", ephemeral: false },
      effects(refused),
    );
    expect(d).toMatchObject({ via: "message", files: 0 });
    expect(lines.some((l) => l.includes("file upload failed") && l.includes("file_uploads_disabled"))).toBe(
      true,
    );
  });
});
