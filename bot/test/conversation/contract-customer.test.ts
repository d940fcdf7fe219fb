// The customer answers on a table that is NOT Telco (the accounts table and its hand-written
// contract, core/test/fixtures/accounts.contract.yaml), against a real model and snapshot built
// in-process: goldens for the card as terminal text, Slack Block Kit and Teams Adaptive Card, and
// for the TXT summary; a churned customer's card; no Telco or simulator column named anywhere;
// simulated values marked; one probability on the card and the waterfall; closest IDs.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChartRenderer } from "../../../core/src/charts/server.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import {
  buildContractInsight,
  createLogger,
  createRuleNudgeEngine,
  renderContractInsightText,
  type ChurnModel,
  type DatasetContract,
  type Snapshot,
} from "../../../core/src/index.ts";
import { createContractRuleNudgeEngine } from "../../../core/src/nudges/index.ts";
import {
  ACCOUNTS_SNAPSHOT_ID,
  accountsWorkspace,
  type AccountsWorkspace,
} from "../../../core/test/fixtures/accounts-workspace.ts";
import {
  chartSpec,
  closestIds,
  respond,
  type ConversationServices,
  type Reply,
} from "../../conversation/index.ts";
import { renderAnyInsightText } from "../../http/render-any-insight-text.ts";
import { cardLinks } from "../fixtures/transport-limits.ts";
import { replyBlocks } from "../../slack/reply-blocks.ts";
import { replyCard } from "../../teams/reply-card.ts";
import { terminalText, writeReplyOutputs } from "../../terminal/index.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";
import { expectGoldenCard } from "../teams/golden-json.ts";
import { expectGoldenText } from "./golden-text.ts";

const ASKED_AT = new Date("2026-11-21T10:00:00Z");
/** Telco and simulator column names, and the demo's example ID: none may reach an accounts answer. */
const FOREIGN = [
  "Contract",
  "tenure",
  "persona",
  "planTier",
  "MonthlyCharges",
  "customerID",
  "supportCalls90d",
  "paymentDelayDays",
  "variant",
  "7590-VHVEG",
];

const secret = Buffer.from("contract-customer-test-secret-0123456789");
const clock = () => ASKED_AT.getTime();
const links = cardLinks(secret, "https://engagetrack.example.com", clock);

let ws: AccountsWorkspace;
let outDir: string;
let currentId: string;
let churnedId: string;

const quiet = () => createLogger(new Writable({ write: (_c, _e, done) => done() }));

function servicesFor(model: ChurnModel): ConversationServices {
  return {
    snapshot: () => ws.snapshot as unknown as Snapshot,
    model: () => model,
    nudges: createRuleNudgeEngine(),
    contractNudges: createContractRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => ASKED_AT,
    log: quiet(),
  };
}

const ask = (text: string, model = ws.model) =>
  respond(text, { id: "tester", surface: "terminal" }, servicesFor(model));

beforeAll(async () => {
  ws = await accountsWorkspace();
  outDir = await mkdtemp(join(tmpdir(), "et-contract-card-"));
  const ids = ws.snapshot.table.array("account_id") as string[];
  const status = ws.snapshot.table.array("status") as string[];
  const prob = ws.snapshot.table.array("probability") as Float64Array;
  // The riskiest current customer (a full card: what-if and nudge), and the first churned one.
  let best = -1;
  ids.forEach((id, i) => {
    if (status[i] === "current" && prob[i] > best) [best, currentId] = [prob[i], id];
  });
  churnedId = ids[status.indexOf("churned")];
}, 60_000);

