// CSV exports through the real server: in Slack, a DM "export to csv" is uploaded into its thread
// with the three external-upload calls, and a slash command (answered only to the asker) sends the
// file to the asker's DM; in Teams, the card links GET /exports/<token>.csv — signed, expiring,
// drawn again from the same snapshot (the same bytes as Slack's upload). A fake Slack Web API and
// a fake Teams connector stand in for the far side. Goldens pin the Block Kit and the card.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../fixtures/fake-slack.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "../fixtures/fake-teams-connector.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { commandBody, eventBody, postToSlackEndpoint } from "../fixtures/slack-request.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";
import { expectGoldenCard } from "../teams/golden-json.ts";

const TOKEN = "xoxb-test-0000-engagetrack";
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const ALICE = "U0ALICE";
const botAccount = { id: "28:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b", name: "EngageTrack" };
const pat = { id: "29:1pat", name: "Pat Doe", aadObjectId: "aad-pat-0001" };

let served: ServedModel;
let fake: FakeSlack;
let connector: FakeTeamsConnector;
let s: TestServer;
let now = Date.parse("2026-11-21T15:00:00Z");
let seq = 0;

beforeAll(async () => {
  served = await buildServedModel({ rows: 500, seed: 7 });
  fake = await startFakeSlack({ token: TOKEN });
  connector = await startFakeTeamsConnector();
  s = await startTestServer(
    served,
    {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.apiUrl,
      SLACK_ALLOWED_USERS: ALICE,
      ENGAGETRACK_TEAMS_NO_AUTH: "true",
      ENGAGETRACK_CHART_URL_TTL_SECONDS: "600",
    },
    { clock: () => now },
  );
}, 180_000);
afterAll(async () => {
  await s?.close();
  await fake?.close();
  await connector?.close();
  served?.remove();
});

const volatile = () => ({ [s.services.serving.status().snapshot!.id]: "<snapshot>" });
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

/** The CSV the conversation layer makes for `question` (what every surface must deliver). */
async function expectedCsv(question: string): Promise<{ name: string; content: string }> {
  const reply = await s.services.ask(question, { id: "test", surface: "terminal" });
  return reply.files[0];
}

