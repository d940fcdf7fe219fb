// Lists, segments, help and errors of any contract stay inside every transport's limits: the wide
// table (64 features, 80-character labels, 40 long category values, a simulated revenue column,
// bot/test/fixtures/wide-contract-workspace.ts) through Slack Block Kit, Teams Adaptive Cards and
// the terminal.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createLogger, createRuleNudgeEngine, type Snapshot } from "../../../core/src/index.ts";
import {
  conversationCatalog,
  respond,
  type ConversationServices,
  type Reply,
} from "../../conversation/index.ts";
import { wideWorkspace, type WideWorkspace } from "../fixtures/wide-contract-workspace.ts";
import {
  cardLinks,
  expectWithinSlackLimits,
  expectWithinTeamsLimits,
  expectWithinTerminal,
} from "../fixtures/transport-limits.ts";

const secret = Buffer.from("contract-list-limits-secret-0123456789ab");
const clock = () => Date.parse("2026-11-21T10:00:00Z");
const links = cardLinks(secret, "https://engagetrack.customer-success.example-company.com", clock);

let ws: WideWorkspace;
let outDir: string;
const replies: Reply[] = [];

beforeAll(async () => {
  ws = await wideWorkspace();
  outDir = await mkdtemp(join(tmpdir(), "et-wide-lists-"));
  const snapshot = ws.snapshot as unknown as Snapshot;
  const services: ConversationServices = {
    snapshot: () => snapshot,
    model: () => ws.model,
    nudges: createRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => new Date(clock()),
    log: createLogger(new Writable({ write: (_c, _e, done) => done() })),
  };
  const catalog = conversationCatalog(snapshot);
  const [category, boolean] = catalog.segments;
  const number = catalog.columns.find((c) => c.kind === "number")!;
  const questions = [
    "help",
    "top at-risk 50",
    "top at-risk 50 by probability",
    `top at-risk 50 ${category.name}=${category.values[3]}|${category.values[7]}`,
    `top at-risk 50 ${boolean.name}=yes ${number.column}>1`,
    "top at-risk 50 status=churned",
    `segment ${category.name}`,
    `segment ${boolean.column}`,
    `segment ${number.name}`,
    "segment status",
    "top at-risk colour=red",
    `top at-risk ${category.name}=nothing-like-it`,
    "segment colour",
    "experiment",
    "make me a sandwich",
  ];
  for (const q of questions) replies.push(await respond(q, { id: "tester", surface: "terminal" }, services));
}, 120_000);

afterAll(async () => {
  await ws?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("lists and segments of a contract of 64 features with 80-character labels", () => {
  it("every question gets a real answer, with the contract's long labels and the simulated column marked", () => {
    expect(replies.map((r) => r.kind)).toEqual([
      "help",
      "top-at-risk",
      "top-at-risk",
      "top-at-risk",
      "top-at-risk",
      "top-at-risk",
      "segment",
      "segment",
      "segment",
      "segment",
      "error",
      "error",
      "error",
      "experiment",
      "menu",
    ]);
    expect(replies[1].ranked).toHaveLength(50);
    // 40 categories: the 11 largest, then the rest as one row that still counts every customer.
    expect(replies[6].table!.rows.length).toBe(12);
    expect(replies[6].table!.rows[11][0]).toBe("Other segments (29)");
    const counted = replies[6].table!.rows.reduce((s, r) => s + Number(r[1].replace(/,/g, "")), 0);
    expect(counted).toBe(ws.snapshot.summary().customers);
    expect(replies[6].charts[0].chart === "segment-bars" && replies[6].charts[0].input.segments).toHaveLength(
      40,
    );
    // The revenue column is simulated in this contract: the lists say so, in text and facts.
    expect(replies[1].facts.find((f) => f.label === "Data")?.value).toMatch(/^simulated data \(Feature 2 /);
    expect(replies[1].text).toContain("Note: simulated data (Feature 2 ");
    expect(replies[1].text).toContain("CHF");
  });

  it("fits Slack: 50 blocks, 3,000 per text, 10 fields of 2,000, 150 per header, 75 per button", () => {
    expectWithinSlackLimits(replies, (r) => r.title);
  });

  it("fits a Teams Adaptive Card (under 28 KB), with chart links or with the charts' tables", () => {
    expectWithinTeamsLimits(replies, links, (r) => r.title);
  });

  it("fits the terminal's width", async () => {
    await expectWithinTerminal(replies, outDir, (r, line) => `${r.title}: ${line}`);
  }, 120_000);
});
