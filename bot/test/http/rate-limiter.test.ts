import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../http/rate-limiter.ts";

describe("createRateLimiter", () => {
  it("allows a burst of perMinute, then refuses with the seconds until a token is back", () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 3, clock: () => now });
    expect([1, 2, 3].map(() => limiter.take("shop").ok)).toEqual([true, true, true]);
    // 3 per minute: one token every 20 s.
    expect(limiter.take("shop")).toEqual({ ok: false, retryAfterSeconds: 20 });
    now += 15_000;
    expect(limiter.take("shop")).toEqual({ ok: false, retryAfterSeconds: 5 });
    now += 5_000;
    expect(limiter.take("shop")).toEqual({ ok: true, remaining: 0 });
  });

  it("keeps one bucket per key, refilled up to perMinute only", () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 2, clock: () => now });
    limiter.take("a");
    limiter.take("a");
    expect(limiter.take("a").ok).toBe(false);
    expect(limiter.take("b")).toEqual({ ok: true, remaining: 1 });
    now += 10 * 60_000;
    expect([1, 2, 3].map(() => limiter.take("a").ok)).toEqual([true, true, false]);
  });

  it("never asks to wait less than a second", () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 600_000, clock: () => now });
    for (let i = 0; i < 600_000; i++) limiter.take("k");
    expect(limiter.take("k")).toEqual({ ok: false, retryAfterSeconds: 1 });
    now += 1;
    expect(limiter.take("k").ok).toBe(true);
  });

  it("rejects a rate that is not positive", () => {
    expect(() => createRateLimiter({ perMinute: 0, clock: () => 0 })).toThrow("invalid rate limit: 0");
  });
});
