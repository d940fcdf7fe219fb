// Follow and alerts through Teams on a table that is NOT Telco (the accounts table with its own
// contract): the confirmation card and the proactive change card speak the table's words (its
// ids, its labels, its drivers' phrases), never Telco's or the simulator's columns. Real server,
// fake Teams connector; a newer snapshot by the same model moves the followed account's risk.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import type { AdaptiveCard } from "../../teams/reply-card.ts";
import { ownerDigestWorld, type OwnerDigestWorld } from "../digest/owner-digest-world.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "../fixtures/fake-teams-connector.ts";
import { startTestServer, type TestServer } from "../fixtures/test-server.ts";
import { expectGoldenCard } from "./golden-json.ts";

/** Telco's and the simulator's column names and words: none may appear on this table's cards. */
const FOREIGN = [
  "Contract",
  "contract",
  "tenure",
  "persona",
  "planTier",
  "MonthlyCharges",
  "customerID",
  "supportCalls90d",
  "paymentDelayDays",
  "month-to-month",
];
const pat = { id: "29:1pat", name: "Pat Doe", aadObjectId: "aad-pat-0001" };
const personal = { id: "a:1pat-accounts", conversationType: "personal", isGroup: false, tenantId: "t-1" };

let world: OwnerDigestWorld;
let connector: FakeTeamsConnector;
let server: TestServer;
let target: string;
let threshold: number;
let nextId = 1;

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
      recipient: { id: "28:bot", name: "EngageTrack" },
      conversation: personal,
      channelData: { tenant: { id: "t-1" } },
    }),
  });
  expect(res.status).toBe(200);
  return connector.sent.slice(before);
}
const cardOf = (a: Record<string, unknown>) => (a.attachments as Array<{ content: AdaptiveCard }>)[0].content;
const named = (card: AdaptiveCard) =>
  JSON.parse(JSON.stringify(card).split(target).join("<target>")) as unknown;

beforeAll(async () => {
  world = await ownerDigestWorld();
  connector = await startFakeTeamsConnector();
  server = await startTestServer(
    {
      dir: world.workspace.dir,
      modelDir: world.workspace.modelDir,
      snapshotsDir: world.workspace.snapshotsDir,
    },
    { ENGAGETRACK_TEAMS_NO_AUTH: "true" },
  );
  // The next snapshot, published now but served only at reload: the account whose risk rises most.
  await world.publishLater("2026-11-30T07-00-00Z-accounts", "2026-11-30T07:00:00Z", 4);
  const store = openSnapshotStore(world.workspace.snapshotsDir);
  const before = world.workspace.snapshot;
  const after = (await store.latest())!;
  const ids = before.table.array(before.idColumn) as string[];
  let best = { id: "", rise: 0, p: 0 };
  for (const id of ids) {
    const b = before.lookup(id)!;
    const a = after.lookup(id);
    if (b.status === "churned" || !a) continue;
    if (a.probability - b.probability > best.rise)
      best = { id, rise: a.probability - b.probability, p: b.probability };
  }
  expect(best.rise).toBeGreaterThan(0.05);
  target = best.id;
  threshold = Math.ceil((best.p + best.rise / 2) * 100);
}, 180_000);
afterAll(async () => {
  await server?.close();
  await connector?.close();
  await world?.close();
});

describe("follow and alerts in Teams on the accounts table", () => {
  it("confirmation and change cards in the table's own words", async () => {
    const [followed] = await say(`follow ${target}`);
    const card = cardOf(followed.activity);
    expect(card.body[0].text).toBe(`Following ${target}`);
    await expectGoldenCard("follow-card-accounts", named(card));
    const [alert] = await say(`alert me when ${target} goes above ${threshold}%`);
    expect(JSON.stringify(cardOf(alert.activity).body)).toContain(`${target} goes above ${threshold}%`);

    const before = connector.sent.length;
    expect(await server.services.serving.reload()).toBe("swapped");
    expect(await server.services.followsNotified()).toMatchObject({ sent: 1, failed: 0 });
    const [sent, ...more] = connector.sent.slice(before);
    expect(more).toEqual([]);
    expect(sent).toMatchObject({ conversationId: personal.id, replyTo: null });
    const change = cardOf(sent.activity);
    const text = JSON.stringify(change);
    expect(text).toContain(`Alert 1: ${target} goes above ${threshold}%`);
    expect(text).toContain("What drives the risk");
    await expectGoldenCard("follow-alert-card-accounts", named(change));

    for (const c of [card, cardOf(alert.activity), change]) {
      const words = JSON.stringify(c);
      expect(FOREIGN.filter((w) => words.includes(w))).toEqual([]);
    }
  });
});
