/** How numbers read in replies: the charts' own conventions ("27%", "3,512"), plus money and plurals. */
import { count } from "../../core/src/charts/index.ts";

export { percent as pct, count } from "../../core/src/charts/index.ts";

/** 70.35 → "$70.35"; 12345.6 → "$12,345.60". */
export function money(n: number): string {
  return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** "1 month", "5 months". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
