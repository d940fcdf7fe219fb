import { describe, expect, it } from "vitest";
import { isSiteOutput } from "../../tools/build-site.ts";

describe("isSiteOutput: which output folders a build may clear", () => {
  it("an empty folder, a finished build, and a build stopped before its pages were written", () => {
    expect(isSiteOutput([])).toBe(true);
    expect(isSiteOutput(["_observablehq", "_file", "_import", "_npm", "index.html", "model.html"])).toBe(
      true,
    );
    // Ctrl-C during the build: Framework had written data files and styles, no page yet.
    expect(isSiteOutput(["_file", "_import"])).toBe(true);
  });

  it("never a folder holding anything else", () => {
    expect(isSiteOutput(["notes.txt"])).toBe(false);
    expect(isSiteOutput(["_observablehq", "index.html", "src"])).toBe(false);
    expect(isSiteOutput(["_file", ".git"])).toBe(false);
    expect(isSiteOutput(["_File"])).toBe(false);
  });
});
