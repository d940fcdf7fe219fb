/** How numbers read in replies (the charts' conventions: "27%", "$70.35", "3,512"). */

/** 0.273 → "27%"; `digits` decimals; "<1%" and ">99%" at the ends. */
export function pct(p: number, digits = 0): string {
  if (!Number.isFinite(p)) return "–";
  const scale = 10 ** digits;
  const shown = Math.round(p * 100 * scale) / scale;
  if (p > 0 && shown === 0) return `<${1 / scale}%`;
  if (p < 1 && shown === 100) return `>${100 - 1 / scale}%`;
  return `${shown.toFixed(digits)}%`;
}

/** 70.35 → "$70.35"; 12345.6 → "$12,345.60". */
export function money(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** 3512 → "3,512". */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** "1 month", "5 months". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
