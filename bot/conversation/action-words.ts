import { displaySafe } from "../../core/src/index.ts";
import type { StoredCustomerAction } from "../../core/src/store/index.ts";
import { plural } from "./reply-format.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Characters of an offer shown in a line (the history answer shows it whole). */
const OFFER_IN_LINE = 80;

/**
 * One action in words, as lists, cards and digests show it:
 * "contacted 2 days ago by dana", `offer "20% off for 3 months" 1 hour ago by Lee Park`,
 * "snoozed for 14 days (until 2026-12-20) just now by dana", "snooze of 14 days ended 2026-12-20 (set
 * 15 days ago by dana)", "unsnoozed 3 days ago by dana".
 *
 * @example
 * actionWords({ kind: "contacted", at: new Date("2026-12-04T10:00Z"), userName: "dana", … }, new Date("2026-12-06T10:00Z"));
 * // "contacted 2 days ago by dana"
 */
export function actionWords(
  a: StoredCustomerAction,
  now: Date,
  options: { fullOffer?: boolean } = {},
): string {
  const tail = `${ago(now.getTime() - a.at.getTime())} by ${who(a)}`;
  switch (a.kind) {
    case "contacted":
      return `contacted ${tail}`;
    case "offer": {
      const note = displaySafe(a.note ?? "", { singleLine: true });
      const shown =
        options.fullOffer || [...note].length <= OFFER_IN_LINE
          ? note
          : `${[...note]
              .slice(0, OFFER_IN_LINE - 1)
              .join("")
              .trimEnd()}…`;
      return `offer "${shown}" ${tail}`;
    }
    case "snooze": {
      const until = a.snoozeUntil ?? a.at;
      const days = Math.round((until.getTime() - a.at.getTime()) / DAY);
      // A snooze that has ended says so: the customer is back on the lists.
      if (until <= now) return `snooze of ${plural(days, "day")} ended ${day(until)} (set ${tail})`;
      return `snoozed for ${plural(days, "day")} (until ${day(until)}) ${tail}`;
    }
    case "unsnooze":
      return `unsnoozed ${tail}`;
  }
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago" (a time ahead of `now` reads "just now"). */
export function ago(ms: number): string {
  if (ms < MINUTE) return "just now";
  if (ms < HOUR) return `${plural(Math.floor(ms / MINUTE), "minute")} ago`;
  if (ms < DAY) return `${plural(Math.floor(ms / HOUR), "hour")} ago`;
  return `${plural(Math.floor(ms / DAY), "day")} ago`;
}

/** "2026-12-20" (UTC). */
export function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The name of who did it, or their ID, safe to show on one line. */
function who(a: Pick<StoredCustomerAction, "userName" | "userId">): string {
  return displaySafe(a.userName || a.userId, { singleLine: true }).slice(0, 64);
}
