/** Number of line feeds (0x0A) in `buf[from, to)`: physical lines are counted by LF, so CRLF counts once. */
export function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buf.indexOf(10, from); i !== -1 && i < to; i = buf.indexOf(10, i + 1)) n++;
  return n;
}
