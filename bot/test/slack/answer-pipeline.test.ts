// The answer pipeline's channel check for segment follows (issue 20): "this channel follows …" or
// "alert this channel when …" as a slash command, through the real server, a fake Slack Web API
// and a real model. Slack's conversations.info says whether the app is in the channel: where it
// is not, nothing is stored and the asker is told how to invite it; where Slack cannot say, the
// follow is stored and the confirmation says it could not be checked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack, type FakeSlackCall } from "../fixtures/fake-slack.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { commandBody, postToSlackEndpoint } from "../fixtures/slack-request.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { expectGoldenJson } from "./golden-json.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ALICE = "U0ALICE";
const MEMBER = "C0MEMBER";
const OUTSIDE = "C0OUTSIDE";
const UNKNOWN = "C0UNKNOWN";
const FOLLOW = "this channel follows contract=Month-to-month High";
const REFUSED = "I can't post in this channel yet: invite me with /invite @engagetrack, then ask again";
const UNCHECKED = "could not check that I can post in this channel";

let served: ServedModel;
let fake: FakeSlack;
let server: TestServer;
let seq = 0;

/**
 * A slash command from Alice in `channel`; resolves with the answer: posted to its response_url, or
 * in the app's DM as a message.
 */
async function command(channel: string, text: string): Promise<FakeSlackCall> {
  fake.reset();
  const name = `r${++seq}`;
  const { res } = await postToSlackEndpoint(
    `${server.url}/slack/events`,
    commandBody({ user: ALICE, channel, text, responseUrl: fake.responseUrl(name), triggerId: `t${seq}` }),
    "application/x-www-form-urlencoded",
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  const answered = (c: FakeSlackCall) =>
    (c.method === "response_url" && c.path.endsWith(`/${name}`)) ||
    (c.method === "chat.postMessage" && c.body.channel === channel);
  const calls = await fake.waitFor((all) => all.some(answered));
  return calls.find(answered)!;
}

beforeAll(async () => {
  served = await buildServedModel({ rows: 300, seed: 11 });
  fake = await startFakeSlack({ token: TOKEN });
  fake.notMemberChannels.add(OUTSIDE);
  server = await startTestServer(served, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ALLOWED_USERS: ALICE,
  });
}, 240_000);

afterAll(async () => {
  await server?.close();
  await fake?.close();
  served?.remove();
});

describe("a channel segment follow set from Slack", () => {
  it("is refused where the app is not a member, and nothing is stored", async () => {
    const refused = await command(OUTSIDE, FOLLOW);
    expect(String(refused.body.text)).toContain(REFUSED);
    expect(refused.body.response_type).toBe("ephemeral");
    await expectGoldenJson("segment-follow-not-in-channel", refused.body.blocks);
    const alert = await command(OUTSIDE, "alert this channel when contract=Month-to-month goes above 40%");
    expect(String(alert.body.text)).toContain(REFUSED);

    // A private channel the app is not in: Slack does not show it to the app at all.
    fake.fail("conversations.info", "channel_not_found");
    const hidden = await command("C0PRIVATE", FOLLOW);
    expect(String(hidden.body.text)).toContain(REFUSED);

    const listed = String((await command(OUTSIDE, "following")).body.text);
    expect(listed).not.toContain("Month-to-month");
    const audit = (await server.audits()).filter((a) => a.action === "ask.follow-segment");
    expect(audit.at(-1)).toMatchObject({ outcome: "denied", errorCode: "not-in-channel" });
  });

  it("is stored as before where the app is a member, and in the app's DM", async () => {
    const member = String((await command(MEMBER, FOLLOW)).body.text);
    expect(member).toContain("This channel follows contract=Month-to-month");
    expect(member).not.toContain(UNCHECKED);
    const dm = String((await command(`D${ALICE}`, FOLLOW)).body.text);
    expect(dm).toContain("This channel follows contract=Month-to-month");
    expect(dm).not.toContain(UNCHECKED);
    // A group DM Slack shows the app is one it is in (conversations.info has no is_member for it).
    const group = String((await command("G0GROUPDM", FOLLOW)).body.text);
    expect(group).toContain("This channel follows contract=Month-to-month");
    expect(group).not.toContain(UNCHECKED);
  });

  it("is stored when Slack cannot say, and the confirmation says it could not be checked", async () => {
    fake.fail("conversations.info", "missing_scope");
    const stored = String((await command(UNKNOWN, FOLLOW)).body.text);
    expect(stored).toContain("This channel follows contract=Month-to-month");
    expect(stored).toContain(
      "I could not check that I can post in this channel: a message that cannot be posted here is logged.",
    );
    expect(stored).not.toMatch(/\bat .*\.ts:\d+/);
    const listed = String((await command(UNKNOWN, "following")).body.text);
    expect(listed).toContain("contract=Month-to-month: customers entering High (this channel)");
  });
});
