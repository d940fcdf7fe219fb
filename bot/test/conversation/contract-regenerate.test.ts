// "Regenerate nudge" on a table described by its own contract (the accounts fixture): another
// offer than the card's, then "no other nudge", never the identical one again.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createLogger, createRuleNudgeEngine, type Snapshot } from "../../../core/src/index.ts";
import { createContractRuleNudgeEngine } from "../../../core/src/nudges/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { respond, type ConversationServices } from "../../conversation/index.ts";
import { ASKED_AT } from "../fixtures/conversation-fixture.ts";

let ws: AccountsWorkspace;
let services: ConversationServices;
let currentId: string;

beforeAll(async () => {
  ws = await accountsWorkspace();
  services = {
    snapshot: () => ws.snapshot as unknown as Snapshot,
    model: () => ws.model,
    nudges: createRuleNudgeEngine(),
    contractNudges: createContractRuleNudgeEngine(),
    experiments: DEFAULT_EXPERIMENT_CONFIG,
    clock: () => ASKED_AT,
    log: createLogger(new Writable({ write: (_c, _e, done) => done() })),
  };
  const ids = ws.snapshot.table.array("account_id") as string[];
  const status = ws.snapshot.table.array("status") as string[];
  const prob = ws.snapshot.table.array("probability") as Float64Array;
  let best = -1;
  ids.forEach((id, i) => {
    if (status[i] === "current" && prob[i] > best) [best, currentId] = [prob[i], id];
  });
}, 60_000);
afterAll(() => ws?.close());

const ask = (text: string) => respond(text, { id: "tester", surface: "terminal" }, services);

describe("regenerate a contract nudge", () => {
  it("never repeats the card's nudge: another offer, or 'no other nudge'", async () => {
    const card = await ask(currentId);
    expect(card.nudge).not.toBeNull();
    const insight = await ask(`nudge ${currentId}`);
    expect(insight.kind).toBe("nudge");
    if (insight.nudge) {
      // Another offer than the card's, and a button that remembers both.
      expect(`${insight.nudge.title}`).not.toBe(card.nudge!.title);
      const again = insight.actions.find((a) => a.id === "regenerate-nudge")!;
      expect(again.value).toMatch(
        new RegExp(`^nudge ${currentId} except [a-z-]+(:[a-z_]+)?,[a-z-]+(:[a-z_]+)?$`),
      );
      const last = await ask(again.value);
      expect(last.nudge === null || last.nudge.title !== insight.nudge.title).toBe(true);
    } else {
      expect(insight.title).toBe(`No other nudge for ${currentId}: every eligible nudge has been shown`);
    }
  });
});
