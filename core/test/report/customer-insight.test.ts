import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmNudgeEngine } from "../../src/nudges/llm-nudge-engine.ts";
import { createRuleNudgeEngine } from "../../src/nudges/rule-nudge-engine.ts";
import type { NudgeEngine } from "../../src/nudges/nudge.ts";
import { buildCustomerInsight } from "../../src/report/customer-insight.ts";
import { InsightError } from "../../src/report/insight-error.ts";
import { renderInsightJson } from "../../src/report/render-insight-json.ts";
import { renderInsightText } from "../../src/report/render-insight-text.ts";
import { createSnapshotWriter, loadSnapshot } from "../../src/snapshot/index.ts";
import { scoreCustomers } from "../../src/score/index.ts";
import { fixturePresent } from "../model/fixture.ts";
import { expectGolden, normaliseHashes, normaliseJson } from "./golden.ts";
import {
  CUSTOMERS,
  GENERATED_AT,
  insightFixture,
  SNAPSHOT_ID,
  type InsightFixture,
} from "./insight-fixture.ts";

let fx: InsightFixture;
beforeAll(async () => {
  if (fixturePresent) fx = await insightFixture();
});
afterAll(async () => {
  await fx?.close();
});

const rules = createRuleNudgeEngine();
const build = (customerID: string, nudges: NudgeEngine = rules) =>
  buildCustomerInsight({
    model: fx.model,
    snapshot: fx.snapshot,
    customerID,
    nudges,
    clock: () => GENERATED_AT,
  });

describe.skipIf(!fixturePresent)(
  "buildCustomerInsight (skips when ../shared/fixtures/xgboost-telco is absent)",
  () => {
    it("renders the TXT and JSON summaries of a High-risk variant-B customer (golden)", async () => {
      const insight = await build("7590-VHVEG");
      expectGolden("7590-VHVEG.txt", renderInsightText(insight), normaliseHashes);
      expectGolden("7590-VHVEG.json", renderInsightJson(insight), normaliseJson);
    });

    it("renders a variant-A customer and a dormant one with the LLM off (golden)", async () => {
      expectGolden("5575-GNVDE.txt", renderInsightText(await build("5575-GNVDE")), normaliseHashes);
      const off = createLlmNudgeEngine({ chat: null, offReason: "LLM_API_KEY is not set" });
      const dormant = await build("9305-CDSKC", off);
      expect(dormant.nudge).toMatchObject({
        engine: "rules",
        fallbackReason: "llm-off: LLM_API_KEY is not set",
      });
      expectGolden("9305-CDSKC.txt", renderInsightText(dormant), normaliseHashes);
    });

    it("agrees with the snapshot: same probability, band and drivers; records model and snapshot", async () => {
      for (const c of CUSTOMERS) {
        const insight = await build(c.customerID);
        const row = fx.snapshot.lookup(c.customerID)!;
        expect(Math.abs(insight.risk.probability - row.probability)).toBeLessThan(1e-6);
        expect(insight.risk.band).toBe(row.band);
        expect(insight.explanation.drivers.map((d) => d.source)).toEqual(row.drivers.map((d) => d.source));
        insight.explanation.drivers.forEach((d, i) => expect(d.value).toBeCloseTo(row.drivers[i].value, 5));
        expect(insight.model).toMatchObject({
          name: "xgb-telco",
          kind: "xgboost-import",
          hash: fx.model.hash,
        });
        expect(insight.snapshot).toEqual({ id: SNAPSHOT_ID, createdAt: "2026-11-21T09:00:00.000Z" });
        expect(insight.experiment).toEqual({
          key: "nudge-strategy-2026",
          variant: c.variant,
          strategy: insight.nudge.strategy,
        });
        expect(JSON.parse(renderInsightJson(insight))).toEqual(insight);
      }
    });

    it("uses the arm of another experiment when asked", async () => {
      const insight = await buildCustomerInsight({
        model: fx.model,
        snapshot: fx.snapshot,
        customerID: "7590-VHVEG",
        nudges: rules,
        clock: () => GENERATED_AT,
        experimentKey: "all-in-a",
        variantWeights: { A: 1, B: 0 },
        trigger: "login",
      });
      expect(insight.experiment).toEqual({ key: "all-in-a", variant: "A", strategy: "engagement" });
      expect(insight.nudge).toMatchObject({ trigger: "login", channel: "in-app" });
    });

    it("refuses an unknown customer and a snapshot scored by another model, with stable codes", async () => {
      await expect(build("0000-NOONE")).rejects.toMatchObject({
        code: "unknown-customer",
        message: `no customer "0000-NOONE" in snapshot ${SNAPSHOT_ID}`,
      });
      const writer = await createSnapshotWriter({
        dir: join(fx.dir, "other"),
        id: "other",
        model: { name: "older", hash: "f".repeat(64) },
        dataHash: "0".repeat(64),
        clock: () => GENERATED_AT,
      });
      await writer.append(await scoreCustomers(fx.model, CUSTOMERS));
      await writer.finish();
      const other = await loadSnapshot(join(fx.dir, "other", "other"));
      const err = await buildCustomerInsight({
        model: fx.model,
        snapshot: other,
        customerID: "7590-VHVEG",
        nudges: rules,
        clock: () => GENERATED_AT,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InsightError);
      expect(err).toMatchObject({ code: "model-mismatch" });
      expect((err as Error).message).toMatch(
        /^snapshot other was scored by model older \(ffffffffffff\), not xgb-telco/,
      );
    });

    it("keeps control and bidi characters from an engine's message out of the text summary", async () => {
      const hostile: NudgeEngine = {
        name: "rules",
        decide: async (facts, context) => ({
          ...(await rules.decide(facts, context)),
          message: "hi\u001b[31m red\u202e evil\r\nline",
          title: "T\u0007itle",
        }),
      };
      const text = renderInsightText(await build("7590-VHVEG", hostile));
      // eslint-disable-next-line no-control-regex -- the point is to find control characters
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
      expect(text).toContain('"hi red evil line"');
    });
  },
);
