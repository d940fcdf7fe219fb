import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { DataFileError } from "../../src/data/data-file-error.ts";
import { readTextChunks } from "../../src/data/read-text-chunks.ts";
import { tempDir } from "./customer-csv.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const CHUNK_SIZES = [1, 2, 3, 7, 65536];

async function readAll(path: string, chunkBytes?: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readTextChunks(path, { chunkBytes })) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function readError(path: string, chunkBytes?: number): Promise<DataFileError> {
  const err = await readAll(path, chunkBytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataFileError);
  return err as DataFileError;
}

/** The line-break rule, stated plainly: CRLF, a lone CR and a lone LF each end one physical line. */
const breaks = (text: string): number => text.match(/\r\n|\r|\n/g)?.length ?? 0;

/**
 * `lines`, each ending in the next of `eols` (cycled), with the bytes `bad` spliced in before line
 * `n`; and the physical line they are on (a CR ending one line and an LF ending an empty next
 * one are a single CRLF, so it may be less than `n`).
 */
function withBadBytes(lines: string[], eols: string[], n: number, bad: readonly number[]): { bytes: Buffer; line: number } {
  const text = lines.map((l, i) => l + eols[i % eols.length]);
  const before = text.slice(0, n - 1).join("");
  const bytes = Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(text.slice(n - 1).join(""))]);
  return { bytes, line: 1 + breaks(before) };
}

const LINES = ["customerID,gender", "A-1,Female", "B-2,Male", "", "C-3,Female", "D-4,Male", "E-5,Female"];

describe("readTextChunks", () => {
  it("yields the file's bytes (without the BOM) whatever the chunk size", async () => {
    const text = "a,b\r1,2\r\n3,4\n\r5,6\r";
    const path = tmp.file("bom.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    for (const chunkBytes of CHUNK_SIZES) expect((await readAll(path, chunkBytes)).toString()).toBe(text);
  });

  it("reports an invalid UTF-8 byte on line N of a CR-only file as line N", async () => {
    for (let n = 1; n <= LINES.length; n++) {
      const { bytes, line } = withBadBytes(LINES, ["\r"], n, [0xe9]); // é in Latin-1
      expect(line).toBe(n);
      const path = tmp.file(`cr-latin1-${n}.csv`, bytes);
      for (const chunkBytes of CHUNK_SIZES) {
        const e = await readError(path, chunkBytes);
        expect(e.code).toBe("invalid-utf8");
        expect(e.line).toBe(n);
        expect(e.message).toContain(`(line ${n})`);
      }
    }
  });

  it("names the same line for invalid UTF-8 and NUL bytes whatever the line endings and chunking", async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("\n", "\r\n", "\r"), { minLength: 1, maxLength: LINES.length }),
        fc.integer({ min: 1, max: LINES.length }),
        fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0x00]),
        fc.constantFrom(...CHUNK_SIZES),
        async (eols, n, bad, chunkBytes) => {
          const { bytes, line } = withBadBytes(LINES, eols, n, bad);
          const e = await readError(tmp.file(`mixed-bad-${k++}.csv`, bytes), chunkBytes);
          expect(e.code).toBe(bad[0] === 0 ? "binary" : "invalid-utf8");
          expect(e.line).toBe(line);
        },
      ),
      { numRuns: 120, seed: 7 },
    );
  });

  it("counts a CRLF split across two chunks once", async () => {
    // In 2-byte chunks the first and the last CRLF straddle a boundary: "a\r" "\nb" "\r\n" "c\r" "\n\xff".
    const path = tmp.file("split-crlf.csv", Buffer.concat([Buffer.from("a\r\nb\r\nc\r\n"), Buffer.from([0xff])]));
    const e = await readError(path, 2);
    expect(e.line).toBe(4);
  });

  it("reports a character cut at the end of a CR-only file on the last line", async () => {
    const path = tmp.file("cut.csv", Buffer.concat([Buffer.from("a,b\r1,2\r"), Buffer.from("é").subarray(0, 1)]));
    for (const chunkBytes of CHUNK_SIZES) expect((await readError(path, chunkBytes)).line).toBe(3);
  });
});
