/** Width of the TXT summaries. */
export const SUMMARY_WIDTH = 78;

/**
 * Greedy word wrap to the summary width; the first line gets the `first` prefix, the rest `rest`.
 *
 * @example
 * wrapText("a long sentence …", "  - ", "    ");
 */
export function wrapText(text: string, first: string, rest = first, width = SUMMARY_WIDTH): string[] {
  const out: string[] = [];
  let line = first;
  for (const word of text.split(" ")) {
    const prefix = out.length === 0 ? first : rest;
    if (line.length > prefix.length && line.length + 1 + word.length > width) {
      out.push(line);
      line = rest + word;
    } else {
      line += line.length > prefix.length ? ` ${word}` : word;
    }
  }
  out.push(line);
  return out;
}
