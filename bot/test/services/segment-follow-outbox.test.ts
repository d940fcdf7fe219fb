// Segment follows from a chat without a place to post (the terminal surface): the confirmations
// and `following` as text (goldens), and after a newer snapshot in which customers of the segment
// enter the band, one Markdown file per segment follow or alert in the outbox folder (golden),
// written once even when two replicas compare the same snapshots. A channel follow needs a channel.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../../cli/test/fixtures/run-in-process.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createRuleNudgeEngine } from "../../../core/src/index.ts";
import { openSnapshotStore, type CustomerRecord, type Snapshot } from "../../../core/src/snapshot/index.ts";
import { openStore, storeFollows, storeSegmentFollows, type Store } from "../../../core/src/store/index.ts";
import {
  answer,
  conversationCatalog,
  parseIntent,
  type Asker,
  type ConversationServices,
} from "../../conversation/index.ts";
import { createFollowNotifier } from "../../services/follow-notifier.ts";
import { expectGoldenText } from "../conversation/golden-text.ts";
import { ASKED_AT, silentLogger } from "../fixtures/conversation-fixture.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";

const DANA: Asker = { id: "dana", surface: "terminal" };
const logger = pino({ level: "silent" });

let served: ServedModel;
let store: Store;
let outbox: string;
let first: Snapshot<CustomerRecord>;
let second: Snapshot<CustomerRecord>;
let contract: string;
let band: string;
let entering: [string, string];
let services: ConversationServices;
let points: number;

async function score(csv: string): Promise<Snapshot<CustomerRecord>> {
  const run = await runInProcess([
    "score",
    "--model",
    served.modelDir,
    "--data",
    csv,
    "--snapshots",
    served.snapshotsDir,
  ]);
  if (run.code !== 0) throw new Error(`score failed: ${run.stderr}`);
  return (await openSnapshotStore(served.snapshotsDir).latest()) as unknown as Snapshot<CustomerRecord>;
}

/** The segment's mean churn probability over customers to act on, computed here row by row. */
function meanRisk(snapshot: Snapshot<CustomerRecord>): number {
  let sum = 0;
  let n = 0;
  for (const id of snapshot.table.array(snapshot.idColumn) as string[]) {
    const c = snapshot.lookup(id)!;
    if (c.status === "churned" || (c.customer as Record<string, unknown>).Contract !== contract) continue;
    sum += c.probability;
    n++;
  }
  return sum / n;
}

const ask = (text: string) =>
  answer(parseIntent(text, { catalog: conversationCatalog(first as unknown as Snapshot) }), services, DANA);
/** The text with this run's customer IDs and snapshot IDs named. */
const named = (text: string) =>
  text
    .split(entering[0])
    .join("<entering-1>")
    .split(entering[1])
    .join("<entering-2>")
    .split(second.manifest.id)
    .join("<snapshot>")
    .split(first.manifest.id)
    .join("<previous>");

beforeAll(async () => {
  served = await buildServedModel({ rows: 400, seed: 11 });
  const csv = join(served.dir, "customers.csv");
  const sim = await runInProcess(["data", "simulate", "--rows", "300", "--seed", "5", "--out", csv]);
  if (sim.code !== 0) throw new Error(`simulate failed: ${sim.stderr}`);
  first = await score(csv);
  const ids = first.table.array(first.idColumn) as string[];
  const current = ids
    .map((id) => ({ id, ...first.lookup(id)! }))
    .filter((c) => c.status !== "churned")
    .sort((x, y) => x.probability - y.probability);
  const top = current[current.length - 1];
  band = top.band;
  contract = String((top.customer as Record<string, unknown>).Contract);
  const below = current.filter((c) => c.band !== band);
  entering = [below[0].id, below[1].id];
  const lines = readFileSync(csv, "utf8").split("\n");
  const from = lines.find((l) => l.startsWith(`${top.id},`))!;
  for (const id of entering)
    lines[lines.findIndex((l) => l.startsWith(`${id},`))] = `${id},${from.slice(top.id.length + 1)}`;
  writeFileSync(csv, lines.join("\n"));
  second = await score(csv);
  // Half the rise of the segment's mean: the moves-up alert fires on this snapshot.
  points = Math.floor((meanRisk(second) - meanRisk(first)) * 50 * 100) / 100;
  expect(points).toBeGreaterThan(0);
  store = await openStore({ dir: "memory", sweepMs: 0 });
  outbox = await mkdtemp(join(tmpdir(), "et-segment-outbox-"));
  services = {
    snapshot: () => first as unknown as Snapshot,
    model: () => undefined,
    nudges: createRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => ASKED_AT,
    log: silentLogger(),
    follows: storeFollows(store.sql),
    segmentFollows: storeSegmentFollows(store.sql),
  };
}, 240_000);

