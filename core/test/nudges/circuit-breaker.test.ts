import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "../../src/nudges/circuit-breaker.ts";

describe("createCircuitBreaker", () => {
  it("opens after consecutive failures, lets one trial through after the open time, closes on success", () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 3, openMs: 1000, clock: () => now });
    breaker.failure();
    breaker.failure();
    breaker.success(); // resets the count
    breaker.failure();
    breaker.failure();
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe("open");
    expect(breaker.allow()).toBe(false);
    now = 999;
    expect(breaker.allow()).toBe(false);
    now = 1000;
    expect(breaker.state).toBe("half-open");
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(false); // one trial at a time
    breaker.success();
    expect(breaker.state).toBe("closed");
    expect(breaker.allow()).toBe(true);
  });

  it("reopens at once when the trial fails", () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 2, openMs: 100, clock: () => now });
    breaker.failure();
    breaker.failure();
    now = 150;
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe("open");
    now = 249;
    expect(breaker.allow()).toBe(false);
    now = 250;
    expect(breaker.allow()).toBe(true);
  });

  it("refuses bad settings", () => {
    expect(() => createCircuitBreaker({ failureThreshold: 0, clock: Date.now })).toThrow(
      "invalid failure threshold: 0",
    );
  });
});
