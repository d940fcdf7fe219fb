import { describe, expect, it } from "vitest";
import { displaySafe } from "../../src/data/display-safe.ts";

describe("displaySafe", () => {
  it("removes ANSI escape sequences (colour, cursor moves, OSC titles and links)", () => {
    expect(displaySafe("ok\x1b[31mred\x1b[0m")).toBe("okred");
    expect(displaySafe("a\x1b[2J\x1b[1;1Hb")).toBe("ab");
    expect(displaySafe("\x1b]0;pwned\x07title")).toBe("title");
    expect(displaySafe("\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\")).toBe("link");
  });

  it("removes C0 and C1 control characters and DEL, turning CRLF into LF", () => {
    expect(displaySafe("a\x00b\x07c\x08d\x7fe\x85f\x9bg")).toBe("abcdefg");
    expect(displaySafe("one\r\ntwo\rthree")).toBe("one\ntwothree");
  });

  it("removes bidi controls that reorder what a reader sees", () => {
    expect(displaySafe("user\u202Egnp.exe")).toBe("usergnp.exe");
    expect(displaySafe("a\u2066b\u2069c\u200Fd\u061Ce")).toBe("abcde");
  });

  it("keeps tabs, newlines and ordinary Unicode; singleLine folds them into spaces", () => {
    expect(displaySafe("naïve\tcafé\n日本 🎉")).toBe("naïve\tcafé\n日本 🎉");
    expect(displaySafe("a\r\n\tb\nc", { singleLine: true })).toBe("a b c");
  });
});
