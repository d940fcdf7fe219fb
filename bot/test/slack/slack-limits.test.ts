import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clipEscaped, clipText, codeBlocks } from "../../slack/index.ts";

describe("clipText", () => {
  it("leaves short text alone and cuts long text to the limit with an ellipsis", () => {
    expect(clipText("a month-to-month contract", 100)).toBe("a month-to-month contract");
    expect(clipText("a month-to-month contract", 10)).toBe("a month-t…");
  });

  it("never splits a surrogate pair", () => {
    expect(clipText("ab😀cd", 4)).toBe("ab…");
  });

  it("property: at most `max` characters, a prefix of the text", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (text, max) => {
          const clipped = clipText(text, max);
          expect(clipped.length).toBeLessThanOrEqual(max);
          if (clipped !== text) expect(text.startsWith(clipped.slice(0, -1))).toBe(true);
        },
      ),
    );
  });
});

describe("clipEscaped", () => {
  it("escapes &, < and >, then clips without leaving half an escape", () => {
    expect(clipEscaped("hi <!channel> & <@U1>", 100)).toBe("hi &lt;!channel&gt; &amp; &lt;@U1&gt;");
    expect(clipEscaped("ab<cd", 5)).toBe("ab…");
    expect(clipEscaped("ab&cd", 6)).toBe("ab…");
  });

  it("property: at most `max` characters, no raw <, > or &, and no cut escape", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 200 }), (text, max) => {
        const clipped = clipEscaped(text, max);
        expect(clipped.length).toBeLessThanOrEqual(max);
        expect(clipped).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
      }),
    );
  });
});

describe("codeBlocks", () => {
  it("one block when it fits", () => {
    expect(codeBlocks(["# Customer", "1 7590-VHVEG"], 3000)).toEqual(["```\n# Customer\n1 7590-VHVEG\n```"]);
  });

  it("splits whole lines over blocks, and past the block budget says how many lines were left out", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3)} ${"x".repeat(90)}`);
    const all = codeBlocks(lines, 3000);
    expect(all.length).toBe(4);
    expect(all.join("\n").match(/x{90}/g)).toHaveLength(100);
    const two = codeBlocks(lines, 3000, 2);
    expect(two).toHaveLength(2);
    expect(two[1]).toMatch(/\n… \d+ more lines\n```$/);
    const shown = two.join("\n").match(/x{90}/g)!.length;
    expect(two[1]).toContain(`… ${100 - shown} more lines`);
  });

  it("property: every block within the limit, fenced, backticks neutralised, lines in order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 400 }), { maxLength: 80 }),
        fc.integer({ min: 200, max: 3000 }),
        fc.integer({ min: 1, max: 6 }),
        (lines, max, maxBlocks) => {
          const blocks = codeBlocks(lines, max, maxBlocks);
          expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
          for (const b of blocks) {
            expect(b.length).toBeLessThanOrEqual(max);
            expect(b.startsWith("```\n") && b.endsWith("\n```")).toBe(true);
            expect(b.slice(3, -3)).not.toContain("`");
          }
        },
      ),
    );
  });
});
