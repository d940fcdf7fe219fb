import { describe, expect, it } from "vitest";
import { lineageKey, sameLineage } from "../../src/snapshot/index.ts";

const m = (id: string, contract: string | null, model: string, schemaVersion = 2) => ({
  id,
  contract: contract === null ? null : { name: contract },
  model: { name: model, hash: `h-${id}` },
  schemaVersion,
});

describe("sameLineage", () => {
  it("joins only snapshots of the same data set, model name and band definition", () => {
    const current = m("d", "simulated", "demo");
    const all = [
      current,
      m("c", "simulated", "demo"), // a retrained demo model: same lineage
      m("b", "telco", "demo"), // another data set scored by a model called demo
      m("a", "simulated", "other"), // another model
      m("z", null, "demo", 1), // version 1: bands counted churned customers
    ];
    const { manifests, leftOut } = sameLineage(all, current);
    expect(manifests.map((x) => x.id)).toEqual(["d", "c"]);
    expect(leftOut).toBe(3);
    expect(lineageKey(all[1])).toBe(lineageKey(current));
    expect(new Set(all.map(lineageKey)).size).toBe(4);
  });
});
