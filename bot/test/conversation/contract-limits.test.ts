// Any contract's customer answers stay inside every transport's limits: a table of 64 features with
// 80-character labels, 40-value categories, long phrases, long actions and a long id (built
// in-process, bot/test/fixtures/wide-contract-workspace.ts) through Slack Block Kit, Teams
// Adaptive Cards, the terminal and the TXT summary.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createLogger, createRuleNudgeEngine, type Snapshot } from "../../../core/src/index.ts";
import { SUMMARY_WIDTH } from "../../../core/src/report/index.ts";
import { respond, type ConversationServices, type Reply } from "../../conversation/index.ts";
import {
  WIDE_FEATURES,
  WIDE_LABEL_LENGTH,
  wideWorkspace,
  type WideWorkspace,
} from "../fixtures/wide-contract-workspace.ts";
import {
  cardLinks,
  expectWithinSlackLimits,
  expectWithinTeamsLimits,
  expectWithinTerminal,
} from "../fixtures/transport-limits.ts";

const secret = Buffer.from("contract-limits-test-secret-0123456789ab");
const clock = () => Date.parse("2026-11-21T10:00:00Z");
// A long public URL: links count towards a card's size.
const links = cardLinks(secret, "https://engagetrack.customer-success.example-company.com", clock);

let ws: WideWorkspace;
let outDir: string;
let replies: Reply[];

beforeAll(async () => {
  ws = await wideWorkspace();
  outDir = await mkdtemp(join(tmpdir(), "et-wide-out-"));
  const services: ConversationServices = {
    snapshot: () => ws.snapshot as unknown as Snapshot,
    model: () => ws.model,
    nudges: createRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => new Date(clock()),
    log: createLogger(new Writable({ write: (_c, _e, done) => done() })),
  };
  const ask = (text: string) => respond(text, { id: "tester", surface: "terminal" }, services);
  replies = [];
  for (const id of [ws.currentId, ws.churnedId])
    for (const q of [id, `drivers ${id}`, `nudge ${id}`, `summary ${id}`]) replies.push(await ask(q));
}, 120_000);

afterAll(async () => {
  await ws?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe("a contract of 64 features with 80-character labels", () => {
  it("is what it claims to be, and every answer is a real answer", () => {
    expect(ws.contract.features).toHaveLength(WIDE_FEATURES);
    expect(WIDE_FEATURES).toBeGreaterThanOrEqual(60);
    for (const f of ws.contract.features) expect(f.label).toHaveLength(WIDE_LABEL_LENGTH);
    expect(replies.map((r) => r.kind)).toEqual([
      "insight",
      "drivers",
      "nudge",
      "summary",
      "insight",
      "drivers",
      "nudge",
      "summary",
    ]);
    // The drivers answer lists every feature the model uses: the longest reply there is.
    expect(replies[1].drivers.length).toBeGreaterThan(20);
    expect(replies[0].facts.length).toBeGreaterThan(5);
    expect(replies[0].drivers[0].words.length).toBeGreaterThan(60);
  });

  it("fits Slack: 50 blocks, 3,000 per text, 10 fields of 2,000, 150 per header, 75 per button", () => {
    expectWithinSlackLimits(replies, (r) => r.kind);
  });

  it("fits a Teams Adaptive Card (under 28 KB), with chart links or with the charts' tables", () => {
    expectWithinTeamsLimits(replies, links, (r) => r.kind);
  });

  it("fits the terminal's width, and the TXT summary its own", async () => {
    await expectWithinTerminal(replies, outDir, (_r, line) => line);
    for (const reply of replies) {
      for (const file of reply.files)
        for (const line of file.content.split("\n"))
          expect(line.length, line).toBeLessThanOrEqual(SUMMARY_WIDTH);
    }
  }, 60_000);
});
