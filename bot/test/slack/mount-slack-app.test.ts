// The Slack app through the real server on loopback: requests signed like Slack's on POST
// /slack/events, a fake Slack Web API (bot/test/fixtures/fake-slack.ts) recording what the app
// posts, a real model and snapshot behind `services.ask`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeSlack, FAKE_BOT, type FakeSlack, type FakeSlackCall } from "../fixtures/fake-slack.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import {
  buttonBody,
  commandBody,
  eventBody,
  postToSlackEndpoint,
  type SlackPostOptions,
} from "../fixtures/slack-request.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { waitFor } from "../fixtures/wait-for.ts";
import { expectGoldenJson } from "./golden-json.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ALICE = "U0ALICE";
const BOB = "U0BOB";
const MALLORY = "U0MALLORY";
const GENERAL = "C0GENERAL";
const SHARED = "C0SHARED";
const RANDOM = "C0RANDOM";

let served: ServedModel;
let fake: FakeSlack;
let server: TestServer;
let events: string;
/** Customers of the snapshot, riskiest first (by the snapshot's own probabilities). */
let ids: string[];
let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}${Date.now().toString(36)}`;

const signed: SlackPostOptions = { secret: SECRET };
const post = (body: string, type: "json" | "form", options: Partial<SlackPostOptions> = {}) =>
  postToSlackEndpoint(
    events,
    body,
    type === "json" ? "application/json" : "application/x-www-form-urlencoded",
    { ...signed, ...options },
  );
const command = (user: string, channel: string, text: string, responseName = unique("r")) =>
  post(
    commandBody({ user, channel, text, responseUrl: fake.responseUrl(responseName), triggerId: unique("t") }),
    "form",
  );
const mention = (user: string, channel: string, text: string, ts: string, eventId = unique("Ev")) =>
  post(
    eventBody(
      { type: "app_mention", user, channel, text: `<@${FAKE_BOT.userId}> ${text}`, ts, event_ts: ts },
      eventId,
    ),
    "json",
  );

const posts = (channel: string) =>
  fake.callsOf("chat.postMessage").filter((c) => c.body.channel === channel && c.status === 200);
const inThread = (ts: string) => (c: FakeSlackCall) => c.body.thread_ts === ts;
const metric = async (pattern: RegExp) => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => pattern.test(l));
  return line ? Number(line.split(" ").pop()) : 0;
};

beforeAll(async () => {
  served = await buildServedModel({ rows: 600, seed: 11 });
  fake = await startFakeSlack({ token: TOKEN });
  server = await startTestServer(served, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ALLOWED_USERS: `${ALICE},${BOB}`,
    SLACK_ALLOWED_CHANNELS: `${GENERAL},${SHARED}`,
    // Slash-command answers for the channel, as before: the default (ephemeral, with Share) is in
    // mount-slack-app-etiquette.test.ts.
    SLACK_COMMAND_REPLIES: "public",
  });
  events = `${server.url}/slack/events`;
  fake.sharedChannels.add(SHARED);
  const lease = server.services.serving.acquire();
  try {
    const table = lease.snapshot.table;
    const all = table.array("customerID") as string[];
    const p = table.array("probability") as Float64Array | number[];
    ids = all
      .map((id, i) => ({ id, p: p[i] }))
      .sort((a, b) => b.p - a.p)
      .map((x) => x.id);
  } finally {
    lease.release();
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fake?.close();
  served?.remove();
});

beforeEach(() => fake.reset());

/** This run's snapshot ID and model hash, which goldens must not pin. */
function volatile(): Record<string, string> {
  const status = server.services.serving.status();
  return { [status.snapshot!.id]: "<snapshot>", [status.model!.hash.slice(0, 12)]: "<model>" };
}

describe("signed requests on /slack/events", () => {
  it("a slash command is acknowledged, then answered in the channel with Block Kit and the chart uploaded into its thread", async () => {
    const id = ids[0];
    const { res, text } = await command(ALICE, GENERAL, `why is ${id} at risk?`);
    expect(res.status).toBe(200);
    expect(text).toBe("");
    await fake.waitFor(() => fake.callsOf("files.completeUploadExternal").length === 1);

    const [message] = posts(GENERAL);
    expect(message.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(message.body.thread_ts).toBeUndefined();
    expect(String(message.body.text)).toContain(id);
    await expectGoldenJson("command-insight", message.body.blocks, volatile());

    // files.uploadV2: three calls in order, the PNG's bytes, alt text, into the answer's thread.
    const uploads = fake.calls.filter((c) =>
      ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"].includes(c.method),
    );
    expect(uploads.map((c) => c.method)).toEqual([
      "files.getUploadURLExternal",
      "upload",
      "files.completeUploadExternal",
    ]);
    const [getUrl, upload, complete] = uploads;
    expect(getUrl.body.filename).toBe(`shap-waterfall-${id}.png`);
    // Slack's argument is alt_txt (the SDK's uploadV2 sends alt_text, which Slack ignores).
    expect(getUrl.body.alt_text).toBeUndefined();
    expect(String(getUrl.body.alt_txt)).toMatch(new RegExp(`${id}`));
    expect(Number(getUrl.body.length)).toBe(upload.bytes.length);
    expect(upload.bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    const fileId = getUrl.response?.file_id;
    expect(upload.path).toBe(`/upload/${fileId}`);
    expect(complete.body.files).toEqual([{ id: fileId, title: expect.stringMatching(/./) }]);
    expect(complete.body.channel_id).toBe(GENERAL);
    expect(complete.body.thread_ts).toBe(message.response?.ts);

    const audit = (await server.audits()).filter((a) => a.actor === ALICE && a.customerID === id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ surface: "slack", action: "ask.customer", outcome: "ok" });
  });

  it("refuses a wrong signature, missing headers and a timestamp over 5 minutes old or ahead with 401, and does no work", async () => {
    const before = (await server.audits()).length;
    const body = commandBody({
      user: ALICE,
      channel: GENERAL,
      text: "top at-risk 3",
      responseUrl: fake.responseUrl("forged"),
      triggerId: unique("t"),
    });
    const type = "application/x-www-form-urlencoded";
    const wrong = await postToSlackEndpoint(events, body, type, {
      secret: "not-the-signing-secret-0123456789",
    });
    const tampered = await postToSlackEndpoint(events, body, type, {
      secret: SECRET,
      signature: `v0=${"0".repeat(64)}`,
    });
    const missing = await postToSlackEndpoint(events, body, type, { secret: SECRET, unsigned: true });
    const stale = await postToSlackEndpoint(events, body, type, {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    // Signed correctly, but from the future: a captured request must not stay valid for longer.
    const ahead = await postToSlackEndpoint(events, body, type, {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 400,
    });
    expect([wrong, tampered, missing, stale, ahead].map((r) => r.res.status)).toEqual([
      401, 401, 401, 401, 401,
    ]);
    // Give a wrongly accepted request time to be answered before concluding it was not.
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.calls.map((c) => c.method)).toEqual([]);
    expect((await server.audits()).length).toBe(before);
  });

  it("a mention is answered in its thread, without the mention in the question", async () => {
    const ts = "1699999999.000100";
    const { res } = await mention(ALICE, GENERAL, "top at-risk 5", ts);
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.callsOf("files.completeUploadExternal").length === 1);
    const answers = posts(GENERAL).filter(inThread(ts));
    expect(answers).toHaveLength(1);
    expect(String(answers[0].body.text)).toMatch(/^Top 5 at-risk customers/);
    await expectGoldenJson("mention-top-at-risk", answers[0].body.blocks, volatile());
    const complete = fake.callsOf("files.completeUploadExternal")[0];
    expect(complete.body).toMatchObject({ channel_id: GENERAL, thread_ts: ts });
    expect(fake.callsOf("files.getUploadURLExternal")[0].body.filename).toBe("risk-distribution.png");
    expect(
      (await server.audits()).filter((a) => a.actor === ALICE && a.action === "ask.top-at-risk").length,
    ).toBeGreaterThan(0);
  });

  it("a direct message is answered in its thread; the app's own messages and edits are not questions", async () => {
    const dm = "D0ALICE";
    const ts = "1699999999.000200";
    await post(
      eventBody(
        { type: "message", channel_type: "im", channel: dm, user: ALICE, text: "segment contract", ts },
        unique("Ev"),
      ),
      "json",
    );
    await post(
      eventBody(
        {
          type: "message",
          channel_type: "im",
          channel: dm,
          user: FAKE_BOT.userId,
          bot_id: FAKE_BOT.botId,
          text: "Churn by contract",
          ts: "1699999999.000201",
        },
        unique("Ev"),
      ),
      "json",
    );
    await post(
      eventBody(
        {
          type: "message",
          subtype: "message_changed",
          channel_type: "im",
          channel: dm,
          ts: "1699999999.000202",
          message: { text: "help" },
        },
        unique("Ev"),
      ),
      "json",
    );
    await fake.waitFor(() => fake.callsOf("files.completeUploadExternal").length === 1);
    await new Promise((r) => setTimeout(r, 300));
    const answers = posts(dm);
    expect(answers).toHaveLength(1);
    expect(answers[0].body.thread_ts).toBe(ts);
    await expectGoldenJson("dm-segment", answers[0].body.blocks, volatile());
  });

  it("a slash command delivered twice (same trigger_id) is acknowledged both times and answered once", async () => {
    const before = await metric(/^engagetrack_slack_interactions_total\{kind="command",outcome="deduped"\}/);
    const body = commandBody({
      user: ALICE,
      channel: GENERAL,
      text: "segment contract",
      responseUrl: fake.responseUrl(unique("twice")),
      triggerId: unique("tTwice"),
    });
    const [a, b] = await Promise.all([post(body, "form"), post(body, "form")]);
    expect([a.res.status, b.res.status]).toEqual([200, 200]);
    await fake.waitFor(() => posts(GENERAL).length >= 1);
    // One delivery counted as a repeat (and so never answered): wait for that count, not a fixed time.
    await waitFor(
      async () =>
        (await metric(/^engagetrack_slack_interactions_total\{kind="command",outcome="deduped"\}/)) ===
        before + 1,
      15_000,
      "the second delivery's dedupe",
    );
    expect(posts(GENERAL)).toHaveLength(1);
    expect(await metric(/^engagetrack_slack_interactions_total\{kind="command",outcome="deduped"\}/)).toBe(
      before + 1,
    );
  });

  it("a redelivered event (X-Slack-Retry-Num) is acknowledged and never answered twice", async () => {
    const ts = "1699999999.000300";
    const eventId = unique("EvRetry");
    const before = await metric(/^engagetrack_slack_interactions_total\{kind="mention",outcome="deduped"\}/);
    const first = await mention(ALICE, GENERAL, "experiment", ts, eventId);
    const again = await mention(ALICE, GENERAL, "experiment", ts, eventId).then(async () =>
      post(
        eventBody(
          {
            type: "app_mention",
            user: ALICE,
            channel: GENERAL,
            text: `<@${FAKE_BOT.userId}> experiment`,
            ts,
            event_ts: ts,
          },
          eventId,
        ),
        "json",
        { retry: { num: 1, reason: "http_error" } },
      ),
    );
    expect([first.res.status, again.res.status]).toEqual([200, 200]);
    await fake.waitFor(() => posts(GENERAL).some(inThread(ts)));
    // Both redeliveries counted as repeats (and so never answered): wait for that, not a fixed time.
    await waitFor(
      async () =>
        (await metric(/^engagetrack_slack_interactions_total\{kind="mention",outcome="deduped"\}/)) ===
        before + 2,
      15_000,
      "the redeliveries' dedupe",
    );
    expect(posts(GENERAL).filter(inThread(ts))).toHaveLength(1);
    expect(await metric(/^engagetrack_slack_interactions_total\{kind="mention",outcome="deduped"\}/)).toBe(
      before + 2,
    );
  });

  it("a button asks its value: Why? lists every driver in the thread; Download summary uploads the TXT", async () => {
    const id = ids[1];
    const messageTs = "1699999999.000400";
    await post(
      buttonBody({
        user: ALICE,
        channel: GENERAL,
        messageTs,
        value: `drivers ${id}`,
        actionId: "engage:why-0",
        responseUrl: fake.responseUrl("why"),
        triggerId: unique("t"),
      }),
      "form",
    );
    await fake.waitFor(() => posts(GENERAL).some(inThread(messageTs)));
    const [why] = posts(GENERAL).filter(inThread(messageTs));
    expect(String(why.body.text)).toMatch(new RegExp(`^Why ${id} is at`));
    await expectGoldenJson("button-drivers", why.body.blocks, volatile());

    fake.reset();
    await post(
      buttonBody({
        user: ALICE,
        channel: GENERAL,
        messageTs,
        value: `summary ${id}`,
        actionId: "engage:summary-1",
        responseUrl: fake.responseUrl("summary"),
        triggerId: unique("t"),
      }),
      "form",
    );
    await fake.waitFor(() => fake.callsOf("files.completeUploadExternal").length === 1);
    const getUrl = fake.callsOf("files.getUploadURLExternal")[0];
    expect(getUrl.body.filename).toBe(`${id}-summary.txt`);
    const text = fake.callsOf("upload")[0].bytes.toString("utf8");
    expect(text).toContain(id);
    expect(text).toMatch(/churn/i);
    expect(fake.callsOf("files.completeUploadExternal")[0].body).toMatchObject({
      channel_id: GENERAL,
      thread_ts: messageTs,
    });
    const audit = (await server.audits()).filter(
      (a) => a.actor === ALICE && a.action === "ask.summary" && a.customerID === id,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ outcome: "ok", shown: expect.objectContaining({ format: "txt" }) });
  });

  it("the Home tab shows the portfolio, the top 5 at risk with buttons, the snapshot and how to ask", async () => {
    await post(
      eventBody(
        {
          type: "app_home_opened",
          user: ALICE,
          channel: "D0ALICE",
          tab: "home",
          event_ts: "1699999999.000500",
        },
        unique("Ev"),
      ),
      "json",
    );
    await fake.waitFor(() => fake.callsOf("views.publish").length === 1);
    const publish = fake.callsOf("views.publish")[0];
    expect(publish.body.user_id).toBe(ALICE);
    const view = publish.body.view as { type: string; blocks: Array<Record<string, unknown>> };
    expect(view.type).toBe("home");
    // The snapshot's summary: customers to act on (the churned are history), as the bot counts them.
    const summary = server.services.serving.status().summary!;
    const json = JSON.stringify(view);
    expect(json).toContain(`*Customers to act on*\\n${summary.customers.toLocaleString("en-US")}`);
    expect(json).toContain(`*High churn risk*\\n${summary.bands.High.toLocaleString("en-US")}`);
    const buttons = view.blocks.filter(
      (b) => (b.accessory as { type?: string } | undefined)?.type === "button",
    );
    const top = await server.services.ask("top at-risk 5", { id: "test", surface: "slack" });
    expect(buttons.map((b) => (b.accessory as { value: string }).value)).toEqual(
      top.ranked.map((r) => `tell me about ${r.customerID}`),
    );
    expect(buttons).toHaveLength(5);
    await expectGoldenJson("home", view, volatile());
  });
});

describe("who may ask", () => {
  it("refuses a user who is not on the allow-list: politely, only to them, audited, nothing answered", async () => {
    const before = await metric(/^engagetrack_slack_interactions_total\{kind="command",outcome="refused"\}/);
    const { res } = await command(MALLORY, GENERAL, `why is ${ids[0]} at risk?`, "mallory");
    expect(res.status).toBe(200);
    await fake.waitFor(() => fake.callsOf("response_url").length === 1);
    const [refusal] = fake.callsOf("response_url");
    expect(refusal.path).toBe("/response/mallory");
    expect(refusal.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(refusal.body.text)).toMatch(/^Sorry, EngageTrack only answers people on its access list/);
    expect(String(refusal.body.text)).toContain(MALLORY);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.callsOf("chat.postMessage")).toEqual([]);
    const audits = (await server.audits()).filter((a) => a.actor === MALLORY);
    expect(audits).toEqual([
      expect.objectContaining({
        surface: "slack",
        action: "ask",
        outcome: "denied",
        errorCode: "user-not-allowed",
        customerID: null,
        shown: { via: "command", channel: GENERAL },
      }),
    ]);
    expect(await metric(/^engagetrack_slack_interactions_total\{kind="command",outcome="refused"\}/)).toBe(
      before + 1,
    );
  });

  it("refuses in a channel that is not on the allow-list with an ephemeral message, audited", async () => {
    const ts = "1699999999.000600";
    await mention(BOB, RANDOM, "top at-risk 3", ts);
    await fake.waitFor(() => fake.callsOf("chat.postEphemeral").length === 1);
    const [refusal] = fake.callsOf("chat.postEphemeral");
    expect(refusal.body).toMatchObject({ channel: RANDOM, user: BOB, thread_ts: ts });
    expect(String(refusal.body.text)).toMatch(/^Sorry, EngageTrack does not answer in this channel/);
    expect(fake.callsOf("chat.postMessage")).toEqual([]);
    expect((await server.audits()).filter((a) => a.actor === BOB && a.outcome === "denied")).toEqual([
      expect.objectContaining({
        errorCode: "channel-not-allowed",
        shown: { via: "mention", channel: RANDOM },
      }),
    ]);
  });

  it("in a channel shared with another organisation, customer details go only to the asker; aggregates stay public", async () => {
    const id = ids[2];
    await command(ALICE, SHARED, `tell me about ${id}`, "shared-customer");
    await fake.waitFor(() => fake.callsOf("response_url").length === 1);
    const [answer] = fake.callsOf("response_url");
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const blocks = JSON.stringify(answer.body.blocks);
    expect(blocks).toContain(id);
    // Ephemeral messages cannot carry files: the chart comes as its text table.
    expect(blocks).toContain("```");
    expect(fake.callsOf("files.getUploadURLExternal")).toEqual([]);
    expect(fake.callsOf("chat.postMessage")).toEqual([]);

    await command(ALICE, SHARED, "segment plan", "shared-segment");
    await fake.waitFor(() => posts(SHARED).length === 1);
    expect(String(posts(SHARED)[0].body.text)).toMatch(/plan/i);
    // conversations.info once: the second answer had no customer details, and the answer is cached anyway.
    await command(ALICE, SHARED, `drivers ${id}`, "shared-drivers");
    await fake.waitFor(() => fake.callsOf("response_url").length === 2);
    expect(fake.callsOf("conversations.info").map((c) => c.body.channel)).toEqual([SHARED]);
  });

  it("the Home tab of someone not on the allow-list says so, and the refusal is audited", async () => {
    await post(
      eventBody(
        {
          type: "app_home_opened",
          user: MALLORY,
          channel: "D0MALLORY",
          tab: "home",
          event_ts: "1699999999.000700",
        },
        unique("Ev"),
      ),
      "json",
    );
    await fake.waitFor(() => fake.callsOf("views.publish").length === 1);
    const view = fake.callsOf("views.publish")[0].body.view as { blocks: unknown[] };
    expect(JSON.stringify(view)).toContain("only answers people on its access list");
    expect(JSON.stringify(view)).not.toContain("Top 5");
    expect((await server.audits()).filter((a) => a.actor === MALLORY && a.action === "home")).toEqual([
      expect.objectContaining({ outcome: "denied", errorCode: "user-not-allowed" }),
    ]);
  });
});

