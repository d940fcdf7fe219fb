// Physical lines end in LF, CRLF or a lone CR (old Mac and some Excel exports), and a file may mix
// them. Every line number a reader reports is counted with these two functions, so they agree.

const CR = 13;
const LF = 10;

/**
 * Number of line breaks that start in `buf[from, to)`: each CR counts, and each LF that does not
 * end a CRLF. `crBefore` says whether the byte just before `buf` (the end of the previous chunk)
 * was a CR, so a CRLF split across two chunks counts once, in the chunk that holds the CR.
 */
export function countNewlines(buf: Buffer, from: number, to: number, crBefore = false): number {
  // Two native scans beat one byte-by-byte loop in JavaScript, even on CRLF files.
  let n = 0;
  for (let i = buf.indexOf(CR, from); i !== -1 && i < to; i = buf.indexOf(CR, i + 1)) n++;
  for (let i = buf.indexOf(LF, from); i !== -1 && i < to; i = buf.indexOf(LF, i + 1)) {
    if (i > 0 ? buf[i - 1] !== CR : !crBefore) n++;
  }
  return n;
}

/** Number of line breaks in `text` (CR, LF and CRLF each count once), e.g. inside a quoted CSV cell. */
export function countTextNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\r"); i !== -1; i = text.indexOf("\r", i + 1)) n++;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) if (i === 0 || text[i - 1] !== "\r") n++;
  return n;
}
