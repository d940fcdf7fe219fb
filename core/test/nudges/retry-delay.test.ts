import { describe, expect, it } from "vitest";
import { parseRetryAfter, retryDelayMs } from "../../src/nudges/retry-delay.ts";

describe("retryDelayMs", () => {
  it("honours Retry-After in seconds or as an HTTP date", () => {
    expect(retryDelayMs(0, { retryAfter: "2" })).toBe(2000);
    expect(retryDelayMs(5, { retryAfter: "0.5" })).toBe(500);
    const now = () => Date.parse("Sat, 21 Nov 2026 09:00:00 GMT");
    expect(retryDelayMs(0, { retryAfter: "Sat, 21 Nov 2026 09:00:03 GMT", now })).toBe(3000);
    expect(parseRetryAfter("Sat, 21 Nov 2026 08:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("otherwise draws full jitter below a doubling, capped ceiling", () => {
    const at = (attempt: number, u: number) =>
      retryDelayMs(attempt, { random: () => u, baseMs: 250, maxMs: 2000 });
    expect([0, 1, 2, 3, 4].map((a) => at(a, 0.999999))).toEqual([249, 499, 999, 1999, 1999]);
    expect(at(2, 0)).toBe(0);
    expect(at(2, 0.5)).toBe(500);
  });
});
