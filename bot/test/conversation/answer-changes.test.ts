// "What changed" over the accounts contract (not Telco): a second snapshot of the same lineage a
// week later (the same accounts, some calling customer service a lot more, some churned since),
// plus a snapshot of another lineage in between that must be ignored. New High, left High,
// movers, churned since and the revenue-at-risk change are checked against plain loops; the reply
// says plainly when there is no earlier snapshot of the same lineage. Goldens pin the text.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createRuleNudgeEngine, type Customer } from "../../../core/src/index.ts";
import type { ContractRow, CustomerStatus } from "../../../core/src/data/index.ts";
import { readCsvRecords } from "../../../core/src/data/index.ts";
import { readContractRows } from "../../../core/src/data/index.ts";
import { scoreCustomers } from "../../../core/src/score/index.ts";
import {
  createSnapshotWriter,
  loadSnapshot,
  openSnapshotStore,
  sameLineage,
  type Snapshot,
} from "../../../core/src/snapshot/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { respond, type ConversationServices } from "../../conversation/index.ts";
import { money } from "../../conversation/reply-format.ts";
import { createEarlierSnapshots } from "../../services/earlier-snapshots.ts";
import { replyBlocks } from "../../slack/reply-blocks.ts";
import { replyCard } from "../../teams/reply-card.ts";
import { terminalText } from "../../terminal/terminal-text.ts";
import { silentLogger } from "../fixtures/conversation-fixture.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";
import { expectGoldenText, GOLDEN_DIR } from "./golden-text.ts";

const WEEK_LATER = new Date("2026-11-28T09:00:00Z");
const ASKED = new Date("2026-11-28T10:00:00Z");

let ws: AccountsWorkspace;
let before: Snapshot;
let now: Snapshot;
let services: ConversationServices;

/** Scores `csv` (the accounts table's text) with the workspace's model into a snapshot. */
async function publish(csv: string, id: string, at: Date, modelName?: string): Promise<Snapshot> {
  const file = join(ws.dir, `${id}.csv`);
  await writeFile(file, csv);
  const rows: ContractRow[] = [];
  const statuses: CustomerStatus[] = [];
  for await (const e of readContractRows(readCsvRecords(file), ws.contract, { file })) {
    if (e.kind !== "accepted") continue;
    rows.push(e.customer);
    statuses.push(e.status);
  }
  const writer = await createSnapshotWriter({
    dir: ws.snapshotsDir,
    id,
    model: { name: modelName ?? ws.model.card.name, hash: ws.model.hash },
    dataHash: "b".repeat(64),
    clock: () => at,
    contract: ws.contract,
  });
  await writer.append(
    await scoreCustomers(ws.model, rows as unknown as Customer[], { firstRow: 0, status: statuses }),
  );
  const manifest = await writer.finish();
  return (await loadSnapshot<ContractRow>(join(ws.snapshotsDir, manifest.id))) as unknown as Snapshot;
}

/** The accounts table a week later: every 4th account calls customer service 8 times, every 9th current one churned. */
function weekLater(csv: string): string {
  const [header, ...lines] = csv.trimEnd().split("\n");
  const names = header.split(",");
  const calls = names.indexOf("number_customer_service_calls");
  const churn = names.indexOf("churn");
  return [
    header,
    ...lines.map((line, i) => {
      const cells = line.split(",");
      if (i % 4 === 0) cells[calls] = "8";
      if (i % 9 === 0 && cells[churn] === "") cells[churn] = "yes";
      return cells.join(",");
    }),
  ].join("\n");
}

beforeAll(async () => {
  ws = await accountsWorkspace({ rows: 800 });
  before = ws.snapshot as unknown as Snapshot;
  const csv = await readFile(ws.csv, "utf8");
  // Another lineage (another model name) between the two: never compared with.
  await publish(weekLater(csv), "2026-11-25T09-00-00Z-otherline", new Date("2026-11-25T09:00:00Z"), "other");
  now = await publish(weekLater(csv), "2026-11-28T09-00-00Z-accounts2", WEEK_LATER);
  const store = openSnapshotStore(ws.snapshotsDir);
  services = {
    snapshot: () => now,
    model: () => ws.model,
    nudges: createRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => ASKED,
    log: silentLogger(),
    earlier: createEarlierSnapshots(
      { history: async () => sameLineage(await store.list(), now.manifest).manifests },
      store,
    ),
  };
}, 120_000);
afterAll(async () => {
  await ws?.model.release();
  await ws?.close();
});

const links = { chart: () => undefined, summary: () => "https://et.example.com/s.txt" };
const ask = (text: string, s = services) => respond(text, { id: "U1", surface: "terminal" }, s);

