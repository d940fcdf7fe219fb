import { describe, expect, it } from "vitest";
import { isFreshSlackTimestamp } from "../../slack/request-freshness.ts";

const NOW = 1_700_000_000_000;

describe("isFreshSlackTimestamp", () => {
  it("accepts timestamps within 5 minutes either way, refuses those beyond, in both directions", () => {
    for (const delta of [0, -300, 300, -1, 1])
      expect(isFreshSlackTimestamp(String(1_700_000_000 + delta), NOW)).toBe(true);
    for (const delta of [-301, 301, 400, -400, 86_400])
      expect(isFreshSlackTimestamp(String(1_700_000_000 + delta), NOW)).toBe(false);
  });

  it("refuses a timestamp that is not whole seconds; leaves a missing one to Bolt", () => {
    for (const header of [
      "",
      "12e8",
      "1700000000.5",
      "-1700000000",
      " 1700000000",
      "0x6553f100",
      ["1700000000", "1700000000"],
    ])
      expect(isFreshSlackTimestamp(header, NOW)).toBe(false);
    expect(isFreshSlackTimestamp(undefined, NOW)).toBe(true);
  });
});
