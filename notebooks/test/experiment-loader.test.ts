// The Experiments page's data on a table that is NOT Telco: the accounts table with a real,
// recorded `offer_arm` experiment declared in its contract (control / discount; no experiments-file
// entry). The page's report and verdict are core's; the arms go by their names; engagement is said
// not to be measured (no NaN means); and a snapshot where nobody's outcome is known yet says
// "outcomes not known yet" with the arms' sizes instead of failing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escape } from "arquero";
import type { Snapshot } from "engagetrack";
import {
  analyzeDeclaredExperiment,
  declaredExperiment,
  DEFAULT_EXPERIMENT_CONFIG,
  parseExperimentConfig,
  verdict,
} from "engagetrack/experiments";
import { experimentData } from "../loaders/experiment-data.ts";
import {
  accountsOfferWorkspace,
  OFFER_COUNTS,
  OFFER_CURRENT,
  OFFER_KEY,
} from "../../core/test/experiments/accounts-offer.ts";
import type { AccountsWorkspace } from "../../core/test/fixtures/accounts-workspace.ts";

let ws: AccountsWorkspace;
let snapshot: Snapshot;
beforeAll(async () => {
  ws = await accountsOfferWorkspace();
  snapshot = ws.snapshot as unknown as Snapshot;
}, 60_000);
afterAll(() => ws?.close());

describe("experimentData on the accounts table's declared offer experiment", () => {
  it("is core's report and verdict of the declared experiment, the arms by their names and counts", () => {
    const data = experimentData(snapshot, DEFAULT_EXPERIMENT_CONFIG);
    expect(data.state).toBe("analysed");
    expect(data.reason).toBeNull();
    expect(data.declared).toEqual({
      key: OFFER_KEY,
      column: "offer_arm",
      arms: ["control", "discount"],
      control: "control",
      simulated: false,
    });
    const [entry] = data.experiments;
    const core = analyzeDeclaredExperiment(
      snapshot.table,
      declaredExperiment(snapshot.dataset, DEFAULT_EXPERIMENT_CONFIG)!,
    );
    expect(entry.report).toEqual(core);
    expect(entry.verdict).toBe(verdict(core));
    expect(entry.verdict).toMatch(/^discount lowers churn by 14\.1 points vs control, 95% CI /);
    expect(entry.difference).toBe("discount − control");
    const half = OFFER_CURRENT / 2;
    expect(entry.arms).toEqual([
      {
        variant: "A",
        role: "control",
        value: "control",
        words: "control",
        customers: OFFER_COUNTS.nA + half,
        labelled: OFFER_COUNTS.nA,
      },
      {
        variant: "B",
        role: "treatment",
        value: "discount",
        words: "discount",
        customers: OFFER_COUNTS.nB + half,
        labelled: OFFER_COUNTS.nB,
      },
    ]);
    expect(entry.report!.variants.map((v) => [v.customers, v.churned])).toEqual([
      [OFFER_COUNTS.nA, OFFER_COUNTS.churnedA],
      [OFFER_COUNTS.nB, OFFER_COUNTS.churnedB],
    ]);
  });

  it("says engagement was not measured: no engagement means, intervals or histogram", () => {
    const data = experimentData(snapshot, DEFAULT_EXPERIMENT_CONFIG);
    const [entry] = data.experiments;
    expect(entry.engagementStatus).toBe("not-measured");
    expect(entry.engagementNote).toBe("engagement was not measured in this data set");
    expect(entry.engagementIntervals).toEqual({});
    expect(data.engagement).toEqual([]);
    expect(JSON.stringify(data)).not.toMatch(/engagementScore|"variant":"[^AB]/);
  });

  it("names the arms as the experiments file does, when it has an entry of the declared key", () => {
    const config = parseExperimentConfig({
      experiments: [
        {
          key: OFFER_KEY,
          description: "Does a 10% discount keep accounts?",
          variants: { A: { name: "no offer", weight: 0.5 }, B: { name: "10% discount", weight: 0.5 } },
        },
      ],
    });
    const [entry] = experimentData(snapshot, config).experiments;
    expect(entry.arms.map((a) => a.words)).toEqual(["no offer", "10% discount"]);
    expect(entry.description).toBe("Does a 10% discount keep accounts?");
    expect(entry.verdict).toMatch(/^10% discount lowers churn by 14\.1 points vs no offer, /);
  });

  it("says outcomes are not known yet on a label-free snapshot, with the arms' sizes", () => {
    const labelFree = {
      ...snapshot,
      table: snapshot.table.derive({ status: escape(() => "current") }),
      manifest: snapshot.manifest,
      dataset: snapshot.dataset,
    } as Snapshot;
    const data = experimentData(labelFree, DEFAULT_EXPERIMENT_CONFIG);
    expect(data.state).toBe("outcomes-unknown");
    expect(data.reason).toMatch(
      /^outcomes not known yet: no customer in arm A \(control\) and B \(discount\)/,
    );
    const [entry] = data.experiments;
    expect(entry.report).toBeNull();
    expect(entry.verdict).toBeNull();
    expect(entry.arms.map((a) => [a.words, a.customers, a.labelled])).toEqual([
      ["control", OFFER_COUNTS.nA + OFFER_CURRENT / 2, 0],
      ["discount", OFFER_COUNTS.nB + OFFER_CURRENT / 2, 0],
    ]);
    expect(data.engagement).toEqual([]);
  });
});
