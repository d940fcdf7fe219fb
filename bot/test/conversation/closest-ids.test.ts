import { table } from "arquero";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../core/src/data/index.ts";
import { simulatedCustomerId } from "../../../core/src/data/index.ts";
import { closestIds, editDistance } from "../../conversation/index.ts";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "abc", 0],
    ["abc", "abd", 1],
    ["abc", "ab", 1],
    ["abc", "abcd", 1],
    ["7590-VHVEG", "7590-VHVGE", 1], // a swap is one edit
    ["7590-VHVEG", "7590VHVEG", 1],
    ["kitten", "sitting", 3],
    ["ca", "abc", 3], // optimal string alignment, not full Damerau
  ])("%j → %j: %i", (a, b, d) => {
    expect(editDistance(a, b, 10)).toBe(d);
    expect(editDistance(b, a, 10)).toBe(d);
  });

  it("stops at max + 1", () => {
    expect(editDistance("aaaaaaaa", "bbbbbbbb", 2)).toBe(3);
    expect(editDistance("a", "abcdefgh", 3)).toBe(4);
  });
});

// 100k IDs shaped like the real ones, as the simulator makes them.
const ids = Array.from({ length: 100_000 }, (_, i) => simulatedCustomerId(i, 7));
const big = table({ customerID: ids });
const small = table({ customerID: ids.slice(0, 5000) });

/** A seeded single edit: substitute, delete, insert or swap one character. */
function typo(id: string, random: () => number): string {
  const i = Math.floor(random() * id.length);
  const letter = String.fromCharCode(65 + Math.floor(random() * 26));
  switch (Math.floor(random() * 4)) {
    case 0:
      return id.slice(0, i) + (id[i] === letter ? "Q" : letter) + id.slice(i + 1);
    case 1:
      return id.slice(0, i) + id.slice(i + 1);
    case 2:
      return id.slice(0, i) + letter + id.slice(i);
    default:
      return i + 1 < id.length && id[i] !== id[i + 1]
        ? id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2)
        : id.slice(0, i) + "Z" + id.slice(i + 1);
  }
}

describe("closestIds", () => {
  it("finds the ID one typo away, nearest first, ties by ID", () => {
    const target = ids[123];
    const asked = `${target.slice(0, -1)}${target.endsWith("Q") ? "R" : "Q"}`;
    const found = closestIds(small, asked);
    expect(found[0]).toEqual({ customerID: target, distance: 1 });
    for (let i = 1; i < found.length; i++) {
      const [a, b] = [found[i - 1], found[i]];
      expect(a.distance < b.distance || (a.distance === b.distance && a.customerID < b.customerID)).toBe(
        true,
      );
    }
  });

  it("matches the same ID in another case at distance 0", () => {
    expect(closestIds(big, ids[42].toLowerCase())[0]).toEqual({ customerID: ids[42], distance: 0 });
  });

  it("on a large snapshot finds, through the index, what a full scan finds for one-edit typos", () => {
    const random = seededRandom(2026);
    for (let k = 0; k < 40; k++) {
      const target = ids[Math.floor(random() * ids.length)];
      const asked = typo(target, random);
      const indexed = closestIds(big, asked, { limit: 1 });
      const scanned = closestIds(big, asked, { limit: 1, scanAll: Infinity });
      expect(indexed[0].distance).toBe(scanned[0].distance);
      expect(indexed[0].distance).toBeLessThanOrEqual(1);
    }
  });

  it("suggests nothing for a query far from every ID, and respects the limit", () => {
    expect(closestIds(big, "hello world, this is not an id")).toEqual([]);
    expect(closestIds(small, "", {})).toEqual([]);
    expect(closestIds(small, ids[0].slice(0, 6), { limit: 2, maxDistance: 10 }).length).toBe(2);
  });
});
