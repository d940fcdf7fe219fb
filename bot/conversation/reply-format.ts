/** How numbers read in replies: the charts' own conventions ("27%", "3,512"), plus money and plurals. */
import { count, money as formatMoney } from "../../core/src/charts/index.ts";

export { percent as pct, count } from "../../core/src/charts/index.ts";

/** 70.35 → "$70.35"; 12345.6 → "$12,345.60"; (50.36, "EUR") → "€50.36" (core's one money format). */
export function money(n: number, currency = "USD"): string {
  return formatMoney(n, currency);
}

/** "1 month", "5 months". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}
