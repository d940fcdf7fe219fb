// The accounts table (not Telco) through the real server's transports: a signed Slack slash command
// and mention on POST /slack/events (a fake Slack Web API records what the app posts) and a Teams
// @mention on POST /api/messages (a fake connector records the card) — answers in the table's own
// terms, its currency, customers to act on only; no Telco or simulator column named anywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { startFakeSlack, FAKE_BOT, type FakeSlack } from "../fixtures/fake-slack.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "../fixtures/fake-teams-connector.ts";
import { commandBody, eventBody, postToSlackEndpoint } from "../fixtures/slack-request.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { waitFor } from "../fixtures/wait-for.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ALICE = "U0ALICE";
const GENERAL = "C0GENERAL";
const FOREIGN =
  /\b(Contract|tenure|persona|planTier|MonthlyCharges|customerID|supportCalls90d|paymentDelayDays|variant)\b|7590-VHVEG/;
const botAccount = { id: "28:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", name: "EngageTrack" };
const channel = {
  id: "19:renewals@thread.tacv2",
  conversationType: "channel",
  isGroup: true,
  tenantId: "t1",
};

let ws: AccountsWorkspace;
let fake: FakeSlack;
let connector: FakeTeamsConnector;
let server: TestServer;
let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}${Date.now().toString(36)}`;

beforeAll(async () => {
  ws = await accountsWorkspace();
  fake = await startFakeSlack({ token: TOKEN });
  connector = await startFakeTeamsConnector();
  server = await startTestServer(ws, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ALLOWED_USERS: ALICE,
    SLACK_ALLOWED_CHANNELS: GENERAL,
    ENGAGETRACK_TEAMS_NO_AUTH: "true",
    ENGAGETRACK_TEAMS_STORE: `${ws.dir}/teams/conversations.json`,
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await fake?.close();
  await connector?.close();
  await ws?.model.release();
  await ws?.close();
});

const slack = (body: string, type: string) =>
  postToSlackEndpoint(`${server.url}/slack/events`, body, type, { secret: SECRET });
const posted = () =>
  fake.callsOf("chat.postMessage").filter((c) => c.body.channel === GENERAL && c.status === 200);

describe("the accounts table through Slack and Teams", () => {
  it("a slash command lists customers to act on with a filter on the table's own column, in euros", async () => {
    fake.reset();
    const { res } = await slack(
      commandBody({
        user: ALICE,
        channel: GENERAL,
        text: "top at-risk 5 international plan=yes",
        responseUrl: fake.responseUrl(unique("r")),
        triggerId: unique("t"),
      }),
      "application/x-www-form-urlencoded",
    );
    expect(res.status).toBe(200);
    // A slash command's answer goes only to the asker, through its response_url.
    await fake.waitFor(() => fake.callsOf("response_url").length === 1);
    const [message] = fake.callsOf("response_url");
    const blocks = JSON.stringify(message.body.blocks);
    expect(blocks).toContain("International plan");
    expect(blocks).toContain("€");
    expect(blocks).not.toMatch(FOREIGN);
    expect(String(message.body.text)).not.toMatch(FOREIGN);
    // Every listed account is on the plan and still a customer: the ids come from the snapshot.
    const top = ws.snapshot.topToAct(ws.snapshot.size).filter((id) => {
      const c = ws.snapshot.lookup(id)!;
      return c.customer.international_plan === 1;
    });
    for (const id of top.slice(0, 5)) expect(blocks).toContain(id);
  });

  it("a mention about one account answers with its card in the contract's words", async () => {
    fake.reset();
    const id = ws.snapshot.topToAct(1)[0];
    const ts = "1700000000.000100";
    const { res } = await slack(
      eventBody(
        {
          type: "app_mention",
          user: ALICE,
          channel: GENERAL,
          text: `<@${FAKE_BOT.userId}> why is ${id} at risk`,
          ts,
          event_ts: ts,
        },
        unique("Ev"),
      ),
      "application/json",
    );
    expect(res.status).toBe(200);
    await fake.waitFor(() => posted().length === 1);
    const [message] = posted();
    expect(message.body.thread_ts).toBe(ts);
    const blocks = JSON.stringify(message.body.blocks);
    expect(blocks).toContain(id);
    expect(blocks).toContain("*Monthly fee*");
    expect(blocks).toContain("*Status*\\ncurrent customer");
    // Drivers in the contract's phrases ("paying €54.09 a month", "on the international plan", …).
    expect(blocks).toMatch(
      /mainly because of [^"]*(paying €|international plan|customer service call|day minutes)/,
    );
    expect(blocks).not.toMatch(FOREIGN);
  });

  it("a Teams @mention gets an Adaptive Card in the table's own terms", async () => {
    const id = ws.snapshot.topToAct(1)[0];
    const before = connector.sent.length;
    const res = await fetch(`${server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        id: unique("act-"),
        type: "message",
        channelId: "msteams",
        serviceUrl: connector.url,
        timestamp: "2026-11-21T10:00:00.000Z",
        from: { id: "29:1pat", name: "Pat Doe", aadObjectId: "aad-pat-0001" },
        recipient: botAccount,
        conversation: channel,
        channelData: { tenant: { id: "t1" } },
        text: `<at>EngageTrack</at> tell me about ${id}`,
        entities: [{ type: "mention", mentioned: botAccount, text: "<at>EngageTrack</at>" }],
      }),
    });
    expect(res.status).toBe(200);
    await waitFor(() => connector.sent.length > before);
    const card = JSON.stringify(connector.sent[before].activity.attachments);
    expect(card).toContain(id);
    expect(card).toContain("Monthly fee");
    expect(card).toContain("€");
    expect(card).not.toMatch(FOREIGN);
  });
});
