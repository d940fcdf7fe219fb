// Socket Mode: SLACK_APP_TOKEN selects it; the app opens a WebSocket (apps.connections.open on the
// fake Slack, then ws:// on the same fake) once the server listens, answers what arrives on it,
// acknowledges each envelope, mounts no /slack/events route, and closes the socket at shutdown.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../fixtures/fake-slack.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";

const TOKEN = "xoxb-test-0000-socket";
const APP_TOKEN = "xapp-1-A0ENGAGE-0000-socket";

let served: ServedModel;
let fake: FakeSlack;
let server: TestServer | undefined;

beforeAll(async () => {
  served = await buildServedModel({ rows: 300, seed: 5 });
  fake = await startFakeSlack({ token: TOKEN, appToken: APP_TOKEN });
  server = await startTestServer(served, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: fake.apiUrl,
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fake?.close();
  served?.remove();
});

describe("Socket Mode", () => {
  it("is chosen by SLACK_APP_TOKEN: connected at start, no /slack/events route", async () => {
    expect(server!.services.config.slack?.mode).toBe("socket");
    expect(fake.callsOf("apps.connections.open")).toHaveLength(1);
    expect(fake.callsOf("apps.connections.open")[0].headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    await fake.waitFor(() => fake.socketConnections() === 1);
    const res = await fetch(`${server!.url}/slack/events`, { method: "POST", body: "{}" });
    expect(res.status).toBe(404);
    await res.text();
    // No allow-list configured: said once at start.
    expect(server!.logs.filter((l) => l.includes("anyone in the Slack workspace can ask"))).toHaveLength(1);
  });

  it("acknowledges a slash command envelope and answers it through the Web API", async () => {
    fake.reset();
    const ack = await fake.socketSend({
      envelope_id: "env-command-1",
      type: "slash_commands",
      accepts_response_payload: true,
      payload: {
        token: "legacy",
        team_id: "T0TEST",
        channel_id: "C0GENERAL",
        channel_name: "general",
        user_id: "U0ALICE",
        command: "/engage",
        text: "segment contract",
        api_app_id: "A0ENGAGE",
        response_url: fake.responseUrl("socket"),
        trigger_id: "trigger-socket-1",
      },
    });
    expect(ack.envelope_id).toBe("env-command-1");
    // A slash command's answer goes only to the asker, through its response_url.
    await fake.waitFor(() => fake.callsOf("response_url").length === 1);
    const [message] = fake.callsOf("response_url");
    expect(message.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(message.body.text)).toMatch(/contract/i);
    expect(
      (await server!.audits()).filter((a) => a.actor === "U0ALICE" && a.action === "ask.segment"),
    ).toHaveLength(1);
  });

  it("acknowledges a mention delivered twice (retry_attempt 1) and answers it once", async () => {
    fake.reset();
    const envelope = (id: string, retry: number) => ({
      envelope_id: id,
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: retry,
      retry_reason: retry ? "timeout" : "",
      payload: {
        team_id: "T0TEST",
        api_app_id: "A0ENGAGE",
        type: "event_callback",
        event_id: "EvSocket1",
        event_time: 1_700_000_000,
        event: {
          type: "app_mention",
          user: "U0ALICE",
          channel: "C0GENERAL",
          text: "<@U0ENGAGE> experiment",
          ts: "1700000001.000100",
        },
      },
    });
    expect((await fake.socketSend(envelope("env-mention-1", 0))).envelope_id).toBe("env-mention-1");
    expect((await fake.socketSend(envelope("env-mention-2", 1))).envelope_id).toBe("env-mention-2");
    await fake.waitFor(() => fake.callsOf("chat.postMessage").length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(
      fake.callsOf("chat.postMessage").filter((c) => c.body.thread_ts === "1700000001.000100"),
    ).toHaveLength(1);
  });

  it("closes the socket at shutdown", async () => {
    await server!.close();
    server = undefined;
    await fake.waitFor(() => fake.socketConnections() === 0);
  });
});
