// Segment follows and alerts through Teams on the real server (issue 20): in a team channel,
// "this channel follows contract=<c> <band>" and a channel alert on the segment's mean risk are
// confirmed with cards, "following" lists them numbered (goldens); after a newer snapshot in which
// two customers of the segment enter the band, the follow notifier posts one proactive card to the
// channel (through the stored conversation reference), as a new message.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../../cli/test/fixtures/run-in-process.ts";
import type { AdaptiveCard } from "../../teams/reply-card.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "../fixtures/fake-teams-connector.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { expectGoldenCard } from "./golden-json.ts";

const botAccount = { id: "28:bot-segments", name: "EngageTrack" };
const pat = { id: "29:1pat", name: "Pat Doe", aadObjectId: "aad-pat-0001" };
const channel = {
  id: "19:renewals@thread.tacv2",
  conversationType: "channel",
  isGroup: true,
  tenantId: "tenant-1",
  name: "",
};

let served: ServedModel;
let connector: FakeTeamsConnector;
let server: TestServer;
let csv: string;
let riskiest: string;
let contract: string;
let band: string;
let entering: [string, string];
let nextId = 1;

async function score(file: string): Promise<void> {
  const run = await runInProcess([
    "score",
    "--model",
    served.modelDir,
    "--data",
    file,
    "--snapshots",
    served.snapshotsDir,
  ]);
  if (run.code !== 0) throw new Error(`score failed: ${run.stderr}`);
}

/** Pat mentions the bot in the team channel; returns what the bot sent back. */
async function say(text: string) {
  const before = connector.sent.length;
  const res = await fetch(`${server.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: `act-${nextId++}`,
      type: "message",
      text: `<at>EngageTrack</at> ${text}`,
      entities: [{ type: "mention", mentioned: botAccount, text: "<at>EngageTrack</at>" }],
      channelId: "msteams",
      serviceUrl: connector.url,
      timestamp: "2026-11-21T10:00:00.000Z",
      from: pat,
      recipient: botAccount,
      conversation: channel,
      channelData: { tenant: { id: "tenant-1" }, team: { id: "19:team", name: "Customer Success" } },
    }),
  });
  expect(res.status).toBe(200);
  const sent = connector.sent.slice(before);
  expect(sent).toHaveLength(1);
  return sent[0];
}

const cardOf = (a: Record<string, unknown>) =>
  (a.attachments as Array<{ contentType: string; content: AdaptiveCard }>)[0].content;
/** The card, this run's customer IDs named (they differ with the model's scores). */
function named(sent: { replyTo: string | null; activity: Record<string, unknown> }): unknown {
  const value = {
    replyTo: sent.replyTo === null ? null : "<reply-to>",
    type: sent.activity.type,
    summary: sent.activity.summary,
    attachments: sent.activity.attachments,
  };
  return JSON.parse(
    JSON.stringify(value).split(entering[0]).join("<entering-1>").split(entering[1]).join("<entering-2>"),
  );
}
const textOf = (card: AdaptiveCard) => JSON.stringify(card.body);

beforeAll(async () => {
  served = await buildServedModel({ rows: 400, seed: 11 });
  csv = join(served.dir, "customers.csv");
  const sim = await runInProcess(["data", "simulate", "--rows", "300", "--seed", "5", "--out", csv]);
  if (sim.code !== 0) throw new Error(`simulate failed: ${sim.stderr}`);
  await score(csv);
  connector = await startFakeTeamsConnector();
  server = await startTestServer(served, { ENGAGETRACK_TEAMS_NO_AUTH: "true" });
  const lease = server.services.serving.acquire();
  try {
    const snapshot = lease.snapshot;
    const ids = snapshot.table.array(snapshot.idColumn) as string[];
    const current = ids
      .map((id) => ({ id, ...snapshot.lookup(id)! }))
      .filter((c) => c.status !== "churned")
      .sort((x, y) => x.probability - y.probability);
    const top = current[current.length - 1];
    riskiest = top.id;
    band = top.band;
    contract = String((top.customer as Record<string, unknown>).Contract);
    const below = current.filter((c) => c.band !== band);
    entering = [below[0].id, below[1].id];
  } finally {
    lease.release();
  }
}, 240_000);

afterAll(async () => {
  await server?.close();
  await connector?.close();
  served?.remove();
});

describe("segment follows and alerts in a Teams channel", () => {
  it("the channel's segment follow, alert and following answer with cards", async () => {
    const followed = await say(`this channel follows contract=${contract} ${band}`);
    expect(followed.conversationId).toBe(channel.id);
    const card = cardOf(followed.activity);
    expect(card.body[0].text).toBe(
      `This channel follows contract=${contract}: customers entering ${band} (segment 1)`,
    );
    await expectGoldenCard("segment-follow-card", named(followed));

    const alert = await say(`alert this channel when contract=${contract} moves up 1 point`);
    expect(textOf(cardOf(alert.activity))).toContain(
      `Segment alert 2: contract=${contract} mean churn risk moves up 1 point`,
    );
    await expectGoldenCard("segment-alert-card", named(alert));

    const list = await say("following");
    const listed = textOf(cardOf(list.activity));
    expect(listed).toContain(`contract=${contract}: customers entering ${band} (this channel)`);
    expect(listed).toContain(`contract=${contract}: mean churn risk moves up 1 point (this channel)`);
    await expectGoldenCard("following-segments-card", named(list));
  });

  it("a newer snapshot in which two customers enter the band: one proactive card in the channel for the follow", async () => {
    const lines = readFileSync(csv, "utf8").split("\n");
    const from = lines.find((l) => l.startsWith(`${riskiest},`))!;
    for (const id of entering) {
      const at = lines.findIndex((l) => l.startsWith(`${id},`));
      lines[at] = `${id},${from.slice(riskiest.length + 1)}`;
    }
    writeFileSync(csv, lines.join("\n"));
    await score(csv);
    const before = connector.sent.length;
    expect(await server.services.serving.reload()).toBe("swapped");
    const outcome = await server.services.followsNotified();
    // The segment's mean rises less than 1 point with two customers of ~300: only the follow tells.
    const sent = connector.sent.slice(before);
    expect(outcome).toMatchObject({ sent: sent.length, failed: 0 });
    const follow = sent.filter((s) => textOf(cardOf(s.activity)).includes(`entered ${band}`));
    expect(follow).toHaveLength(1);
    expect(follow[0]).toMatchObject({ conversationId: channel.id, replyTo: null });
    const card = cardOf(follow[0].activity);
    expect(card.body[0].text).toBe(`contract=${contract}: 2 customers entered ${band}`);
    expect(textOf(card)).toContain(entering[0]);
    expect(textOf(card)).toContain("This channel follows");
    await expectGoldenCard("segment-follow-change-card", named(follow[0]));

    const audits = (await server.audits()).filter((e) => e.action === "notify.segment");
    expect(audits.length).toBe(sent.length);
    expect(audits[0]).toMatchObject({ actor: pat.aadObjectId, surface: "teams", outcome: "ok" });
  });
});
