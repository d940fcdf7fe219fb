import { describe, expect, it } from "vitest";
import { createLruCache } from "../../services/lru-cache.ts";

describe("createLruCache", () => {
  it("drops the least recently used entry beyond maxEntries", () => {
    const cache = createLruCache<number>({ maxEntries: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the most recent
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.size]).toEqual([1, undefined, 3, 2]);
  });

  it("bounds the total weight and skips values heavier than the bound", () => {
    const cache = createLruCache<string>({ maxEntries: 100, maxWeight: 10, weigh: (s) => s.length });
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    cache.set("c", "cccc");
    expect([cache.get("a"), cache.size, cache.weight]).toEqual([undefined, 2, 8]);
    cache.set("huge", "x".repeat(11));
    expect([cache.get("huge"), cache.size]).toEqual([undefined, 2]);
    cache.set("b", "bb");
    expect(cache.weight).toBe(6);
  });
});
