// Follow and alerts through Teams on the real server: the confirmation cards for "follow",
// "alert me when …" and "following" come back to the fake connector (goldens), and after a newer
// snapshot in which the followed customer's risk jumps, the follow notifier posts one proactive
// card to the personal chat the follow was set in (through the stored conversation reference and
// teams-sender), as a new message (not a reply).
//
// Share: Teams has no ephemeral messages — every answer in Teams is already visible to the
// conversation it was asked in — so "Share in channel" (Slack's share-posted golden) has no Teams card.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../../cli/test/fixtures/run-in-process.ts";
import type { AdaptiveCard } from "../../teams/reply-card.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "../fixtures/fake-teams-connector.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { expectGoldenCard } from "./golden-json.ts";

const botAccount = { id: "28:bot-follow", name: "EngageTrack" };
const pat = { id: "29:1pat", name: "Pat Doe", aadObjectId: "aad-pat-0001" };
const personal = {
  id: "a:1pat-personal-chat",
  conversationType: "personal",
  isGroup: false,
  tenantId: "tenant-1",
  name: "",
};

let served: ServedModel;
let connector: FakeTeamsConnector;
let server: TestServer;
let csv: string;
let target: string;
let riskiest: string;
let threshold: number;
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

/** Pat types `text` in the personal chat; returns what the bot sent back for it. */
async function say(text: string) {
  const before = connector.sent.length;
  const res = await fetch(`${server.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      id: `act-${nextId++}`,
      type: "message",
      text,
      channelId: "msteams",
      serviceUrl: connector.url,
      timestamp: "2026-11-21T10:00:00.000Z",
      from: pat,
      recipient: botAccount,
      conversation: personal,
      channelData: { tenant: { id: "tenant-1" } },
    }),
  });
  expect(res.status).toBe(200);
  const sent = connector.sent.slice(before);
  expect(sent).toHaveLength(1);
  return sent[0];
}

const cardOf = (a: Record<string, unknown>) =>
  (a.attachments as Array<{ contentType: string; content: AdaptiveCard }>)[0].content;
/** The card's text, the snapshot's customer IDs named (they differ with the model's scores). */
function named(sent: { replyTo: string | null; activity: Record<string, unknown> }): unknown {
  const value = {
    replyTo: sent.replyTo === null ? null : "<reply-to>",
    type: sent.activity.type,
    summary: sent.activity.summary,
    attachments: sent.activity.attachments,
  };
  return JSON.parse(JSON.stringify(value).split(target).join("<target>"));
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
    target = current[0].id;
    riskiest = current[current.length - 1].id;
    expect(current[current.length - 1].probability - current[0].probability).toBeGreaterThan(0.3);
    threshold = Math.round(((current[0].probability + current[current.length - 1].probability) / 2) * 100);
  } finally {
    lease.release();
  }
}, 240_000);

afterAll(async () => {
  await server?.close();
  await connector?.close();
  served?.remove();
});

describe("follow and alerts in Teams", () => {
  it("follow, alert and following answer with confirmation cards (never the customer card)", async () => {
    const followed = await say(`follow ${target}`);
    expect(followed.conversationId).toBe(personal.id);
    const card = cardOf(followed.activity);
    expect(card.body[0].text).toBe(`Following ${target}`);
    expect(textOf(card)).not.toContain("What drives the risk"); // not the customer card
    await expectGoldenCard("follow-card", named(followed));

    const alert = await say(`alert me when ${target} goes above ${threshold}%`);
    expect(textOf(cardOf(alert.activity))).toContain(`${target} goes above ${threshold}%`);
    await expectGoldenCard("alert-set-card", named(alert));

    const list = await say("following");
    const listed = textOf(cardOf(list.activity));
    expect(listed).toContain(target);
    expect(listed).toContain(`${target} goes above ${threshold}%`);
    await expectGoldenCard("following-card", named(list));
  });

  it("a newer snapshot that crosses the alert: one proactive card in the chat the follow was set in", async () => {
    const lines = readFileSync(csv, "utf8").split("\n");
    const from = lines.find((l) => l.includes(riskiest))!;
    const at = lines.findIndex((l) => l.includes(target));
    lines[at] = from.replace(riskiest, target);
    writeFileSync(csv, lines.join("\n"));
    await score(csv);
    const before = connector.sent.length;
    expect(await server.services.serving.reload()).toBe("swapped");
    const outcome = await server.services.followsNotified();
    expect(outcome).toMatchObject({ sent: 1, failed: 0 });

    const sent = connector.sent.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ conversationId: personal.id, replyTo: null });
    const card = cardOf(sent[0].activity);
    expect(card.body[0].text).toMatch(new RegExp(`^${target}: churn risk \\d+% → \\d+%`));
    expect(textOf(card)).toContain(`You follow ${target}`);
    expect(textOf(card)).toContain(`Alert 1: ${target} goes above ${threshold}%`);
    await expectGoldenCard("follow-alert-card", named(sent[0]));

    const audits = (await server.audits()).filter((e) => e.action === "notify.follow");
    expect(audits).toMatchObject([{ actor: pat.aadObjectId, surface: "teams", customerID: target }]);
  });
});
