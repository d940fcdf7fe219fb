import type { SqlClient } from "./sql-client.ts";

/** What the team did about a customer (write-back from chat and the terminal). */
export type CustomerActionKind = "contacted" | "offer" | "snooze" | "unsnooze";

/** Longest note (an offer's text) the store keeps, in characters; the database refuses longer. */
export const MAX_ACTION_NOTE_LENGTH = 500;
/** Longest snooze, in days. */
export const MAX_SNOOZE_DAYS = 90;

/** Who did it: the chat surface, their stable ID there, and the name to show when known. */
export interface ActionActor {
  /** "slack", "teams", "terminal". */
  surface: string;
  /** Slack user ID, Teams AAD object ID, OS user. */
  userId: string;
  /** "dana", "Lee Park": shown in lists ("contacted 2 days ago by Dana"); null when unknown. */
  userName?: string | null;
}

export interface NewCustomerAction {
  customerId: string;
  kind: CustomerActionKind;
  /** The offer made (offer only; at most `MAX_ACTION_NOTE_LENGTH` characters). */
  note?: string | null;
  /** When the snooze ends (snooze only). */
  snoozeUntil?: Date | null;
  by: ActionActor;
  /** When it was done (the caller's clock). */
  at: Date;
}

export interface StoredCustomerAction {
  id: number;
  customerId: string;
  kind: CustomerActionKind;
  note: string | null;
  snoozeUntil: Date | null;
  surface: string;
  userId: string;
  userName: string | null;
  at: Date;
  /** The process that recorded it (`host/pid`). */
  replica: string;
}

/** Customer actions in the shared store: every replica reads and writes the same rows. */
export interface CustomerActionStore {
  /** Records one action (rows are never updated: the history is the log). */
  record(action: NewCustomerAction): Promise<StoredCustomerAction>;
  /** A customer's actions, newest first (at most `limit`, default 20). */
  history(customerId: string, limit?: number): Promise<StoredCustomerAction[]>;
  /** The newest action of each of `customerIds` that has one. */
  latest(customerIds: readonly string[]): Promise<Map<string, StoredCustomerAction>>;
  /** Customers snoozed at `now`, each with the snooze in force (its `snoozeUntil` after `now`). */
  snoozed(now: Date): Promise<Map<string, StoredCustomerAction>>;
}

type ActionRow = {
  id: number | string;
  customer_id: string;
  kind: CustomerActionKind;
  note: string | null;
  snooze_until: Date | null;
  surface: string;
  user_id: string;
  user_name: string | null;
  at: Date;
  replica: string;
};

const COLUMNS = "id, customer_id, kind, note, snooze_until, surface, user_id, user_name, at, replica";

/**
 * Customer actions in the shared store (`customer_actions`, migration 3): contacted, an offer, a
 * snooze until a date, an unsnooze; who and when. A customer is snoozed while their newest snooze
 * or unsnooze is a snooze that has not ended. Nothing is kept in memory: two replicas see the same.
 *
 * @example
 * const actions = storeCustomerActions(store.sql, store.replica);
 * await actions.record({ customerId: "7590-VHVEG", kind: "contacted", by: { surface: "slack", userId: "U1", userName: "dana" }, at: new Date() });
 * const snoozed = await actions.snoozed(new Date()); // Map of customer ID → the snooze in force
 */
export function storeCustomerActions(sql: SqlClient, replica: string): CustomerActionStore {
  return {
    async record(a) {
      const [row] = await sql.query<ActionRow>(
        `insert into customer_actions (customer_id, kind, note, snooze_until, surface, user_id, user_name, at, replica)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
        [
          a.customerId,
          a.kind,
          a.note ?? null,
          a.snoozeUntil ?? null,
          a.by.surface,
          a.by.userId,
          a.by.userName ?? null,
          a.at,
          replica,
        ],
      );
      return actionOf(row);
    },
    async history(customerId, limit = 20) {
      const rows = await sql.query<ActionRow>(
        `select ${COLUMNS} from customer_actions where customer_id = $1 order by at desc, id desc limit $2`,
        [customerId, Math.max(1, Math.floor(limit))],
      );
      return rows.map(actionOf);
    },
    async latest(customerIds) {
      const out = new Map<string, StoredCustomerAction>();
      if (customerIds.length === 0) return out;
      const rows = await sql.query<ActionRow>(
        `select distinct on (customer_id) ${COLUMNS} from customer_actions
         where customer_id = any($1::text[]) order by customer_id, at desc, id desc`,
        [[...new Set(customerIds)]],
      );
      for (const row of rows) out.set(row.customer_id, actionOf(row));
      return out;
    },
    async snoozed(now) {
      // Only customers with a snooze still running can be snoozed: the partial index finds them.
      const rows = await sql.query<ActionRow>(
        `select distinct on (customer_id) ${COLUMNS} from customer_actions
         where kind in ('snooze', 'unsnooze') and customer_id in (
           select customer_id from customer_actions where kind = 'snooze' and snooze_until > $1
         )
         order by customer_id, at desc, id desc`,
        [now],
      );
      const out = new Map<string, StoredCustomerAction>();
      for (const row of rows) {
        const action = actionOf(row);
        if (action.kind === "snooze" && action.snoozeUntil && action.snoozeUntil > now)
          out.set(action.customerId, action);
      }
      return out;
    },
  };
}

function actionOf(r: ActionRow): StoredCustomerAction {
  return {
    id: Number(r.id),
    customerId: r.customer_id,
    kind: r.kind,
    note: r.note,
    snoozeUntil: r.snooze_until === null ? null : new Date(r.snooze_until),
    surface: r.surface,
    userId: r.user_id,
    userName: r.user_name,
    at: new Date(r.at),
    replica: r.replica,
  };
}
