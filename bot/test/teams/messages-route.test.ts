// The real server receiving Teams activities on /api/messages: replies go to the activity's
// serviceUrl, here a local fake connector that records them (golden Adaptive Card JSON).
import { createHmac } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodePng } from "../../../core/src/charts/server.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { teamsSenderFrom } from "../../teams/index.ts";
import type { AdaptiveCard } from "../../teams/reply-card.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "../fixtures/fake-teams-connector.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { waitFor } from "../fixtures/wait-for.ts";
import { expectGoldenCard } from "./golden-json.ts";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const APP_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const botAccount = { id: "28:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", name: "EngageTrack" };
const pat = { id: "29:1pat", name: "Pat Doe", aadObjectId: "aad-pat-0001" };
const channel = {
  id: "19:renewals@thread.tacv2",
  conversationType: "channel",
  isGroup: true,
  tenantId: "tenant-1",
  name: "",
};
const personal = {
  id: "a:1personal-chat",
  conversationType: "personal",
  isGroup: false,
  tenantId: "tenant-1",
  name: "",
};

let served: ServedModel;
let connector: FakeTeamsConnector;
let teams: TestServer;
let storePath: string;
let ids: string[];
let nextId = 1;

beforeAll(async () => {
  served = await buildServedModel();
  connector = await startFakeTeamsConnector();
  storePath = join(served.dir, "teams", "conversations.json");
  teams = await startTestServer(served, {
    ENGAGETRACK_TEAMS_NO_AUTH: "true",
    ENGAGETRACK_TEAMS_STORE: storePath,
  });
  const snapshot = (await openSnapshotStore(served.snapshotsDir).latest())!;
  ids = (snapshot.table.array("customerID") as string[]).slice(0, 5);
}, 120_000);
afterAll(async () => {
  await teams?.close();
  await connector?.close();
  served?.remove();
});

function activity(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `act-${nextId++}`,
    channelId: "msteams",
    serviceUrl: connector.url,
    timestamp: "2026-11-21T10:00:00.000Z",
    from: pat,
    recipient: botAccount,
    conversation: channel,
    channelData: { tenant: { id: "tenant-1" }, team: { id: "19:team", name: "Customer Success" } },
    ...fields,
  };
}

const mention = (text: string) => ({
  type: "message",
  text: `<at>EngageTrack</at> ${text}`,
  entities: [{ type: "mention", mentioned: botAccount, text: "<at>EngageTrack</at>" }],
});

