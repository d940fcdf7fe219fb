import { describe, expect, it } from "vitest";
import { assignVariant, DEFAULT_EXPERIMENT_KEY } from "../../src/data/variant.ts";
import { simulatedCustomerId } from "../../src/data/simulated-customer-id.ts";

const ids = Array.from({ length: 50_000 }, (_, i) => simulatedCustomerId(i, 77));
const shareB = (variants: string[]) => variants.filter((v) => v === "B").length / variants.length;

describe("assignVariant", () => {
  const arms = ids.map((id) => assignVariant(id));

  it("splits 50k IDs about 50/50 (within 1 point: 4.5 standard errors)", () => {
    expect(Math.abs(shareB(arms) - 0.5)).toBeLessThan(0.01);
  });

  it("is stable: the same ID and key always give the same arm", () => {
    expect(ids.map((id) => assignVariant(id, DEFAULT_EXPERIMENT_KEY))).toEqual(arms);
    expect([...ids].reverse().map((id) => assignVariant(id))).toEqual([...arms].reverse());
  });

  it("assigns independently across experiment keys", () => {
    const other = ids.map((id) => assignVariant(id, "onboarding-email"));
    const agree = other.filter((v, i) => v === arms[i]).length / ids.length;
    expect(Math.abs(agree - 0.5)).toBeLessThan(0.01);
  });

  it("honours configurable weights", () => {
    const holdout = ids.map((id) => assignVariant(id, DEFAULT_EXPERIMENT_KEY, { A: 0.9, B: 0.1 }));
    expect(Math.abs(shareB(holdout) - 0.1)).toBeLessThan(0.01);
    expect(ids.slice(0, 100).map((id) => assignVariant(id, "k", { A: 1, B: 0 }))).toEqual(Array(100).fill("A"));
    expect(ids.slice(0, 100).map((id) => assignVariant(id, "k", { A: 0, B: 3 }))).toEqual(Array(100).fill("B"));
  });

  it("does not confuse key and ID boundaries", () => {
    const a = ids.slice(0, 2000).map((id) => assignVariant(id.slice(1), `x${id[0]}`));
    const b = ids.slice(0, 2000).map((id) => assignVariant(id, "x"));
    expect(a).not.toEqual(b);
  });

  it("rejects unusable weights", () => {
    expect(() => assignVariant("1", "k", { A: -1, B: 1 })).toThrow("invalid variant weight A: -1");
    expect(() => assignVariant("1", "k", { A: 1, B: Number.NaN })).toThrow("invalid variant weight B: NaN");
    expect(() => assignVariant("1", "k", { A: 0, B: 0 })).toThrow("sum to 0");
  });
});
