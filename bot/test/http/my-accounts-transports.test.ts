// "My accounts" through the real server (issue 20), over the accounts table with an owner column
// (not Telco) and an owners file with `access: owners`: a Slack DM is answered for the asker found
// by their profile e-mail (users.info on a fake Slack Web API, looked up once and cached), another
// owner's account is refused and audited, an unmapped user is told how to be mapped; a Teams
// message finds its sender through the connector's conversation member (a fake connector); a second
// replica over the same data answers the same book.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountsOwnersWorkspace, OWNER_COLUMN } from "../../../core/test/fixtures/accounts-owners.ts";
import type { AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { startFakeSlack, type FakeSlack } from "../fixtures/fake-slack.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "../fixtures/fake-teams-connector.ts";
import { eventBody, postToSlackEndpoint } from "../fixtures/slack-request.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const DANA = "U0DANA";
const NOBODY = "U0NOBODY";
const SAM_AAD = "6f0c1a2b-0000-4000-8000-00000000005a";
const botAccount = { id: "28:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", name: "EngageTrack" };

let ws: AccountsWorkspace;
let fake: FakeSlack;
let connector: FakeTeamsConnector;
let server: TestServer;
let env: NodeJS.ProcessEnv;
let seq = 0;
const unique = (prefix: string) => `${prefix}${++seq}${Date.now().toString(36)}`;
let book: (owner: string) => { accounts: number; ids: Set<string> };

beforeAll(async () => {
  ws = await accountsOwnersWorkspace({ rows: 800 });
  const owners = join(ws.dir, "owners.yaml");
  await writeFile(
    owners,
    [
      "owners:",
      "  - owner: Dana Whitfield",
      "    email: dana@example.com",
      "  - owner: Sam Ortiz",
      "    email: sam@example.com",
      "access: owners",
      "",
    ].join("\n"),
  );
  fake = await startFakeSlack({ token: TOKEN, profiles: { [DANA]: "Dana@Example.com" } });
  connector = await startFakeTeamsConnector({
    members: { "29:1sam": { aadObjectId: SAM_AAD, email: "sam@example.com", name: "Sam Ortiz" } },
  });
  env = {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: fake.apiUrl,
    ENGAGETRACK_TEAMS_NO_AUTH: "true",
    ENGAGETRACK_OWNERS_FILE: owners,
  };
  server = await startTestServer(ws, env);
  const ids = ws.snapshot.table.array("account_id") as string[];
  const holder = ws.snapshot.table.array(OWNER_COLUMN) as (string | null)[];
  const status = ws.snapshot.table.array("status") as string[];
  book = (owner) => {
    const rows = [...ids.keys()].filter((i) => holder[i] === owner);
    return {
      accounts: rows.filter((i) => status[i] !== "churned").length,
      ids: new Set(rows.map((i) => ids[i])),
    };
  };
}, 120_000);
afterAll(async () => {
  await server?.close();
  await fake?.close();
  await connector?.close();
  await ws?.model.release();
  await ws?.close();
});

/** A DM to the app from `user`; resolves with the text and blocks the app posted back. */
async function dm(user: string, text: string, target = server): Promise<{ text: string; blocks: string }> {
  const channel = `D${user}`;
  const before = fake.callsOf("chat.postMessage").filter((c) => c.body.channel === channel).length;
  const ts = `1700000000.${String(++seq).padStart(6, "0")}`;
  const { res } = await postToSlackEndpoint(
    `${target.url}/slack/events`,
    eventBody({ type: "message", channel_type: "im", channel, user, text, ts }, unique("Ev")),
    "application/json",
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  const calls = await fake.waitFor(
    (all) => all.filter((c) => c.method === "chat.postMessage" && c.body.channel === channel).length > before,
  );
  const message = calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === channel).at(-1)!;
  return { text: String(message.body.text), blocks: JSON.stringify(message.body.blocks) };
}

const listed = (blocks: string) => [...new Set([...blocks.matchAll(/AC\d{6}/g)].map((m) => m[0]))];

describe("my accounts through Slack and Teams (access: owners)", () => {
  it("a Slack DM is answered over the asker's book, found by the profile e-mail looked up once", async () => {
    const dana = book("Dana Whitfield");
    const first = await dm(DANA, "my top at-risk 5");
    expect(first.blocks).toContain(`your ${dana.accounts} accounts`);
    const ids = listed(first.blocks);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const id of ids) expect(dana.ids.has(id)).toBe(true);
    // A list that is not "my …" is the book too, under access: owners.
    const all = await dm(DANA, "top at-risk 10");
    for (const id of listed(all.blocks)) expect(dana.ids.has(id)).toBe(true);
    expect(fake.callsOf("users.info").map((c) => c.body.user)).toEqual([DANA]);
  });

  it("another owner's account is refused in Slack and audited as denied", async () => {
    const sams = [...book("Sam Ortiz").ids][0];
    const reply = await dm(DANA, `why is ${sams} at risk`);
    expect(reply.text).toBe(
      `${sams} is not one of your accounts, so I can't show it or act on it here; ask its owner or a lead.`,
    );
    expect(reply.blocks).not.toMatch(/%|€/);
    const audits = await server.audits();
    expect(audits.filter((a) => a.outcome === "denied" && a.errorCode === "not-your-account")).toEqual([
      expect.objectContaining({ actor: DANA, surface: "slack", action: "ask.customer" }),
    ]);
  });

  it("a Slack user the owners file cannot place is told how to be mapped", async () => {
    const reply = await dm(NOBODY, "how many customers");
    expect(reply.text).toContain(
      `I don't know which accounts are yours: ask an admin to add your Slack user ID (${NOBODY}) or profile e-mail to the owners file (ENGAGETRACK_OWNERS_FILE, `,
    );
    expect(reply.blocks).not.toMatch(/AC\d{6}/);
  });

  it("the Slack Home tab shows the asker's own figures, and an unmapped user how to be mapped", async () => {
    const home = async (user: string) => {
      const before = fake.callsOf("views.publish").length;
      await postToSlackEndpoint(
        `${server.url}/slack/events`,
        eventBody(
          { type: "app_home_opened", user, channel: `D${user}`, tab: "home", event_ts: "1699999999.000500" },
          unique("Ev"),
        ),
        "application/json",
        { secret: SECRET },
      );
      const calls = await fake.waitFor(
        (all) => all.filter((c) => c.method === "views.publish").length > before,
      );
      return JSON.stringify(calls.filter((c) => c.method === "views.publish").at(-1)!.body.view);
    };
    const dana = book("Dana Whitfield");
    const view = await home(DANA);
    expect(view).toContain(`*Customers to act on*\\n${dana.accounts.toLocaleString("en-US")}`);
    for (const id of listed(view)) expect(dana.ids.has(id)).toBe(true);
    const stranger = await home(NOBODY);
    expect(stranger).toContain("I don't know which accounts are yours");
    expect(stranger).not.toMatch(/AC\d{6}/);
  });

  it("a Teams message finds its sender through the connector's conversation member", async () => {
    const sam = book("Sam Ortiz");
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
        from: { id: "29:1sam", name: "Sam Ortiz", aadObjectId: SAM_AAD },
        recipient: botAccount,
        conversation: { id: "a:1personal-sam", conversationType: "personal", tenantId: "t1" },
        channelData: { tenant: { id: "t1" } },
        text: "my top at-risk 3",
      }),
    });
    expect(res.status).toBeLessThan(300);
    expect(connector.sent.length).toBe(before + 1);
    const card = JSON.stringify(connector.sent.at(-1)!.activity);
    expect(card).toContain(`your ${sam.accounts} accounts`);
    const ids = listed(card);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect(sam.ids.has(id)).toBe(true);
    expect(connector.requests.map(decodeURIComponent)).toContain(
      "GET /v3/conversations/a:1personal-sam/members/29:1sam",
    );
  });

  it("a second replica over the same data answers the same book", async () => {
    const second = await startTestServer(ws, env, {}, "usage-2");
    try {
      const a = await dm(DANA, "my accounts");
      const b = await dm(DANA, "my accounts", second);
      expect(listed(b.blocks)).toEqual(listed(a.blocks));
    } finally {
      await second.close();
    }
  });
});
