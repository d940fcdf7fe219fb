import type { DigestReport } from "../../core/src/digest/index.ts";
import type { CustomerActionStore } from "../../core/src/store/index.ts";
import { actionWords } from "../conversation/index.ts";
import type { DigestSection } from "./digest-text.ts";

/**
 * The call-first list with what the team did (write-back): each listed customer's latest action
 * ("contacted 2 days ago by dana") from the shared store, on the report (plain data, so every
 * renderer shows the same). Snoozed customers were left out when the report was built
 * (`DigestInput.snoozed`).
 */
export async function addLastActions(
  report: DigestReport,
  actions: CustomerActionStore,
  now: Date,
): Promise<void> {
  if (report.callFirst.length === 0) return;
  const latest = await actions.latest(report.callFirst.map((c) => c.id));
  for (const c of report.callFirst) {
    const a = latest.get(c.id);
    if (a) c.lastAction = actionWords(a, now);
  }
}

/** The "Call first" section with a "Last action" column and how many snoozed customers were left out. */
export function withCallFirstActions(section: DigestSection, report: DigestReport): DigestSection {
  const lines = [...section.lines];
  const snoozed = report.callFirstSnoozed ?? 0;
  if (snoozed > 0)
    lines.push(
      `${snoozed} snoozed ${snoozed === 1 ? "customer is" : "customers are"} left out until the snooze ends ("history <id>" in chat says until when).`,
    );
  const table = section.table;
  if (!table || !report.callFirst.some((c) => c.lastAction)) return { ...section, lines };
  return {
    ...section,
    lines,
    table: {
      columns: [...table.columns, "Last action"],
      align: [...table.align, "left"],
      rows: table.rows.map((row, i) => [...row, report.callFirst[i]?.lastAction ?? "–"]),
    },
  };
}