describe("Slack's limits and failures", () => {
  it("a 429 from chat.postMessage is waited out (Retry-After: 1) and the answer posted exactly once", async () => {
    const ts = "1699999999.000800";
    const before = await metric(
      /^engagetrack_slack_retries_total\{method="chat.postMessage",reason="rate-limited"\}/,
    );
    fake.rateLimit("chat.postMessage", 1, 1);
    await mention(ALICE, GENERAL, "segment persona", ts);
    await fake.waitFor(() => posts(GENERAL).some(inThread(ts)));
    const calls = fake.callsOf("chat.postMessage").filter(inThread(ts));
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(995);
    expect(
      await metric(/^engagetrack_slack_retries_total\{method="chat.postMessage",reason="rate-limited"\}/),
    ).toBe(before + 1);
  });

  it("a slash command is acknowledged well within Slack's 3 s even when the answer is slow", async () => {
    fake.delay("chat.postMessage", 3000);
    try {
      const t0 = performance.now();
      const { res, ms } = await command(ALICE, GENERAL, "experiment", "slow");
      expect(res.status).toBe(200);
      expect(ms).toBeLessThan(2500);
      await fake.waitFor(() => posts(GENERAL).length === 1, 20_000);
      expect(performance.now() - t0).toBeGreaterThanOrEqual(3000);
    } finally {
      fake.delay("chat.postMessage", 0);
    }
  });

  it("a failed post tells the asker in one friendly sentence with a code, logs the cause, and is audited", async () => {
    const ts = "1699999999.000900";
    fake.fail("chat.postMessage", "channel_not_found");
    // Not "help": help goes only to the asker (chat.postEphemeral), never through chat.postMessage.
    await mention(BOB, GENERAL, "segment contract", ts);
    await fake.waitFor(() => fake.callsOf("chat.postEphemeral").length === 1);
    const [sorry] = fake.callsOf("chat.postEphemeral");
    expect(sorry.body).toMatchObject({ channel: GENERAL, user: BOB, thread_ts: ts });
    expect(sorry.body.text).toBe(
      "Sorry, I could not post the answer here. Please try again in a minute (error code: slack-api).",
    );
    const failure = (await server.audits()).filter((a) => a.actor === BOB && a.action === "slack.answer");
    expect(failure).toEqual([
      expect.objectContaining({
        outcome: "error",
        errorCode: "slack-api",
        shown: { via: "mention", reply: "segment" },
      }),
    ]);
    const logged = server.logs.map((l) => JSON.parse(l)).find((l) => l.msg === "slack: answer failed");
    expect(logged).toMatchObject({ code: "slack-api", slackError: "channel_not_found" });
    expect(server.logs.join("\n")).not.toContain(TOKEN);
  });

  it("a slash command where the app may not post is answered through its response_url", async () => {
    fake.fail("chat.postMessage", "not_in_channel");
    await command(ALICE, GENERAL, "segment contract", "not-member");
    await fake.waitFor(() => fake.callsOf("response_url").length === 1);
    const [answer] = fake.callsOf("response_url");
    expect(answer.body).toMatchObject({ response_type: "in_channel" });
    expect(String(answer.body.text)).toMatch(/contract/i);
    expect(JSON.stringify(answer.body.blocks)).toContain("asked: segment contract");
  });
});
