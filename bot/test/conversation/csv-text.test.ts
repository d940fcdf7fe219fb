// The CSV writer of exports: RFC 4180 (CRLF, quoting, doubled quotes) and formula-injection safe.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvText } from "../../conversation/csv-text.ts";

describe("csvText", () => {
  it("writes RFC 4180: CRLF after every record, quotes around commas, quotes and line breaks, quotes doubled", () => {
    const text = csvText(
      ["ID", "Plan, tier", "Note"],
      [
        ["A-1", 'say "hi"', "two\nlines"],
        ["B-2", 12.5, " padded "],
      ],
    );
    expect(text).toBe('ID,"Plan, tier",Note\r\nA-1,"say ""hi""","two\nlines"\r\nB-2,12.5," padded "\r\n');
    expect(parse(text, { relax_column_count: false })).toEqual([
      ["ID", "Plan, tier", "Note"],
      ["A-1", 'say "hi"', "two\nlines"],
      ["B-2", "12.5", " padded "],
    ]);
  });

  it("prefixes cells that a spreadsheet would run as a formula (= + - @ tab CR) with ', headers too; numbers stay numbers", () => {
    const cells = ["=1+1", "+SUM(A1)", "-A1", "@cmd", "\tx", "\rx", "-12.5", "safe"];
    const text = csvText(['=HYPERLINK("http://x")', "ok"], [cells.slice(0, 4), cells.slice(4), [-3, 7]]);
    const rows = parse(text, { relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['\'=HYPERLINK("http://x")', "ok"]);
    expect(rows[1]).toEqual(["'=1+1", "'+SUM(A1)", "'-A1", "'@cmd"]);
    expect(rows[2]).toEqual(["'\tx", "'\rx", "-12.5", "safe"]);
    expect(rows[3]).toEqual(["-3", "7"]);
  });
});
