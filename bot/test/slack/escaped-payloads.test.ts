// Every text the Slack app sends is escaped: an LLM nudge (from a local fake LLM) that tries to ping
// the channel, mention a user or link elsewhere reaches no Slack payload — message text, blocks,
// ephemeral, response_url, Home tab — as markup. Checked as a property over every string of every
// outgoing payload the fake Slack recorded.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, FAKE_BOT, type FakeSlack, type FakeSlackCall } from "../fixtures/fake-slack.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { commandBody, eventBody, postToSlackEndpoint } from "../fixtures/slack-request.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ALICE = "U0ALICE";
const GENERAL = "C0GENERAL";
const SHARED = "C0SHARED";
/** Passes the LLM answer checks (no digits, no http link, no e-mail), so it is shown as the nudge. */
const EVIL = "Heads up <!channel> and <!here>: <@UMALLORY> says see <evil.example|this> & <#CSECRET>";

let served: ServedModel;
let fake: FakeSlack;
let llm: Server;
let server: TestServer;
let ids: string[];

beforeAll(async () => {
  served = await buildServedModel({ rows: 600, seed: 11 });
  fake = await startFakeSlack({ token: TOKEN });
  fake.sharedChannels.add(SHARED);
  llm = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        messages: { content: string }[];
      };
      const facts = JSON.parse(request.messages[1].content) as { eligibleActions: { id: string }[] };
      const content = JSON.stringify({ action: facts.eligibleActions[0].id, message: EVIL });
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: "cmpl-1",
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => llm.listen(0, "127.0.0.1", resolve));
  server = await startTestServer(served, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ALLOWED_USERS: ALICE,
    SLACK_ALLOWED_CHANNELS: `${GENERAL},${SHARED}`,
    LLM_API_KEY: "sk-fake-llm-key",
    LLM_BASE_URL: `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`,
    LLM_TIMEOUT_MS: "4000",
  });
  const lease = server.services.serving.acquire();
  try {
    ids = (lease.snapshot.table.array("customerID") as string[]).slice(0, 3);
  } finally {
    lease.release();
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fake?.close();
  if (llm) await new Promise((resolve) => llm.close(resolve));
  served?.remove();
});

const events = () => `${server.url}/slack/events`;
const command = (channel: string, text: string, name: string) =>
  postToSlackEndpoint(
    events(),
    commandBody({ user: ALICE, channel, text, responseUrl: fake.responseUrl(name), triggerId: `t-${name}` }),
    "application/x-www-form-urlencoded",
    { secret: SECRET },
  );
const mention = (channel: string, text: string, ts: string) =>
  postToSlackEndpoint(
    events(),
    eventBody(
      { type: "app_mention", user: ALICE, channel, text: `<@${FAKE_BOT.userId}> ${text}`, ts, event_ts: ts },
      `Ev-${ts}`,
    ),
    "application/json",
    { secret: SECRET },
  );
const homeOpened = () =>
  postToSlackEndpoint(
    events(),
    eventBody({ type: "app_home_opened", user: ALICE, channel: "D0ALICE", tab: "home" }, "Ev-home"),
    "application/json",
    { secret: SECRET },
  );

/** Every string in a payload with where it is (`blocks.0.text.text`), keys included. */
function strings(value: unknown, path = ""): Array<{ path: string; text: string }> {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}.${i}`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** Markup Slack acts on: `<!…>` pings, `<@…>` and `<#…>` mentions, `<…|…>` and `<…>` links. */
const MARKUP = /<[^<>]*>/g;

const SENT = new Set(["chat.postMessage", "chat.postEphemeral", "views.publish", "response_url"]);

describe("text sent to Slack", () => {
  it("an LLM nudge with pings, mentions and links reaches every payload escaped; the only markup is our mention of the asker", async () => {
    expect((await command(GENERAL, `nudge ${ids[0]}`, "general-nudge")).res.status).toBe(200);
    // A shared channel: customer details go to the asker only, through the response_url.
    expect((await command(SHARED, `tell me about ${ids[1]}`, "shared-card")).res.status).toBe(200);
    expect((await mention(GENERAL, `nudge ${ids[2]}`, "1700000000.000200")).res.status).toBe(200);
    expect((await homeOpened()).res.status).toBe(200);
    const sent = await fake.waitFor(
      (calls) =>
        // Both slash commands answer only the asker (the response_url), with a Share button.
        calls.filter((c) => c.method === "response_url").length >= 2 &&
        calls.some((c) => c.method === "chat.postMessage" && c.body.thread_ts === "1700000000.000200") &&
        calls.some((c) => c.method === "views.publish"),
      20_000,
    );
    const payloads = sent.filter((c: FakeSlackCall) => SENT.has(c.method));
    // The nudge did reach Slack, as text and in blocks, escaped.
    const all = payloads.flatMap((c) => strings(c.body));
    expect(all.some((s) => s.path === "text" && s.text.includes("&lt;!channel&gt;"))).toBe(true);
    expect(all.some((s) => s.path.startsWith("blocks") && s.text.includes("&lt;!channel&gt;"))).toBe(true);

    const unescaped = payloads.flatMap((c) =>
      strings(c.body).flatMap((s) =>
        (s.text.match(MARKUP) ?? [])
          .filter((m) => m !== `<@${ALICE}>`)
          .map((m) => `${c.method} ${s.path}: ${m}`),
      ),
    );
    expect(unescaped).toEqual([]);
  });
});