afterAll(async () => {
  await store?.close();
  if (outbox) await rm(outbox, { recursive: true, force: true });
  served?.remove();
});

describe("segment follows in the terminal: text and outbox files", () => {
  it("confirms a segment follow and alert, and lists them numbered, as text", async () => {
    const followed = await ask(`follow contract=${contract} ${band}`);
    expect(followed.title).toBe(`You follow contract=${contract}: customers entering ${band} (segment 1)`);
    await expectGoldenText("segment-follow-terminal", followed.text);
    const alert = await ask(`alert me when contract=${contract} moves up ${points} points`);
    expect(alert.title).toBe(
      `Segment alert 2: contract=${contract} mean churn risk moves up ${points} points`,
    );
    await expectGoldenText("segment-alert-terminal", alert.text);
    const listed = await ask("following");
    expect(listed.text).toContain(`1. contract=${contract}: customers entering ${band} — now`);
    await expectGoldenText("following-segments-terminal", listed.text);
    const channel = await ask(`this channel follows contract=${contract} ${band}`);
    expect(channel.audit).toMatchObject({ outcome: "invalid", errorCode: "no-channel" });
  });

  it("one outbox file per fired segment follow and alert, once across two replicas", async () => {
    const notifier = (replica: string) =>
      createFollowNotifier({
        follows: services.follows!,
        segmentFollows: services.segmentFollows,
        replica,
        clock: () => ASKED_AT.getTime(),
        logger,
        outboxDir: outbox,
      });
    const [one, two] = await Promise.all([
      notifier("r1").notify(first, second),
      notifier("r2").notify(first, second),
    ]);
    expect(one.sent + two.sent).toBe(2);
    expect(one.claimedElsewhere + two.claimedElsewhere).toBe(2);
    const folder = join(outbox, "terminal-dana");
    const files = (await readdir(folder)).sort();
    expect(files).toEqual([`${second.manifest.id}-segment-1.md`, `${second.manifest.id}-segment-2.md`]);
    const follow = await readFile(join(folder, files[0]), "utf8");
    expect(follow).toContain(`# contract=${contract}: 2 customers entered ${band}`);
    expect(follow).toContain(entering[0]);
    await expectGoldenText("segment-follow-outbox", named(follow));
    const alert = await readFile(join(folder, files[1]), "utf8");
    expect(alert).toContain(`# contract=${contract}: mean churn risk`);
    expect(alert).toContain(
      `Your segment alert: contract=${contract} mean churn risk moves up ${points} points`,
    );
  });

  it("unfollow segment stops it: nothing is compared for a removed follow", async () => {
    const stopped = await ask("unfollow segment 1");
    expect(stopped.title).toBe(`Stopped: contract=${contract}: customers entering ${band}`);
    expect(
      (await services.segmentFollows!.list({ surface: "terminal", userId: "dana" })).map((w) => w.kind),
    ).toEqual(["moves-up"]);
  });
});

describe("segment numbers", () => {
  it("a personal follow set in a channel is numbered as following lists it there (the channel's first)", async () => {
    const lee = (channel: string): Asker => ({ id: "U0LEE", surface: "slack", notifyAt: "U0LEE", channel });
    const inChannel = (text: string) =>
      answer(
        parseIntent(text, { catalog: conversationCatalog(first as unknown as Snapshot) }),
        services,
        lee("C0CS"),
      );
    await inChannel(`this channel follows contract=${contract} ${band}`);
    const mine = await inChannel(`follow contract=${contract} Low`);
    expect(mine.title).toBe(`You follow contract=${contract}: customers entering Low (segment 2)`);
    const listed = await inChannel("following");
    expect(listed.text).toContain(`2. contract=${contract}: customers entering Low —`);
    // In a DM, only Lee's own: the same follow is number 1 there.
    const dm = await answer(parseIntent("unfollow segment 1"), services, lee("D0LEE"));
    expect(dm.title).toBe(`Stopped: contract=${contract}: customers entering Low`);
  });
});
