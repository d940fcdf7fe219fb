import type { CooldownClaim, CooldownEntry, CooldownStore, Nudge } from "../nudges/index.ts";
import type { SqlClient } from "./sql-client.ts";

/**
 * Nudge cooldowns in the shared store: one customer gets one nudge per cooldown window across all
 * replicas (the claim is one conditional upsert), and every decided nudge is recorded in
 * `nudge_decisions` with the process that decided it.
 *
 * @example
 * const triggers = createNudgeTriggers({ decide, store: storeCooldowns(store.sql, "replica-a"), clock: Date.now });
 */
export function storeCooldowns(sql: SqlClient, replica: string): CooldownStore {
  return {
    async get(key) {
      const [row] = await sql.query<{ nudge: Nudge; shown_at: Date }>(
        "select nudge, shown_at from nudge_cooldowns where customer_id = $1",
        [key],
      );
      return row ? { nudge: row.nudge, shownAt: row.shown_at.getTime() } : undefined;
    },
    claim: (key, entry, cooldownMs) =>
      sql.transaction(async (tx): Promise<CooldownClaim> => {
        const won = await tx.query(
          `insert into nudge_cooldowns (customer_id, nudge, shown_at) values ($1, $2::jsonb, $3)
           on conflict (customer_id) do update set nudge = excluded.nudge, shown_at = excluded.shown_at
             where nudge_cooldowns.shown_at <= $4
           returning 1 as won`,
          [key, JSON.stringify(entry.nudge), new Date(entry.shownAt), new Date(entry.shownAt - cooldownMs)],
        );
        if (won.length === 1) {
          await tx.query(
            `insert into nudge_decisions (customer_id, event, nudge, decided_at, replica)
             values ($1, $2, $3::jsonb, $4, $5)`,
            [key, entry.event ?? "event", JSON.stringify(entry.nudge), new Date(entry.shownAt), replica],
          );
          return { entry, won: true };
        }
        const [live] = await tx.query<{ nudge: Nudge; shown_at: Date }>(
          "select nudge, shown_at from nudge_cooldowns where customer_id = $1",
          [key],
        );
        const kept: CooldownEntry = { nudge: live.nudge, shownAt: live.shown_at.getTime() };
        return { entry: kept, won: false };
      }),
  };
}
