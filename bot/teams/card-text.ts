/**
 * Text for an Adaptive Card TextBlock or fact, shown as written: Teams renders a subset of
 * Markdown there, so a customer value or an echoed message containing `[x](https://…)`, `*` or
 * `_` would turn into a link or emphasis. The characters that start emphasis, code or a link get a
 * backslash (a link needs its brackets, so parentheses stay as they are), and so does a line that
 * would start a list or heading.
 *
 * @example
 * cardText("[win](https://evil.example) *now*"); // "\\[win\\](https://evil.example) \\*now\\*"
 */
export function cardText(text: string): string {
  return text
    .replace(/[\\`*_[\]~]/g, "\\$&")
    .replace(/^(\s*)([-+#])(?=\s)/gm, "$1\\$2")
    .replace(/^(\s*\d+)\.(?=\s)/gm, "$1\\.");
}
