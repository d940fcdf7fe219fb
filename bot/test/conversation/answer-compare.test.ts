// Comparisons in chat: over the accounts contract (not Telco) every figure of each side is the one
// core defines, checked against plain loops over the snapshot's columns; over the demo, a declared
// experiment's arms come with the experiment's verdict. Goldens pin the text, Block Kit and card.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createRuleNudgeEngine, type Snapshot } from "../../../core/src/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { answer, respond, type ConversationServices } from "../../conversation/index.ts";
import { count, money, pct } from "../../conversation/reply-format.ts";
import { replyBlocks } from "../../slack/reply-blocks.ts";
import { replyCard } from "../../teams/reply-card.ts";
import { terminalText } from "../../terminal/terminal-text.ts";
import {
  ASKED_AT,
  conversationFixture,
  silentLogger,
  type ConversationFixture,
} from "../fixtures/conversation-fixture.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";
import { expectGoldenText, GOLDEN_DIR } from "./golden-text.ts";

let ws: AccountsWorkspace;
let demo: ConversationFixture;
let services: ConversationServices;
let col: Record<string, unknown[]>;

beforeAll(async () => {
  [ws, demo] = await Promise.all([accountsWorkspace(), conversationFixture({ trainRows: 800 })]);
  services = {
    snapshot: () => ws.snapshot as unknown as Snapshot,
    model: () => ws.model,
    nudges: createRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => ASKED_AT,
    log: silentLogger(),
  };
  col = Object.fromEntries(
    ["probability", "monthly_fee", "status", "state", "band"].map((name) => [
      name,
      ws.snapshot.table.array(name) as unknown[],
    ]),
  );
}, 120_000);
afterAll(async () => {
  await ws?.model.release();
  await ws?.close();
  await demo?.close();
});

const ask = (text: string, s = services) => respond(text, { id: "U1", surface: "terminal" }, s);
const links = {
  chart: () => "https://et.example.com/charts/r/x.png",
  summary: () => "https://et.example.com/s.txt",
};

describe("compare answers", () => {
  it("puts Texas and California side by side, each figure as core defines it (plain loops agree)", async () => {
    const reply = await ask("compare Texas and California");
    expect(reply.kind).toBe("compare");
    const rowsOf = (state: string) =>
      [...Array(ws.snapshot.size).keys()].filter((i) => col.state[i] === state);
    const expected = (state: string) => {
      const all = rowsOf(state);
      const act = all.filter((i) => col.status[i] !== "churned");
      const high = act.filter((i) => col.band[i] === "High").length;
      const p = act.map((i) => col.probability[i] as number);
      const atRisk = act.reduce(
        (s, i) => s + ((col.monthly_fee[i] as number | null) ?? 0) * (col.probability[i] as number),
        0,
      );
      const churned = all.filter((i) => col.status[i] === "churned").length;
      const labelled = all.filter((i) => col.status[i] !== "current").length;
      return [
        count(act.length),
        `${pct(high / act.length)} (${count(high)})`,
        pct(p.reduce((a, b) => a + b, 0) / p.length, 1),
        money(atRisk, "EUR"),
        `${pct(churned / labelled, 1)} of ${count(labelled)}`,
      ];
    };
    const [tx, ca] = [expected("TX"), expected("CA")];
    expect(reply.table!.columns).toEqual(["", "state=TX", "state=CA"]);
    expect(reply.table!.rows.map((r) => r[0])).toEqual([
      "Customers to act on",
      "High risk",
      "Mean churn probability",
      "Monthly revenue at risk",
      "Historical churn rate",
    ]);
    expect(reply.table!.rows.map((r) => r[1])).toEqual(tx);
    expect(reply.table!.rows.map((r) => r[2])).toEqual(ca);
    expect(reply.audit).toMatchObject({ action: "ask.compare", outcome: "ok" });
    await expectGoldenText("compare-accounts", reply.text);
    await expectGoldenJson("compare-accounts", replyBlocks(reply).blocks, {}, GOLDEN_DIR);
    await expectGoldenJson("compare-accounts-card", replyCard(reply, links), {}, GOLDEN_DIR);
    await expectGoldenText("compare-accounts-terminal", terminalText(reply, { charts: [], files: [] }));
  });

  it("compares two filters (international plan vs not) and says when a side matches nobody", async () => {
    const reply = await ask("international plan vs no international plan");
    expect(reply.table!.columns).toEqual(["", "international plan=Yes", "international plan=No"]);
    const none = await answer(
      {
        kind: "compare",
        sides: [
          { label: "TX", filters: [{ column: "state", op: "in", values: ["TX"] }] },
          { label: "nobody", filters: [{ column: "number_customer_service_calls", op: ">", value: 1e9 }] },
        ],
        experiment: null,
      },
      services,
    );
    expect(none.text).toContain("one side matches no customers");
    expect(none.audit).toMatchObject({ outcome: "not-found", errorCode: "no-match" });
  });

  it("compares a declared experiment's arms with the experiment's own verdict", async () => {
    const s = demo.services();
    const reply = await ask("compare variant A and B", s);
    const verdict = await ask("experiment", s);
    expect(reply.kind).toBe("compare");
    expect(reply.sections[0].title).toBe("Experiment nudge-strategy-2026");
    expect(reply.sections[0].lines).toEqual(verdict.sections.find((x) => x.title === "Verdict")!.lines);
    expect(reply.charts.map((c) => c.id)).toEqual(verdict.charts.map((c) => c.id));
    expect(reply.text).toContain("simulated data");
    await expectGoldenText("compare-arms", reply.text);
  });

  it("a side it cannot read gets comparisons that work, never a guess", async () => {
    const reply = await ask("compare Texas and the moon");
    expect(reply.kind).toBe("menu");
    expect(reply.menu!.map((m) => m.value)).toEqual(
      expect.arrayContaining(["compare state=TX and state=CA"]),
    );
  });
});
