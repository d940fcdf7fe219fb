/**
 * Colours and type sizes shared by every chart. One rule matters to the server's blank-chart guard:
 * text is the only near-black ink (axes and grids are light grey, marks are saturated colours), so
 * a PNG's dark pixels are its text and its coloured pixels are its marks.
 */
export const THEME = {
  text: "#1a1a1a",
  mutedText: "#454545",
  axis: "#a3a3a3",
  grid: "#e6e6e6",
  background: "white",
  fontSize: 13,
  titleSize: 19,
  subtitleSize: 13,
  /** Lines of text are this many times their font size apart. */
  lineHeight: 1.3,
  padding: 14,
  /** Raises churn risk / high risk. */
  raise: "#d64550",
  /** Lowers churn risk. */
  lower: "#2f7bbf",
  /** A mark that is neither good nor bad (totals, reference points). */
  neutral: "#7a4fa0",
  /** The rest of a stacked bar. */
  rest: "#8cb4dc",
  bands: { Low: "#2e9e6b", Medium: "#e8a33d", High: "#d64550" },
  variants: ["#2f7bbf", "#e07b39", "#7a4fa0", "#2e9e6b"],
} as const;
