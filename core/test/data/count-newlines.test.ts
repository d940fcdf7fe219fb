import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { countNewlines, countTextNewlines } from "../../src/data/count-newlines.ts";

/** The rule, stated as plainly as possible: CRLF, a lone CR and a lone LF each end one line. */
const breaks = (text: string): number => text.match(/\r\n|\r|\n/g)?.length ?? 0;

const text = fc
  .array(fc.constantFrom("a", "\r", "\n", "\r\n", "é", ","), { maxLength: 40 })
  .map((parts) => parts.join(""));

describe("countNewlines", () => {
  it("counts CR, LF and CRLF once each", () => {
    const mixed = "a\rb\nc\r\nd\n\re\r\r\n\n"; // CR, LF, CRLF, LF, CR, CR, CRLF, LF
    expect(countNewlines(Buffer.from(mixed), 0, mixed.length)).toBe(8);
    expect(countTextNewlines(mixed)).toBe(8);
    expect(countTextNewlines("\n")).toBe(1);
    expect(countTextNewlines("")).toBe(0);
  });

  it("agrees with the rule on any text, for buffers and strings alike", () => {
    fc.assert(
      fc.property(text, (t) => {
        const buf = Buffer.from(t);
        expect(countNewlines(buf, 0, buf.length)).toBe(breaks(t));
        expect(countTextNewlines(t)).toBe(breaks(t));
      }),
      { numRuns: 500, seed: 4242 },
    );
  });

  it("counts a CRLF split across chunks once, whatever the chunk boundaries", () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (t, cuts) => {
        const buf = Buffer.from(t);
        const bounds = [0, ...cuts.map((c) => c % (buf.length + 1)).sort((a, b) => a - b), buf.length];
        let total = 0;
        let crBefore = false;
        for (let k = 0; k + 1 < bounds.length; k++) {
          const chunk = buf.subarray(bounds[k], bounds[k + 1]);
          total += countNewlines(chunk, 0, chunk.length, crBefore);
          if (chunk.length > 0) crBefore = chunk[chunk.length - 1] === 13;
        }
        expect(total).toBe(breaks(t));
      }),
      { numRuns: 500, seed: 4243 },
    );
  });

  it("counts the breaks that start in a sub-range, so ranges add up (the line of any byte)", () => {
    fc.assert(
      fc.property(text, fc.nat(), (t, cut) => {
        const buf = Buffer.from(t);
        const at = cut % (buf.length + 1);
        expect(countNewlines(buf, 0, at) + countNewlines(buf, at, buf.length)).toBe(breaks(t));
        // The line a byte is on: 1 + the breaks before it.
        expect(countNewlines(buf, 0, at)).toBe(breaks(buf.subarray(0, at).toString("latin1")));
      }),
      { numRuns: 500, seed: 4244 },
    );
  });
});
