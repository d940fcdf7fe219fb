// Slack etiquette and write-back through two real servers (replicas) on one shared store, signed
// requests on /slack/events and a fake Slack Web API recording what the app posts: slash-command
// answers, help and errors go only to the asker (response_url / chat.postEphemeral) with a
// "Share in channel" button that any replica answers (the question travels in the button's
// value); mentions are answered in their thread; the card's write-back buttons and offer field
// record who did what in the store, at the services' fixed clock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { storeCustomerActions, type Store } from "../../../core/src/store/index.ts";
import { startFakeSlack, FAKE_BOT, type FakeSlack, type FakeSlackCall } from "../fixtures/fake-slack.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { buttonBody, commandBody, eventBody, postToSlackEndpoint } from "../fixtures/slack-request.ts";
import { startTestServer, testStore, type TestServer } from "../fixtures/test-server.ts";
import { expectGoldenJson } from "./golden-json.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ALICE = "U0ALICE";
const GENERAL = "C0GENERAL";
const SHARED = "C0SHARED";
const NOW = Date.parse("2026-12-06T10:00:00Z");

let served: ServedModel;
let fake: FakeSlack;
let store: Store;
let a: TestServer;
let b: TestServer;
let ids: string[];
let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}${Date.now().toString(36)}`;

const post = (server: TestServer, body: string, type: "json" | "form") =>
  postToSlackEndpoint(
    `${server.url}/slack/events`,
    body,
    type === "json" ? "application/json" : "application/x-www-form-urlencoded",
    { secret: SECRET },
  );
const command = (server: TestServer, channel: string, text: string, responseName: string) =>
  post(
    server,
    commandBody({
      user: ALICE,
      channel,
      text,
      responseUrl: fake.responseUrl(responseName),
      triggerId: unique("t"),
    }),
    "form",
  );
/** A press on a message only the asker sees (an ephemeral answer), as Slack sends it. */
const press = (server: TestServer, channel: string, actionId: string, value: string, responseName: string) =>
  post(
    server,
    buttonBody({
      user: ALICE,
      channel,
      messageTs: "1699999999.000900",
      value,
      actionId,
      responseUrl: fake.responseUrl(responseName),
      triggerId: unique("t"),
      ephemeral: true,
    }),
    "form",
  );
/** Enter pressed in a dispatching text field (a plain_text_input block action). */
const typeInto = (
  server: TestServer,
  channel: string,
  blockId: string,
  text: string,
  responseName: string,
) => {
  const form = new URLSearchParams(
    buttonBody({
      user: ALICE,
      channel,
      messageTs: "1699999999.000901",
      value: "",
      actionId: "engage:offer-text",
      responseUrl: fake.responseUrl(responseName),
      triggerId: unique("t"),
      ephemeral: true,
    }),
  );
  const payload = JSON.parse(form.get("payload")!);
  payload.actions = [
    {
      type: "plain_text_input",
      action_id: "engage:offer-text",
      block_id: blockId,
      value: text,
      action_ts: "1",
    },
  ];
  return post(server, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "form");
};
const responses = (name: string) =>
  fake.callsOf("response_url").filter((c) => c.path === `/response/${name}`);
const posts = (channel: string) =>
  fake.callsOf("chat.postMessage").filter((c) => c.body.channel === channel && c.status === 200);
type Block = {
  type: string;
  block_id?: string;
  elements?: Array<{ action_id?: string; value?: string; text?: unknown }>;
};
const blocksOf = (call: FakeSlackCall) => call.body.blocks as Block[];
const shareValue = (call: FakeSlackCall) =>
  blocksOf(call)
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === "engage:share")?.value;

beforeAll(async () => {
  served = await buildServedModel({ rows: 600, seed: 11 });
  fake = await startFakeSlack({ token: TOKEN });
  fake.sharedChannels.add(SHARED);
  store = await testStore();
  const env = {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
  };
  // Two replicas on one store, one fixed clock.
  a = await startTestServer(served, env, { store, clock: () => NOW }, "usage-a");
  b = await startTestServer(served, env, { store, clock: () => NOW }, "usage-b");
  const top = await a.services.ask("top at-risk 10", { id: "test", surface: "slack" });
  ids = top.ranked.map((r) => r.customerID);
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await store?.close();
  await fake?.close();
  served?.remove();
});

beforeEach(() => fake.reset());

function volatile(): Record<string, string> {
  const status = a.services.serving.status();
  return { [status.snapshot!.id]: "<snapshot>", [status.model!.hash.slice(0, 12)]: "<model>" };
}

describe("slash commands answer only the asker, with Share in channel", () => {
  it("the answer goes to the response_url as ephemeral, charts as text, no 'asked:' line, and a Share button", async () => {
    await command(a, GENERAL, "top at-risk 5", "ephemeral-top");
    await fake.waitFor(() => responses("ephemeral-top").length === 1);
    const [answer] = responses("ephemeral-top");
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(shareValue(answer)).toBe("top at-risk 5");
    expect(JSON.stringify(answer.body.blocks)).not.toContain("asked:");
    expect(fake.callsOf("chat.postMessage")).toEqual([]);
    expect(fake.callsOf("files.getUploadURLExternal")).toEqual([]);
    await expectGoldenJson("command-ephemeral-share", answer.body.blocks, volatile());
  });

  it("Share, pressed on another replica, posts the same question's answer for the channel and removes the ephemeral one", async () => {
    await press(b, GENERAL, "engage:share", "top at-risk 5", "share-top");
    await fake.waitFor(() => fake.callsOf("files.completeUploadExternal").length === 1);
    const [shared] = posts(GENERAL);
    expect(String(shared.body.text)).toMatch(/^Top 5 at-risk customers/);
    const context = JSON.stringify(blocksOf(shared)[0]);
    expect(context).toContain(`<@${ALICE}> asked: top at-risk 5`);
    expect(shareValue(shared)).toBeUndefined();
    await expectGoldenJson("share-posted", shared.body.blocks, volatile());
    // The chart goes into the shared answer's thread, as for any public answer.
    expect(fake.callsOf("files.completeUploadExternal")[0].body).toMatchObject({
      channel_id: GENERAL,
      thread_ts: shared.response?.ts,
    });
    await fake.waitFor(() => responses("share-top").length === 1);
    expect(responses("share-top")[0].body).toEqual({ delete_original: true });
    const audits = (await b.audits()).filter((x) => x.actor === ALICE && x.action === "ask.top-at-risk");
    expect(audits).toHaveLength(1);
  });

  it("/engage with no text shows help only to the asker (not '<@U…> asked: ' to the channel)", async () => {
    await command(a, GENERAL, "", "empty");
    await fake.waitFor(() => responses("empty").length === 1);
    const [help] = responses("empty");
    expect(help.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(help.body.text)).toMatch(/^Ask EngageTrack/);
    expect(JSON.stringify(help.body.blocks)).not.toContain("asked:");
    expect(shareValue(help)).toBe("help");
    expect(fake.callsOf("chat.postMessage")).toEqual([]);
  });

  it("errors are ephemeral and cannot be shared; customer details are not shared into a channel shared with another organisation", async () => {
    await command(a, GENERAL, "tell me about 0000-NOBODY", "unknown");
    await fake.waitFor(() => responses("unknown").length === 1);
    expect(responses("unknown")[0].body).toMatchObject({ response_type: "ephemeral" });
    expect(shareValue(responses("unknown")[0])).toBeUndefined();

    await command(a, SHARED, `tell me about ${ids[0]}`, "shared-card");
    await fake.waitFor(() => responses("shared-card").length === 1);
    expect(shareValue(responses("shared-card")[0])).toBeUndefined();
    await press(a, SHARED, "engage:share", `tell me about ${ids[0]}`, "shared-press");
    await fake.waitFor(() => responses("shared-press").length === 1);
    expect(String(responses("shared-press")[0].body.text)).toMatch(/stays with you/);
    expect(fake.callsOf("chat.postMessage")).toEqual([]);
  });
});

describe("mentions", () => {
  it("are answered in their thread; a question not understood gets its menu only to the asker, in the thread", async () => {
    const ts = "1699999999.000100";
    await post(
      a,
      eventBody(
        {
          type: "app_mention",
          user: ALICE,
          channel: GENERAL,
          text: `<@${FAKE_BOT.userId}> segment contract`,
          ts,
          event_ts: ts,
        },
        unique("Ev"),
      ),
      "json",
    );
    await fake.waitFor(() => posts(GENERAL).length === 1);
    expect(posts(GENERAL)[0].body.thread_ts).toBe(ts);

    const ts2 = "1699999999.000200";
    await post(
      a,
      eventBody(
        {
          type: "app_mention",
          user: ALICE,
          channel: GENERAL,
          text: `<@${FAKE_BOT.userId}> blorp the flux`,
          ts: ts2,
          event_ts: ts2,
        },
        unique("Ev"),
      ),
      "json",
    );
    await fake.waitFor(() => fake.callsOf("chat.postEphemeral").length === 1);
    expect(fake.callsOf("chat.postEphemeral")[0].body).toMatchObject({
      channel: GENERAL,
      user: ALICE,
      thread_ts: ts2,
    });
    expect(posts(GENERAL).filter((c) => c.body.thread_ts === ts2)).toEqual([]);
  });
});

describe("write-back from the card", () => {
  it("Mark contacted and the offer field record who and when in the shared store, audited; Share of it shares the history", async () => {
    const id = ids[1];
    await command(a, GENERAL, `tell me about ${id}`, "card");
    await fake.waitFor(() => responses("card").length === 1);
    const card = responses("card")[0];
    const buttons = blocksOf(card).flatMap((x) => x.elements ?? []);
    const contacted = buttons.find((e) => e.value === `contacted ${id}`);
    expect(contacted?.action_id).toMatch(/^engage:contacted-/);
    const offerField = blocksOf(card).find((x) => x.type === "input");
    expect(offerField?.block_id).toBe(`engage-ask:offer ${id}`);

    await press(b, GENERAL, contacted!.action_id!, contacted!.value!, "contacted");
    await fake.waitFor(() => responses("contacted").length === 1);
    const done = responses("contacted")[0];
    expect(done.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(done.body.text)).toBe(
      `Marked ${id} contacted\nLists, the Home tab and digests show it beside ${id}: contacted just now by someone.`,
    );
    expect(shareValue(done)).toBe(`history ${id}`);

    await typeInto(a, GENERAL, offerField!.block_id!, "  a free month of Premium  ", "offer");
    await fake.waitFor(() => responses("offer").length === 1);
    expect(String(responses("offer")[0].body.text)).toMatch(new RegExp(`^Logged an offer to ${id}`));

    const history = await storeCustomerActions(store.sql, "check").history(id);
    expect(history.map((h) => [h.kind, h.note, h.userId, h.userName, h.at.toISOString()])).toEqual([
      ["offer", "a free month of Premium", ALICE, "someone", new Date(NOW).toISOString()],
      ["contacted", null, ALICE, "someone", new Date(NOW).toISOString()],
    ]);
    expect((await b.audits()).filter((x) => x.action === "ask.contacted")).toEqual([
      expect.objectContaining({ actor: ALICE, surface: "slack", customerID: id, outcome: "ok" }),
    ]);
    expect((await a.audits()).filter((x) => x.action === "ask.offer")).toEqual([
      expect.objectContaining({ actor: ALICE, customerID: id, outcome: "ok" }),
    ]);
    // The other replica's list shows it: the state is the store's.
    const list = await b.services.ask("top at-risk 10", { id: "U0LEE", surface: "slack" });
    expect(list.ranked.find((r) => r.customerID === id)?.lastAction).toBe(
      'offer "a free month of Premium" just now by someone',
    );
  });
});
