import type { SqlClient } from "./sql-client.ts";

/** Who follows, and where the notifications go. */
export interface Follower {
  /** The chat surface: "slack", "teams", "terminal". */
  surface: string;
  /** The user on that surface (Slack user ID, Teams AAD object ID, OS user). */
  userId: string;
  /** Where to tell them: the Slack user ID (a DM), the Teams conversation ID, or "outbox". */
  notifyAt: string;
}

/** A user on a surface (what their commands are scoped to). */
export type FollowerRef = Pick<Follower, "surface" | "userId">;

/** `above`: the probability crosses `threshold` %; `moves-up`: it rises by `threshold` points or more. */
export type AlertKind = "above" | "moves-up";

export interface StoredFollow extends Follower {
  id: number;
  customerId: string;
  createdAt: Date;
}

export interface StoredAlert extends StoredFollow {
  kind: AlertKind;
  /** Percent (above) or percentage points (moves-up). */
  threshold: number;
}

/** Follows and alerts in the shared store, and the ledger that tells each change once. */
export interface FollowStore {
  /** Follows `customerId` (again: the place to notify is updated). `created` is false when already followed. */
  follow(who: Follower, customerId: string, now: Date): Promise<{ created: boolean }>;
  /** Stops following `customerId` and removes the user's alerts on it; how many of each went. */
  unfollow(who: FollowerRef, customerId: string): Promise<{ follows: number; alerts: number }>;
  /** Adds an alert; `number` is its position in the user's alerts (what `removeAlert` takes). */
  addAlert(
    who: Follower,
    customerId: string,
    kind: AlertKind,
    threshold: number,
    now: Date,
  ): Promise<{ number: number; created: boolean }>;
  /** Removes the user's alert number `n` (1-based, oldest first), returning it; undefined when there is none. */
  removeAlert(who: FollowerRef, n: number): Promise<StoredAlert | undefined>;
  /** The user's follows (oldest first) and alerts (numbered in this order). */
  list(who: FollowerRef): Promise<{ follows: StoredFollow[]; alerts: StoredAlert[] }>;
  /** Every follow and alert (what a new snapshot is checked against). */
  all(): Promise<{ follows: StoredFollow[]; alerts: StoredAlert[] }>;
  /**
   * Claims the notification of `subjects` ("follow:<id>", "alert:<id>") for `snapshotId`, in one
   * transaction: returns the subjects this call inserted. Of replicas claiming the same subjects
   * at once, one gets them all and the others none (inserts in a fixed order wait for each other).
   */
  claim(subjects: readonly string[], snapshotId: string, now: Date, replica: string): Promise<string[]>;
  /** Records where the claimed notification went (`C…/ts`, a file path). */
  delivered(subjects: readonly string[], snapshotId: string, messageRef: string): Promise<void>;
  /** Gives back claims whose message could not be sent (another replica's later reload may send it). */
  release(subjects: readonly string[], snapshotId: string): Promise<void>;
}

type FollowRow = {
  id: number;
  surface: string;
  user_id: string;
  notify_at: string;
  customer_id: string;
  created_at: Date;
};
type AlertRow = FollowRow & { kind: AlertKind; threshold: number };

const FOLLOW_COLUMNS = "id, surface, user_id, notify_at, customer_id, created_at";
const ALERT_COLUMNS = `${FOLLOW_COLUMNS}, kind, threshold`;

/**
 * Follows and alerts in the shared store (`follows`, `alerts`), and the ledger of notifications
 * (`follow_notifications`, one row per subject and snapshot: a conditional insert decides which
 * replica tells a change, so it is told once).
 *
 * @example
 * const follows = storeFollows(store.sql);
 * await follows.follow({ surface: "slack", userId: "U1", notifyAt: "U1" }, "7590-VHVEG", new Date());
 * const won = await follows.claim(["follow:1"], snapshotId, new Date(), store.replica);
 */
