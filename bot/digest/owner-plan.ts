import { count } from "../../core/src/charts/index.ts";
import type { DigestSnapshot } from "../../core/src/digest/index.ts";
import type { DigestSchedule } from "./digest-config.ts";
import { money } from "./digest-text.ts";
import { bookOwners, ownerBook } from "./owner-book.ts";
import { ownerDestinations, type OwnerRoutes } from "./owner-destinations.ts";

/** One owner's line of a per-owner schedule's plan. */
export interface OwnerPlanRow {
  owner: string;
  /** Customers to act on in their book, and of those at High risk. */
  customers: number;
  high: number;
  /** Monthly revenue at risk of the book; null without a revenue column. */
  revenueAtRisk: number | null;
  currency: string | null;
  /** Where the digest would go ("slack DM U0123ABCD", "outbox data/outbox/…"), or null. */
  destination: string | null;
  /** Why it would not go anywhere. */
  unavailable: string | null;
}

/**
 * What a per-owner schedule would send (`engagetrack digest --dry-run`): each owner of the
 * snapshot's customers to act on, their book's size, High-risk count and revenue at risk (the core
 * summary of their book), and where their digest would go — nothing sent, no chat API called (an
 * e-mail is looked up in Slack only when sending).
 *
 * @example
 * ownerPlan(schedule, snapshot, { directory, outboxDir: "data/outbox" });
 * // [{ owner: "Dana Whitfield", customers: 105, high: 12, revenueAtRisk: 2210.5, destination: "outbox data/outbox/my-accounts/dana-whitfield", … }]
 */
export function ownerPlan(
  schedule: DigestSchedule,
  snapshot: DigestSnapshot,
  routes: OwnerRoutes,
): OwnerPlanRow[] {
  const owners = bookOwners(snapshot);
  const destinations = ownerDestinations(schedule, owners, routes);
  return owners.map((owner, i) => {
    const summary = ownerBook(snapshot, owner).summary();
    const d = destinations[i];
    return {
      owner,
      customers: summary.customers,
      high: summary.bands.High,
      revenueAtRisk: summary.revenueAtRisk,
      currency: summary.currency,
      destination: d.unavailable ? null : d.label.slice(owner.length + 2),
      unavailable: d.unavailable ?? null,
    };
  });
}

/** The plan as Markdown: a heading, what the schedule does, one table row per owner. */
export function renderOwnerPlan(
  schedule: DigestSchedule,
  slot: string,
  snapshot: DigestSnapshot,
  rows: readonly OwnerPlanRow[],
): string {
  const column = snapshot.dataset.owner?.column;
  const head = [
    `# Per-owner digest plan — ${schedule.name}`,
    "",
    `Slot ${slot} · snapshot ${snapshot.manifest.id}. Nothing is sent or recorded by a dry run.`,
    "",
  ];
  if (!column)
    return `${[...head, `Data set ${snapshot.dataset.name} declares no owner column (contract: owner): no digest would go out.`].join("\n")}\n`;
  if (rows.length === 0)
    return `${[...head, `No customer to act on has an owner (column ${column}): no digest would go out.`].join("\n")}\n`;
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");
  return `${[
    ...head,
    `Each owner in ${column} gets a digest of their own customers to act on:`,
    "",
    "| Owner | Customers to act on | High | Revenue at risk / month | Goes to |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows.map(
      (r) =>
        `| ${cell(r.owner)} | ${count(r.customers)} | ${count(r.high)} | ${r.revenueAtRisk === null ? "–" : money(r.revenueAtRisk, r.currency)} | ${cell(r.destination ?? `nowhere: ${r.unavailable}`)} |`,
    ),
  ].join("\n")}\n`;
}