/** id → { p, band, status } of a snapshot, by plain loops over its columns. */
function byId(s: Snapshot) {
  const ids = s.table.array(s.idColumn) as string[];
  const p = s.table.array("probability") as number[];
  const band = s.table.array("band") as string[];
  const status = s.table.array("status") as string[];
  return new Map(ids.map((id, i) => [id, { p: p[i], band: band[i], status: status[i] }]));
}

describe("what changed", () => {
  it("since last week: new High, left High, churned since, movers and the revenue-at-risk change, as plain loops count them", async () => {
    const reply = await ask("what changed since last week?");
    expect(reply.kind).toBe("changes");
    const [b, n] = [byId(before), byId(now)];
    const act = (x?: { status: string }) => x !== undefined && x.status !== "churned";
    let newHigh = 0;
    let leftHigh = 0;
    let churned = 0;
    let moved = 0;
    for (const [id, x] of n) {
      const y = b.get(id);
      if (act(x) && x.band === "High" && y?.band !== "High") newHigh++;
      if (act(x) && x.band !== "High" && act(y) && y!.band === "High") leftHigh++;
      if (x.status === "churned" && act(y)) churned++;
      if (act(x) && act(y) && x.p !== y!.p) moved++;
    }
    expect(newHigh).toBeGreaterThan(0);
    expect(churned).toBeGreaterThan(0);
    expect(reply.audit.shown).toMatchObject({
      previous: before.manifest.id,
      newHigh,
      leftHigh,
      churned,
      movers: moved,
    });
    const fact = (label: string) => reply.facts.find((f) => f.label === label)?.value;
    expect(fact("Compared with")).toContain(before.manifest.id);
    const [r0, r1] = [before.summary().revenueAtRisk!, now.summary().revenueAtRisk!];
    expect(fact("Monthly revenue at risk")).toBe(
      `${money(r0, "EUR")} → ${money(r1, "EUR")} (${r1 - r0 >= 0 ? "+" : "−"}${money(Math.abs(r1 - r0), "EUR")})`,
    );
    // The biggest mover first, in points.
    const top = reply.table!.rows[0];
    const biggest = Math.max(
      ...[...n].filter(([id, x]) => act(x) && act(b.get(id))).map(([id, x]) => Math.abs(x.p - b.get(id)!.p)),
    );
    expect(Math.abs(n.get(top[0])!.p - b.get(top[0])!.p)).toBe(biggest);
    // Churned customers are history: never in the new-High list.
    const listed = reply.sections
      .find((s) => s.title.startsWith("Newly High"))!
      .lines.map((l) => l.split(":")[0]);
    for (const id of listed) expect(n.get(id)!.status).not.toBe("churned");
    expect(JSON.stringify(reply)).not.toContain("otherline");
    await expectGoldenText("changes-since-last-week", reply.text);
    await expectGoldenJson("changes-since-last-week", replyBlocks(reply).blocks, {}, GOLDEN_DIR);
    await expectGoldenJson("changes-since-last-week-card", replyCard(reply, links), {}, GOLDEN_DIR);
    await expectGoldenText(
      "changes-since-last-week-terminal",
      terminalText(reply, { charts: [], files: [] }),
    );
  });

  it("'what changed' compares with the previous snapshot of the same lineage; a date before any snapshot is said plainly", async () => {
    const previous = await ask("what changed");
    expect(previous.audit.shown.previous).toBe(before.manifest.id);
    const tooEarly = await ask("what changed since 2026-11-01");
    expect(tooEarly.audit).toMatchObject({ outcome: "not-found", errorCode: "no-earlier-snapshot" });
    expect(tooEarly.text).toContain(
      `No snapshot of this data set and model from 2026-11-01 or before: the oldest is ${before.manifest.id}`,
    );
    await expectGoldenText("changes-too-early", tooEarly.text);
    // A date without a year is this year's (the question's clock): Nov 20 is before the first snapshot, Nov 21 is it.
    expect((await ask("what changed since Nov 20")).text).toContain("from 2026-11-20 or before");
    expect((await ask("what changed since 21 November")).audit.shown.previous).toBe(before.manifest.id);
  });

  it("with only one snapshot of its lineage, says there is nothing to compare with", async () => {
    const alone = await ask("what changed since yesterday", {
      ...services,
      snapshot: () => before,
      earlier: { list: async () => [before.manifest], open: async () => before },
    });
    expect(alone.text).toContain(
      `No earlier snapshot of this data set and model to compare with: ${before.manifest.id} is the only one`,
    );
  });
});
