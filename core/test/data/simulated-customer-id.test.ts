import { describe, expect, it } from "vitest";
import { MAX_SIMULATED_ROWS, simulatedCustomerId } from "../../src/data/simulated-customer-id.ts";

describe("simulatedCustomerId", () => {
  it("looks like a real Telco ID and never repeats within a seed", () => {
    const ids = Array.from({ length: 200_000 }, (_, i) => simulatedCustomerId(i, 5));
    for (const id of ids.slice(0, 1000)) expect(id).toMatch(/^\d{4}-[A-Z]{5}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("depends on the seed and reaches the last index", () => {
    expect(simulatedCustomerId(0, 1)).not.toBe(simulatedCustomerId(0, 2));
    expect(simulatedCustomerId(MAX_SIMULATED_ROWS - 1, 1)).toMatch(/^\d{4}-[A-Z]{5}$/);
  });

  it("rejects indexes outside the ID space", () => {
    expect(() => simulatedCustomerId(-1, 1)).toThrow("invalid simulated row index: -1");
    expect(() => simulatedCustomerId(MAX_SIMULATED_ROWS, 1)).toThrow("invalid simulated row index");
    expect(() => simulatedCustomerId(1.5, 1)).toThrow("invalid simulated row index: 1.5");
  });
});