describe("CSV exports on Slack and Teams", () => {
  it("Slack DM: uploaded into the thread (getUploadURLExternal → POST → completeUploadExternal)", async () => {
    const ts = `1700000000.${String(++seq).padStart(6, "0")}`;
    const { res } = await postToSlackEndpoint(
      `${s.url}/slack/events`,
      eventBody(
        {
          type: "message",
          channel_type: "im",
          channel: `D${ALICE}`,
          user: ALICE,
          text: "top at-risk 20 by probability as csv",
          ts,
        },
        `EvExport${seq}`,
      ),
      "application/json",
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    const calls = await fake.waitFor((all) =>
      all.some((c) => c.method === "files.completeUploadExternal" && c.body.thread_ts === ts),
    );
    const answer = calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === ts)!;
    expect(String(answer.body.text)).toContain("CSV of 20 rows");
    const file = await expectedCsv("top at-risk 20 by probability as csv");
    expect(
      calls.some((c) => c.method === "files.getUploadURLExternal" && c.body.filename === file.name),
    ).toBe(true);
    const complete = calls.find(
      (c) => c.method === "files.completeUploadExternal" && c.body.thread_ts === ts,
    )!;
    const fileId = (complete.body.files as Array<{ id: string; title: string }>)[0].id;
    expect((complete.body.files as Array<{ title: string }>)[0].title).toBe(file.name);
    const upload = calls.find((c) => c.method === "upload" && c.body.file_id === fileId)!;
    expect(upload.bytes.toString("utf8")).toBe(file.content);
    expect(complete.body.channel_id).toBe(`D${ALICE}`);
    await expectGoldenJson("export-slack", answer.body.blocks, volatile());
  });

  it("Slack slash command: answered only to the asker, the file sent to the asker's DM (never the channel)", async () => {
    const name = `export-${++seq}`;
    const { res } = await postToSlackEndpoint(
      `${s.url}/slack/events`,
      commandBody({
        user: ALICE,
        channel: "C0GENERAL",
        text: "export segment contract",
        responseUrl: fake.responseUrl(name),
        triggerId: `t${seq}`,
      }),
      "application/x-www-form-urlencoded",
      { secret: SECRET },
    );
    expect(res.status).toBe(200);
    const calls = await fake.waitFor((all) =>
      all.some((c) => c.method === "response_url" && c.path === `/response/${name}`),
    );
    const opened = calls.filter((c) => c.method === "conversations.open");
    expect(opened.at(-1)!.body.users).toBe(ALICE);
    const complete = calls.filter((c) => c.method === "files.completeUploadExternal").at(-1)!;
    expect(complete.body.channel_id).toBe(`D${ALICE}`);
    const file = await expectedCsv("export segment contract");
    expect(
      calls
        .filter((c) => c.method === "upload")
        .at(-1)!
        .bytes.toString("utf8"),
    ).toBe(file.content);
    const shown = calls.find((c) => c.method === "response_url" && c.path === `/response/${name}`)!;
    expect(JSON.stringify(shown.body)).toContain("sent to your direct messages with the app");
    expect(JSON.stringify(shown.body)).not.toContain("Month-to-month,"); // the CSV is not inlined
    expect(
      calls.some((c) => c.method === "files.completeUploadExternal" && c.body.channel_id === "C0GENERAL"),
    ).toBe(false);
  });

  it("Teams: the card links a signed CSV download, the same bytes; forged 403, expired 410", async () => {
    const before = connector.sent.length;
    const res = await fetch(`${s.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "message",
        id: `act-export-${++seq}`,
        channelId: "msteams",
        serviceUrl: connector.url,
        timestamp: "2026-11-21T10:00:00.000Z",
        from: pat,
        recipient: botAccount,
        conversation: {
          id: "a:1personal-chat",
          conversationType: "personal",
          isGroup: false,
          tenantId: "tenant-1",
        },
        channelData: { tenant: { id: "tenant-1" } },
        text: "export to csv",
      }),
    });
    expect(res.status).toBeLessThan(300);
    const card = connector.sent.slice(before).map(
      (x) =>
        x.activity.attachments as Array<{
          content: { actions?: Array<{ type: string; url: string; title: string }> };
        }>,
    )[0][0].content;
    const download = card.actions!.find(
      (a) => a.type === "Action.OpenUrl" && a.title.startsWith("Download "),
    )!;
    expect(download.url.startsWith(`${s.url}/exports/`)).toBe(true);
    await expectGoldenCard(
      "export-card",
      JSON.parse(
        JSON.stringify(card)
          .split(download.url)
          .join("<export-url>")
          .split(s.services.serving.status().snapshot!.id)
          .join("<snapshot>"),
      ),
    );

    const file = await expectedCsv("export to csv");
    const got = await fetch(download.url);
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="${file.name}"`);
    expect(await got.text()).toBe(file.content);

    const [body, sig] = /\/exports\/(.+)\.csv$/.exec(download.url)![1].split(".");
    const json = Buffer.from(body, "base64url")
      .toString("utf8")
      .replace('"filters":[]', '"filters":[{"column":"band","op":"in","values":["High"]}]');
    const forged = await fetch(`${s.url}/exports/${Buffer.from(json).toString("base64url")}.${sig}.csv`);
    expect([forged.status, (await errorOf(forged)).code]).toEqual([403, "bad-export-link"]);
    const junk = await fetch(`${s.url}/exports/nonsense.csv`);
    expect([junk.status, (await errorOf(junk)).code]).toEqual([400, "malformed-export-link"]);
    now += 601_000;
    try {
      const expired = await fetch(download.url);
      expect([expired.status, (await errorOf(expired)).code]).toEqual([410, "expired-export-link"]);
    } finally {
      now -= 601_000;
    }
    const audits = await s.audits();
    expect(
      audits.filter((a) => a.action === "report" && a.actor === "export-link").map((a) => a.outcome),
    ).toContain("ok");
  });
});
