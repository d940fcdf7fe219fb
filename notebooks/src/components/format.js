// Number formats of the pages: the same words as core's chart labels (core/src/charts/chart-format.ts).

/** 0.273 → "27%"; keeps "<1%" and ">99%" honest at the ends; "–" when not a number. */
export function percent(p, digits = 0) {
  if (p === null || !Number.isFinite(p)) return "–";
  const scale = 10 ** digits;
  const shown = Math.round(p * 100 * scale) / scale;
  if (p > 0 && shown === 0) return `<${1 / scale}%`;
  if (p < 1 && shown === 100) return `>${100 - 1 / scale}%`;
  return `${shown.toFixed(digits)}%`;
}

/** 3512 → "3,512". */
export function count(n) {
  return Math.round(n).toLocaleString("en-US");
}

/** 102458.5 → "$102,459"; in the contract's currency when given ("€44,364"); "–" when not a number. */
export function money(v, digits = 0, currency = "USD") {
  if (v === null || !Number.isFinite(v)) return "–";
  return v.toLocaleString("en-US", {
    style: "currency",
    currency: currency ?? "USD",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** A difference in probability as percentage points: -0.0235 → "−2.4 pts". */
export function points(delta, digits = 1) {
  const shown = (Math.abs(delta) * 100).toFixed(digits);
  return `${delta < 0 ? "−" : "+"}${shown} pts`;
}

/** A p-value in words: "0.062", "<0.001". */
export function pValue(p) {
  return p < 0.001 ? "<0.001" : p.toFixed(3);
}