async function post(server: TestServer, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Posts one activity; returns what the bot sent to the connector for it. */
async function exchange(body: Record<string, unknown>) {
  const before = connector.sent.length;
  const res = await post(teams, body);
  expect(res.status).toBe(200);
  return connector.sent.slice(before);
}

const cardOf = (a: Record<string, unknown>) =>
  (a.attachments as Array<{ contentType: string; content: AdaptiveCard }>)[0].content;
const golden = (sent: { replyTo: string | null; activity: Record<string, unknown> }) => ({
  replyTo: sent.replyTo,
  type: sent.activity.type,
  summary: sent.activity.summary,
  attachments: sent.activity.attachments,
});

describe("POST /api/messages (auth off, loopback)", () => {
  it("a channel @mention about a customer: the card goes to the conversation's serviceUrl as a reply", async () => {
    const body = activity(mention(`why is ${ids[0]} at risk`));
    const [sent, ...more] = await exchange(body);
    expect(more).toEqual([]);
    expect(sent.conversationId).toBe(channel.id);
    expect(sent.replyTo).toBe(body.id);
    expect(sent.activity).toMatchObject({
      type: "message",
      from: botAccount,
      conversation: { id: channel.id },
    });
    await expectGoldenCard("insight-card", golden(sent));

    // The image and the download behind the card are served by the same server, signed.
    const card = cardOf(sent.activity);
    const image = card.body.find((e) => e.type === "Image")!;
    expect(image.url as string).toMatch(new RegExp(`^${teams.url}/charts/[^/]+\\.png$`));
    const png = new Uint8Array(await (await fetch(image.url as string)).arrayBuffer());
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(decodePng(png).width).toBeGreaterThan(0);
    const download = card.actions!.find((a) => a.title === "Download summary")!;
    const txt = await fetch(download.url as string);
    expect(txt.status).toBe(200);
    expect(txt.headers.get("content-disposition")).toBe(`attachment; filename="${ids[0]}-summary.txt"`);
    expect(await txt.text()).toContain(ids[0]);

    await waitFor(async () => (await teams.audits()).some((e) => e.surface === "teams"), 5000, "teams audit");
    expect((await teams.audits()).filter((e) => e.surface === "teams")).toMatchObject([
      { actor: "aad-pat-0001", action: "ask.customer", customerID: ids[0], outcome: "ok" },
    ]);
  });

  it("top at-risk in a personal chat: the ranked list, its chart by signed URL, buttons to open each customer", async () => {
    const [sent] = await exchange(
      activity({ type: "message", text: "top at-risk 5", conversation: personal }),
    );
    expect(sent.conversationId).toBe(personal.id);
    await expectGoldenCard("top-at-risk-card", golden(sent));
    const image = cardOf(sent.activity).body.find((e) => e.type === "Image")!;
    const res = await fetch(image.url as string);
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "image/png"]);
  });

  it("a pressed button (Action.Submit { question }) is answered like a typed question", async () => {
    const [sent] = await exchange(
      activity({ type: "message", text: "", value: { question: `nudge ${ids[1]}` }, conversation: personal }),
    );
    const card = cardOf(sent.activity);
    expect(card.body[0].text as string).toMatch(new RegExp(`^Nudge for ${ids[1]}: `));
    expect(card.actions!.map((a) => a.title)).toEqual(["Why?", "Download summary", "Regenerate nudge"]);
  });

  it("added to a channel: the reference is stored in the shared store, a help card says hello, and a digest can post there", async () => {
    const [hello] = await exchange(
      activity({ type: "conversationUpdate", membersAdded: [botAccount], text: undefined }),
    );
    await expectGoldenCard("help-card", golden(hello));
    expect(existsSync(storePath)).toBe(false); // no file: the store is where replicas share it
    const rows = await teams.services.store.sql.query<{ conversation: Record<string, unknown> }>(
      "select conversation from teams_conversations",
    );
    expect(rows.map((r) => r.conversation)).toMatchObject([
      {
        id: channel.id,
        type: "channel",
        teamName: "Customer Success",
        tenantId: "tenant-1",
        reference: { serviceUrl: connector.url, conversation: { id: channel.id }, bot: botAccount },
      },
    ]);

    const sender = teamsSenderFrom(teams.services.config, teams.services)!;
    expect((await sender.list()).map((c) => c.id)).toEqual([channel.id]);
    const before = connector.sent.length;
    const posted = await sender.send(channel.id, { type: "message", text: "Weekly digest" });
    expect(posted.id).toMatch(/^sent-/);
    expect(connector.sent.slice(before)).toMatchObject([
      { conversationId: channel.id, replyTo: null, activity: { type: "message", text: "Weekly digest" } },
    ]);
  });

  it("a body that is not an activity → 400; a GET → 405", async () => {
    const res = await post(teams, { hello: "world" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad-request");
    expect((await fetch(`${teams.url}/api/messages`)).status).toBe(405);
  });
});

describe("POST /api/messages with an app ID", () => {
  let secured: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "et-teams-auth-"));
    secured = await startTestServer(
      { dir, modelDir: join(dir, "model"), snapshotsDir: join(dir, "snapshots") },
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: "not-a-real-client-secret",
        ENGAGETRACK_TEAMS_STORE: join(dir, "conversations.json"),
      },
    );
  });
  afterAll(async () => {
    await secured?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a request without a token, with a bogus one, or with a forged one: 401, nothing sent to Teams", async () => {
    const before = connector.sent.length;
    const header = (payload: object) => Buffer.from(JSON.stringify(payload)).toString("base64url");
    const unsigned = `${header({ alg: "HS256", typ: "JWT" })}.${header({ iss: "https://evil.example", aud: APP_ID, exp: 4102444800 })}`;
    const forged = `${unsigned}.${createHmac("sha256", "guess").update(unsigned).digest("base64url")}`;
    const cases: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-a-token" },
      { authorization: `Bearer ${forged}` },
      { authorization: "Basic eDp5" },
    ];
    for (const headers of cases) {
      const res = await post(secured, activity(mention("help")), headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: {
          code: "teams-unauthorized",
          message: "the request does not carry a valid Bot Framework token",
        },
      });
    }
    expect(connector.sent.length).toBe(before);
    const refused = secured.logs
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === "teams request refused");
    expect(refused.map((l) => l.code)).toEqual([
      "teams-missing-token",
      "teams-bad-token",
      "teams-bad-token",
      "teams-missing-token",
    ]);
    expect(secured.logs.join("\n")).not.toContain("not-a-real-client-secret");
  });

  it("warns at start-up that Teams cannot load chart images without an https public URL", () => {
    expect(secured.logs.some((l) => l.includes('"code":"teams-charts-not-https"'))).toBe(true);
  });
});

describe("POST /api/messages without Teams configured", () => {
  it("is not mounted: 404", async () => {
    const dir = mkdtempSync(join(tmpdir(), "et-teams-off-"));
    const off = await startTestServer({ dir, modelDir: join(dir, "m"), snapshotsDir: join(dir, "s") });
    try {
      const res = await post(off, activity(mention("help")));
      expect(res.status).toBe(404);
    } finally {
      await off.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
