/** How numbers read on charts, alt texts and tables: the same words everywhere. */

/** 0.273 → "27%"; keeps "<1%" and ">99%" honest at the ends. */
export function percent(p: number, digits = 0): string {
  if (!Number.isFinite(p)) return "–";
  const scale = 10 ** digits;
  const shown = Math.round(p * 100 * scale) / scale;
  if (p > 0 && shown === 0) return `<${1 / scale}%`;
  if (p < 1 && shown === 100) return `>${100 - 1 / scale}%`;
  return `${shown.toFixed(digits)}%`;
}

/** 0.121 → "+12 pts": a change in probability, in percentage points (`digits` decimals). */
export function points(delta: number, digits = 0): string {
  const scale = 10 ** digits;
  const shown = Math.round(Math.abs(delta) * 100 * scale) / scale;
  if (shown === 0) return `${delta >= 0 ? "+" : "−"}<${1 / scale} pt`;
  return `${delta > 0 ? "+" : "−"}${shown.toFixed(digits)} ${shown === 1 ? "pt" : "pts"}`;
}

/** 3512 → "3,512". */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Logistic function: a margin (log-odds) → probability. */
export function sigmoid(margin: number): number {
  return 1 / (1 + Math.exp(-margin));
}

/** Inverse of `sigmoid`. */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * An amount of money in the house format, for any ISO 4217 currency: the symbol where English has
 * an unambiguous one, else the code ("$12,345.60", "€50.36", "£9.99", "CA$5.00", "CHF 7.00"); two decimals.
 *
 * @example
 * money(12345.6, "USD"); // "$12,345.60"
 * money(50.36, "EUR"); // "€50.36"
 */
export function money(amount: number, currency = "USD"): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    moneyFormats.set(currency, format);
  }
  return format.format(amount).replace(/^([A-Z]{3})\s?/, "$1 ");
}