afterAll(async () => {
  await ws?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/**
 * The keys and string values of a JSON value, one a line — but not the key "customerID": that is
 * the reply's and the API's own field name for the id, not a column of the table.
 */
function jsonWords(value: unknown): string {
  const words: string[] = [];
  JSON.parse(JSON.stringify(value), (key, v) => {
    if (key !== "customerID") words.push(key);
    if (typeof v === "string") words.push(v);
    return v;
  });
  return words.join("\n");
}

/** Everything a reply shows on every transport, as text. */
async function everySurface(reply: Reply): Promise<string[]> {
  const outputs = await writeReplyOutputs(reply, outDir, createChartRenderer());
  return [
    terminalText(reply, outputs),
    jsonWords(reply),
    jsonWords(replyBlocks(reply, { chartsAsText: true, filesAsText: true })),
    jsonWords(replyCard(reply, links)),
    ...reply.charts.map((c) => JSON.stringify(chartSpec(c).table) + chartSpec(c).alt),
    ...reply.files.map((f) => f.content),
  ];
}

describe("the accounts table's customer card", () => {
  it("speaks the contract: its id, labels, phrases, euros and actions, with the generic nudge", async () => {
    const reply = await ask(`tell me about ${currentId}`);
    expect(reply.kind).toBe("insight");
    expect(reply.title).toMatch(new RegExp(`^${currentId}: (High|Medium) churn risk \\(\\d+%\\)$`));
    const facts = Object.fromEntries(reply.facts.map((f) => [f.label, f.value]));
    expect(facts.Status).toBe("current customer (no outcome yet)");
    expect(facts["Monthly fee"]).toMatch(/^€\d+\.\d\d a month$/);
    expect(Object.keys(facts)).toEqual(
      expect.arrayContaining(["Churn risk", "State", "International plan", "Voice mail plan", "Area code"]),
    );
    expect(reply.drivers.length).toBeGreaterThan(0);
    expect(reply.nudge?.engineWords).toBe("rule engine");
    expect(reply.actions.map((a) => a.id)).toEqual(["why", "summary", "regenerate-nudge"]);
    const outputs = await writeReplyOutputs(reply, outDir, createChartRenderer());
    expect(outputs.charts[0]).toMatchObject({ kind: "png" });
    await expectGoldenText(
      "contract-insight-terminal",
      terminalText(reply, outputs).split(outDir).join("<dir>"),
    );
    await expectGoldenJson("contract-reply-insight", replyBlocks(reply), {
      [ACCOUNTS_SNAPSHOT_ID]: "<snapshot>",
      [ws.model.hash.slice(0, 12)]: "<model>",
    });
    await expectGoldenCard("contract-insight-card", replyCard(reply, links));
  });

  it("the card's probability is the waterfall's end point", async () => {
    const reply = await ask(currentId);
    const spec = chartSpec(reply.charts[0]);
    const shown = /\((\d+%)\)$/.exec(reply.title)![1];
    expect(spec.table.rows.at(-1)![3]).toBe(shown);
    expect(spec.alt).toMatch(new RegExp(`to ${shown}[ .]`));
    expect(reply.facts[0]).toEqual({ label: "Churn risk", value: `${shown} (${reply.audit.shown.band})` });
  });

  it("the TXT summary is core's contract summary, as a file", async () => {
    const reply = await ask(`summary ${currentId}`);
    expect(reply.files).toHaveLength(1);
    const insight = await buildContractInsight({
      model: ws.model,
      snapshot: ws.snapshot,
      customerID: currentId,
      nudges: createContractRuleNudgeEngine(),
      clock: () => ASKED_AT,
    });
    expect(reply.files[0].content).toBe(renderContractInsightText(insight));
    expect(renderAnyInsightText(insight)).toBe(reply.files[0].content);
    await expectGoldenText("contract-summary", reply.files[0].content);
  });

  it("a churned customer's card says it is history: no best action, no nudge, no 'Regenerate nudge'", async () => {
    const reply = await ask(churnedId);
    expect(reply.title).toMatch(new RegExp(`^${churnedId}: churned \\(history`));
    expect(reply.facts.find((f) => f.label === "Status")?.value).toMatch(/^churned \(history/);
    expect(reply.nudge).toBeNull();
    expect(reply.whatIf).toBeNull();
    expect(reply.actions.map((a) => a.id)).toEqual(["why", "summary"]);
    expect(reply.audit).toMatchObject({ engine: null, shown: { status: "churned", nudge: null } });
    const slack = JSON.stringify(replyBlocks(reply).blocks);
    expect(slack).not.toMatch(/Best action|\*Nudge\*/);
    expect(reply.text).toMatch(/^Nudge: none: this customer already churned/m);
    expect(reply.text).not.toMatch(/Best action/);
    expect(slack).toContain("History");
    const card = JSON.stringify(replyCard(reply, links));
    expect(card).not.toMatch(/Best action|Nudge:|Regenerate/);
    const nudge = await ask(`nudge ${churnedId}`);
    expect(nudge.title).toMatch(/^No nudge for .*: churned \(history/);
    expect(nudge.nudge).toBeNull();
    await expectGoldenText("contract-churned-terminal", reply.text);
  });

  it("names no Telco or simulator column, on any surface, in any answer", async () => {
    const texts: string[] = [];
    for (const q of [
      currentId,
      churnedId,
      `drivers ${currentId}`,
      `nudge ${currentId}`,
      `summary ${currentId}`,
    ])
      texts.push(...(await everySurface(await ask(q))));
    const insight = await buildContractInsight({
      model: ws.model,
      snapshot: ws.snapshot,
      customerID: currentId,
      nudges: createContractRuleNudgeEngine(),
      clock: () => ASKED_AT,
    });
    // The JSON API's keys and values, and the TXT download.
    texts.push(jsonWords(insight), renderAnyInsightText(insight));
    for (const text of texts)
      for (const name of FOREIGN) expect(text, name).not.toMatch(new RegExp(`\\b${name}\\b`));
  }, 60_000);

  it("suggests the closest IDs on the contract's id pattern", async () => {
    // One character too many: only the ID itself is one edit away.
    const reply = await ask(`tell me about ${currentId}x`);
    expect(reply.kind).toBe("not-found");
    expect(reply.menu?.[0]).toEqual({ label: currentId, value: `tell me about ${currentId}` });
    expect(reply.title).toMatch(new RegExp(`^no customer ${currentId}x; closest: ${currentId}`));
    expect(closestIds(ws.snapshot.table, currentId.toLowerCase(), { idColumn: "account_id" })[0]).toEqual({
      customerID: currentId,
      distance: 0,
    });
    // In another case, the ID is found.
    expect((await ask(currentId.toLowerCase())).customerID).toBe(currentId);
  });
});

describe("simulated values", () => {
  /** The accounts contract with its state column marked as filled in by the simulator. */
  function withSimulatedState(contract: DatasetContract): DatasetContract {
    return {
      ...contract,
      features: contract.features.map((f) => (f.column === "state" ? { ...f, simulated: true } : f)),
    };
  }

  it("are marked on the card, its drivers and waterfall, the TXT summary and the JSON", async () => {
    const model = Object.create(ws.model, {
      contract: { value: withSimulatedState(ws.model.contract!) },
    }) as ChurnModel;
    const reply = await ask(currentId, model);
    const state = reply.facts.find((f) => f.label === "State");
    expect(state).toMatchObject({ simulated: true, value: expect.stringMatching(/ \(simulated\)$/) });
    expect(reply.facts.find((f) => f.label === "International plan")?.simulated).toBeUndefined();
    for (const d of reply.drivers)
      expect(d.words.endsWith("(simulated)")).toBe(d.label.startsWith("State ="));
    const labels = chartSpec(reply.charts[0]).table.rows.map((r) => r[0]);
    expect(labels.filter((l) => l.startsWith("State")).every((l) => l.endsWith("(simulated)"))).toBe(true);
    const insight = await buildContractInsight({
      model,
      snapshot: ws.snapshot,
      customerID: currentId,
      nudges: createContractRuleNudgeEngine(),
      clock: () => ASKED_AT,
    });
    expect(insight.dataset).toMatchObject({ simulated: false, simulatedColumns: ["state"] });
    expect(insight.facts.find((f) => f.column === "state")?.simulated).toBe(true);
    expect(renderContractInsightText(insight)).toMatch(/State\s+[A-Z]{2} \(simulated\)/);
    // The Slack and Teams cards show the marked value.
    expect(JSON.stringify(replyBlocks(reply))).toMatch(/\*State\*\\n[A-Z]{2} \(simulated\)/);
    expect(JSON.stringify(replyCard(reply, links))).toMatch(/"value":"[A-Z]{2} \(simulated\)"/);
  });
});
