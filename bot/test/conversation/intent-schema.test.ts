// The LLM path's intent schema keeps "my …" (issue 20): `scope: "mine"` on a list, count or segment
// is checked like the rest and kept; any other scope is refused.
import { describe, expect, it } from "vitest";
import { checkIntent, presetCatalog } from "../../conversation/index.ts";

const demo = presetCatalog("simulated");

describe("checkIntent and the mine scope", () => {
  it("keeps scope mine on top-at-risk, count and segment", () => {
    expect(checkIntent({ kind: "top-at-risk", limit: 5, scope: "mine" }, demo, null)).toEqual({
      ok: true,
      intent: { kind: "top-at-risk", limit: 5, filters: [], rankBy: "revenue", scope: "mine", notes: [] },
    });
    expect(
      checkIntent({ kind: "count", measure: "revenue-at-risk", scope: "mine" }, demo, null),
    ).toMatchObject({
      ok: true,
      intent: { kind: "count", measure: "revenue-at-risk", scope: "mine" },
    });
    expect(checkIntent({ kind: "segment", column: "plan", scope: "mine" }, demo, null)).toEqual({
      ok: true,
      intent: { kind: "segment", column: "planTier", scope: "mine" },
    });
  });

  it("leaves it out when not asked, and refuses any other scope", () => {
    const plain = checkIntent({ kind: "segment", column: "plan" }, demo, null);
    expect(plain).toEqual({ ok: true, intent: { kind: "segment", column: "planTier" } });
    expect(checkIntent({ kind: "top-at-risk", scope: "everyone" }, demo, null).ok).toBe(false);
  });
});