export function storeFollows(sql: SqlClient): FollowStore {
  const alertsOf = (who: FollowerRef) =>
    sql.query<AlertRow>(
      `select ${ALERT_COLUMNS} from alerts where surface = $1 and user_id = $2 order by id`,
      [who.surface, who.userId],
    );
  return {
    async follow(who, customerId, now) {
      const rows = await sql.query<{ created: boolean }>(
        `insert into follows (surface, user_id, notify_at, customer_id, created_at) values ($1, $2, $3, $4, $5)
         on conflict (surface, user_id, customer_id) do update set notify_at = excluded.notify_at
         returning (xmax = 0) as created`,
        [who.surface, who.userId, who.notifyAt, customerId, now],
      );
      return { created: rows[0]?.created === true };
    },
    async unfollow(who, customerId) {
      return sql.transaction(async (tx) => {
        const follows = await tx.query(
          "delete from follows where surface = $1 and user_id = $2 and customer_id = $3 returning id",
          [who.surface, who.userId, customerId],
        );
        const alerts = await tx.query(
          "delete from alerts where surface = $1 and user_id = $2 and customer_id = $3 returning id",
          [who.surface, who.userId, customerId],
        );
        return { follows: follows.length, alerts: alerts.length };
      });
    },
    async addAlert(who, customerId, kind, threshold, now) {
      const rows = await sql.query<{ id: number; created: boolean }>(
        `insert into alerts (surface, user_id, notify_at, customer_id, kind, threshold, created_at)
         values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (surface, user_id, customer_id, kind, threshold) do update set notify_at = excluded.notify_at
         returning id, (xmax = 0) as created`,
        [who.surface, who.userId, who.notifyAt, customerId, kind, threshold, now],
      );
      const mine = await alertsOf(who);
      return { number: mine.findIndex((a) => a.id === rows[0].id) + 1, created: rows[0].created === true };
    },
    async removeAlert(who, n) {
      if (!Number.isSafeInteger(n) || n < 1) return undefined;
      const [row] = await sql.query<AlertRow>(
        `delete from alerts where id = (
           select id from alerts where surface = $1 and user_id = $2 order by id offset $3 limit 1
         ) returning ${ALERT_COLUMNS}`,
        [who.surface, who.userId, n - 1],
      );
      return row ? alertOf(row) : undefined;
    },
    async list(who) {
      const follows = await sql.query<FollowRow>(
        `select ${FOLLOW_COLUMNS} from follows where surface = $1 and user_id = $2 order by id`,
        [who.surface, who.userId],
      );
      return { follows: follows.map(followOf), alerts: (await alertsOf(who)).map(alertOf) };
    },
    async all() {
      const follows = await sql.query<FollowRow>(`select ${FOLLOW_COLUMNS} from follows order by id`);
      const alerts = await sql.query<AlertRow>(`select ${ALERT_COLUMNS} from alerts order by id`);
      return { follows: follows.map(followOf), alerts: alerts.map(alertOf) };
    },
    claim(subjects, snapshotId, now, replica) {
      return sql.transaction(async (tx) => {
        const won: string[] = [];
        // One order for every replica: concurrent claims wait on the same first row, never deadlock.
        for (const subject of [...new Set(subjects)].sort()) {
          const rows = await tx.query(
            `insert into follow_notifications (subject, snapshot_id, claimed_at, replica) values ($1, $2, $3, $4)
             on conflict (subject, snapshot_id) do nothing returning 1 as won`,
            [subject, snapshotId, now, replica],
          );
          if (rows.length === 1) won.push(subject);
        }
        return won;
      });
    },
    async delivered(subjects, snapshotId, messageRef) {
      await sql.query(
        "update follow_notifications set message_ref = $3 where snapshot_id = $2 and subject = any($1::text[])",
        [[...subjects], snapshotId, messageRef],
      );
    },
    async release(subjects, snapshotId) {
      await sql.query(
        "delete from follow_notifications where snapshot_id = $2 and subject = any($1::text[]) and message_ref is null",
        [[...subjects], snapshotId],
      );
    },
  };
}

function followOf(r: FollowRow): StoredFollow {
  return {
    id: Number(r.id),
    surface: r.surface,
    userId: r.user_id,
    notifyAt: r.notify_at,
    customerId: r.customer_id,
    createdAt: r.created_at,
  };
}

function alertOf(r: AlertRow): StoredAlert {
  return { ...followOf(r), kind: r.kind, threshold: Number(r.threshold) };
}
