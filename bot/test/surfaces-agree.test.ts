// One number, one definition: revenue at risk, band counts and the five customers to call first,
// computed through each surface's own path — the bot's answers, the Slack Home tab, the digest and
// the notebooks' data — agree exactly, on a table that is not Telco (accounts), on the demo
// (`simulated` preset) and on the real Telco sample (`telco` preset, when the file is present).
// And no surface ever lists or counts a customer who already churned.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { money } from "../../core/src/charts/index.ts";
import { presetPath } from "../../core/src/data/index.ts";
import { writeSimulatedCsv } from "../../core/src/data/index.ts";
import { buildDigestReport } from "../../core/src/digest/index.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../core/src/experiments/index.ts";
import { createRuleNudgeEngine, type Snapshot } from "../../core/src/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../core/test/fixtures/accounts-workspace.ts";
import { overviewData } from "../../notebooks/loaders/overview-data.ts";
import { respond, type ConversationServices, type Reply } from "../conversation/index.ts";
import { homeView } from "../slack/index.ts";
import { ASKED_AT, silentLogger } from "./fixtures/conversation-fixture.ts";

const TELCO =
  process.env.ENGAGETRACK_TELCO_CSV ?? new URL("../../../shared/data/telco.csv", import.meta.url).pathname;
const BANDS = ["High", "Medium", "Low"] as const;

interface World {
  name: string;
  ws: AccountsWorkspace;
  services: ConversationServices;
}

const worlds: World[] = [];
let tmp: string | undefined;

async function world(name: string, options: Parameters<typeof accountsWorkspace>[0] = {}): Promise<World> {
  const ws = await accountsWorkspace(options);
  return {
    name,
    ws,
    services: {
      snapshot: () => ws.snapshot as unknown as Snapshot,
      model: () => ws.model,
      nudges: createRuleNudgeEngine(),
      experiments: DEFAULT_EXPERIMENT_CONFIG,
      clock: () => ASKED_AT,
      log: silentLogger(),
    },
  };
}

