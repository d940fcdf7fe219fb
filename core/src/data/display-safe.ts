export interface DisplaySafeOptions {
  /** Also turn line breaks and tabs into single spaces (for titles, table cells, log fields). */
  singleLine?: boolean;
}

// ANSI/VT escape sequences: CSI (ESC [ ... final) and OSC (ESC ] ... BEL or ESC \), then lone ESC pairs.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/g;
// C0 controls except tab and LF, DEL, C1 controls, and the Unicode bidi controls that can reorder
// what a reader sees ("Trojan Source"): ALM, LRM, RLM, LRE..RLO, LRI..PDI.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes untrusted text (customer IDs, file cells, LLM output) safe to show in a terminal, chat
 * message or log line: removes ANSI escape sequences, control characters (CR included; CRLF
 * becomes LF) and bidi override characters. Tabs and line feeds stay unless `singleLine` is set.
 *
 * @example
 * displaySafe("ok\x1b[31mred\x1b[0m\x07")         // → "okred"
 * displaySafe("a\r\nb\tc", { singleLine: true }) // → "a b c"
 */
export function displaySafe(text: string, options: DisplaySafeOptions = {}): string {
  let out = text.replace(/\r\n/g, "\n").replace(ANSI, "").replace(CONTROL, "");
  if (options.singleLine) out = out.replace(/[\n\t]+/g, " ");
  return out;
}
