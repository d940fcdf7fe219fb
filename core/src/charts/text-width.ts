/**
 * Text width estimates for layout (margins, wrapping, truncation). Plot does not measure text, and
 * a server has no layout engine, so we estimate from DejaVu Sans advance widths (the font the
 * server renders with; browsers' sans-serif fonts are narrower, so the estimate errs on the safe side).
 */

// Advance widths of DejaVu Sans for U+0020…U+007E, in thousandths of an em (from the font's hmtx).
// prettier-ignore
const ASCII = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636,
  636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775,
  752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390,
  337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
  635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
];
const OTHER: Record<string, number> = {
  "→": 838,
  "·": 318,
  "–": 500,
  "—": 1000,
  "…": 1000,
  "≤": 838,
  "≥": 838,
  "×": 838,
  "±": 838,
  "’": 318,
};
/** DejaVu Sans Bold is about 10% wider. */
const BOLD = 1.1;

/** Estimated width in pixels of `text` set in `fontSize` px (widest line when it has several). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let widest = 0;
  for (const line of text.split("\n")) {
    let w = 0;
    for (const ch of line) {
      const code = ch.codePointAt(0)!;
      w += code >= 32 && code < 127 ? ASCII[code - 32] : (OTHER[ch] ?? 1000);
    }
    widest = Math.max(widest, w);
  }
  return (widest / 1000) * fontSize * (bold ? BOLD : 1);
}

/** `text` shortened with "…" so it fits `maxWidth` pixels. */
export function truncateText(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join("").trimEnd()}…`, fontSize) > maxWidth) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}

/** Greedy word wrap into lines of at most `maxWidth` pixels (a word longer than that gets a line of its own). */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, fontSize, bold) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