beforeAll(async () => {
  worlds.push(await world("accounts (not Telco)"));
  // The demo: the simulator's customers under the `simulated` preset, trained and scored the same way.
  tmp = await mkdtemp(join(tmpdir(), "et-agree-"));
  await writeSimulatedCsv(join(tmp, "simulated.csv"), { rows: 1500, seed: 42 });
  const simulated = readFileSync(join(tmp, "simulated.csv"), "utf8");
  worlds.push(
    await world("demo (simulated preset)", { contract: presetPath("simulated"), table: () => simulated }),
  );
  if (existsSync(TELCO))
    worlds.push(
      await world("telco preset", {
        contract: presetPath("telco"),
        table: () => readFileSync(TELCO, "utf8"),
      }),
    );
}, 240_000);
afterAll(async () => {
  for (const w of worlds) {
    await w.ws.model.release();
    await w.ws.close();
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const ask = (w: World, text: string): Promise<Reply> =>
  respond(text, { id: "U1", surface: "slack" }, w.services);

describe.each([
  [0, "accounts"],
  [1, "demo"],
  [2, "telco"],
])("surfaces agree: world %i (%s)", (index) => {
  const get = () => worlds[index];

  it("revenue at risk, band counts and the five to call first are the same on every surface", async (ctx) => {
    const w = get();
    if (!w) return ctx.skip();
    const snapshot = w.ws.snapshot as unknown as Snapshot;
    const summary = snapshot.summary();
    const top5 = snapshot.topToAct(5);
    const currency = summary.currency ?? "USD";
    expect(top5).toHaveLength(5);

    // The bot: "top at-risk 5" and "segment band".
    const top = await ask(w, "top at-risk 5");
    expect(
      top.ranked.map((r) => r.customerID),
      w.name,
    ).toEqual(top5);
    const fact = (label: string) => top.facts.find((f) => f.label.startsWith(label))?.value;
    expect(fact("Matching customers")).toBe(summary.customers.toLocaleString("en-US"));
    if (summary.revenueAtRisk !== null)
      expect(fact("Monthly revenue at risk")).toBe(money(summary.revenueAtRisk, currency));
    const bands = await ask(w, "segment band");
    const botBands = Object.fromEntries(
      bands.table!.rows.map((r) => [r[0], Number(r[1].replace(/,/g, ""))]),
    ) as Record<string, number>;
    for (const b of BANDS) expect(botBands[b] ?? 0, `${w.name} bot ${b}`).toBe(summary.bands[b]);

    // The Slack Home tab: its figures and its five buttons.
    const home = homeView({ snapshot: snapshot.manifest, summary, top });
    const json = JSON.stringify(home);
    expect(json).toContain(`*Customers to act on*\\n${summary.customers.toLocaleString("en-US")}`);
    expect(json).toContain(`*High churn risk*\\n${summary.bands.High.toLocaleString("en-US")}`);
    if (summary.revenueAtRisk !== null)
      expect(json).toContain(`*Monthly revenue at risk*\\n${money(summary.revenueAtRisk, currency)}`);
    const buttons = home.blocks.flatMap((b) => {
      const accessory = (b as { accessory?: { value?: string } }).accessory;
      return accessory?.value ? [accessory.value.replace("tell me about ", "")] : [];
    });
    expect(buttons).toEqual(top5);

    // The digest (first digest of this snapshot).
    const digest = buildDigestReport({ schedule: "weekly", slot: "2026-11-23T08:00:00Z", current: snapshot });
    expect(digest.snapshot.customers).toBe(summary.customers);
    expect(digest.revenueAtRisk.total).toBe(summary.revenueAtRisk);
    expect(Object.fromEntries(digest.bands.map((b) => [b.band, b.customers]))).toEqual(summary.bands);
    expect(digest.callFirst.map((c) => c.id)).toEqual(top5);

    // The notebooks' data (the Overview page's loader).
    const overview = overviewData(snapshot, [snapshot.manifest]);
    expect(overview.summary).toEqual(summary);
    expect(overview.callList.slice(0, 5).map((c) => c.id)).toEqual(top5);
  });

  it("no surface lists or counts a customer who already churned", async (ctx) => {
    const w = get();
    if (!w) return ctx.skip();
    const snapshot = w.ws.snapshot as unknown as Snapshot;
    const churned = new Set(
      (snapshot.table.array(snapshot.idColumn) as ArrayLike<string>).length === 0
        ? []
        : Array.from(snapshot.table.array(snapshot.idColumn) as ArrayLike<string>).filter(
            (_, i) => (snapshot.table.array("status") as ArrayLike<string>)[i] === "churned",
          ),
    );
    expect(churned.size, `${w.name} has churned customers`).toBeGreaterThan(0);
    const listed = [
      ...(await ask(w, "top at-risk 50")).ranked.map((r) => r.customerID),
      ...(await ask(w, "top at-risk 50 by probability")).ranked.map((r) => r.customerID),
      ...(await ask(w, "top at-risk 50 band=High")).ranked.map((r) => r.customerID),
      ...buildDigestReport({
        schedule: "weekly",
        slot: "2026-11-23T08:00:00Z",
        current: snapshot,
      }).newHighRisk.customers.map((c) => c.id),
      ...overviewData(snapshot, [snapshot.manifest]).callList.map((c) => c.id),
    ];
    expect(listed.length).toBeGreaterThan(100);
    expect(listed.filter((id) => churned.has(id))).toEqual([]);
    // Counts leave them out too; asking for history on purpose finds them, labelled as history.
    expect(snapshot.summary().customers + snapshot.summary().churned).toBe(snapshot.size);
    const history = await ask(w, "top at-risk 5 status=churned");
    expect(history.title).toMatch(/history/i);
    expect(history.ranked.every((r) => churned.has(r.customerID))).toBe(true);
  });
});
