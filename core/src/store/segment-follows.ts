import type { AlertKind } from "./follows.ts";
import type { SqlClient } from "./sql-client.ts";

/** `follow`: customers entering `band` within the segment; an alert kind: the segment's mean risk. */
export type SegmentWatchKind = "follow" | AlertKind;

/** Who a segment follow belongs to, and where it is told. */
export interface SegmentOwner {
  /** The chat surface: "slack", "teams", "terminal". */
  surface: string;
  /** Who set it (Slack user ID, Teams AAD object ID, OS user). */
  userId: string;
  /** Where to tell: a Slack user ID (a DM) or channel ID, a Teams conversation ID, or "outbox". */
  notifyAt: string;
  /** The channel (Slack channel ID, Teams conversation ID) it belongs to; null: the user's own. */
  channel: string | null;
}

/** Who is asking: their own segment follows, and those of the channel they ask in. */
export interface SegmentViewer {
  surface: string;
  userId: string;
  channel?: string | null;
}

/** What is watched: the filter (canonical JSON text of the conversation's filter list) and its label. */
export interface SegmentWatchSpec {
  kind: SegmentWatchKind;
  /** Canonical JSON of the filters (the same filters give the same text). */
  filters: string;
  /** The filters in words ("contract=Month-to-month"). */
  label: string;
  /** The band a follow watches ("High"); null for alerts. */
  band: string | null;
  /** Percent (above) or points (moves-up); null for follows. */
  threshold: number | null;
}

export interface StoredSegmentWatch extends SegmentOwner, SegmentWatchSpec {
  id: number;
  createdAt: Date;
}

/** Segment follows and alerts in the shared store (`segment_follows`). */
export interface SegmentFollowStore {
  /** Adds one (again: where to tell is updated); `number` is its place in the viewer's `list`. */
  add(
    owner: SegmentOwner,
    spec: SegmentWatchSpec,
    now: Date,
  ): Promise<{ number: number; created: boolean; watch: StoredSegmentWatch }>;
  /** The viewer's own and their channel's segment follows and alerts, oldest first (numbered 1…). */
  list(viewer: SegmentViewer): Promise<StoredSegmentWatch[]>;
  /** Removes number `n` of the viewer's `list`; undefined when there is none. */
  remove(viewer: SegmentViewer, n: number): Promise<StoredSegmentWatch | undefined>;
  /** Removes the viewer's (and their channel's) follows and alerts on exactly these filters (and band, when given). */
  removeMatching(viewer: SegmentViewer, filters: string, band: string | null): Promise<StoredSegmentWatch[]>;
  /** Every segment follow and alert (what a new snapshot is checked against). */
  all(): Promise<StoredSegmentWatch[]>;
}

type Row = {
  id: number;
  surface: string;
  owner_id: string;
  is_channel: boolean;
  created_by: string;
  notify_at: string;
  kind: SegmentWatchKind;
  filters: string;
  label: string;
  band: string;
  threshold: number;
  created_at: Date;
};

const COLUMNS =
  "id, surface, owner_id, is_channel, created_by, notify_at, kind, filters, label, band, threshold, created_at";
// The viewer's own ($2 = user) and their channel's ($3 = channel, null outside one).
const MINE = "surface = $1 and ((not is_channel and owner_id = $2) or (is_channel and owner_id = $3))";

/**
 * Segment follows and alerts in the shared store. A channel's belong to the channel (anyone in it
 * lists and removes them); a user's to the user. Their notifications are claimed in the follow
 * ledger (`FollowStore.claim`, subjects `segment-follow:<id>` / `segment-alert:<id>`).
 *
 * @example
 * const segments = storeSegmentFollows(store.sql);
 * await segments.add({ surface: "slack", userId: "U1", notifyAt: "C1", channel: "C1" },
 *   { kind: "follow", filters: '[{"column":"Contract","op":"in","values":["Month-to-month"]}]', label: "contract=Month-to-month", band: "High", threshold: null }, new Date());
 */
export function storeSegmentFollows(sql: SqlClient): SegmentFollowStore {
  const list = async (viewer: SegmentViewer) =>
    (
      await sql.query<Row>(`select ${COLUMNS} from segment_follows where ${MINE} order by id`, [
        viewer.surface,
        viewer.userId,
        viewer.channel ?? null,
      ])
    ).map(watchOf);
  return {
    async add(owner, spec, now) {
      const [row] = await sql.query<Row & { created: boolean }>(
        `insert into segment_follows
           (surface, owner_id, is_channel, created_by, notify_at, kind, filters, label, band, threshold, created_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict (surface, is_channel, owner_id, kind, filters, band, threshold)
           do update set notify_at = excluded.notify_at, label = excluded.label
         returning ${COLUMNS}, (xmax = 0) as created`,
        [
          owner.surface,
          owner.channel ?? owner.userId,
          owner.channel !== null,
          owner.userId,
          owner.notifyAt,
          spec.kind,
          spec.filters,
          spec.label,
          spec.kind === "follow" ? (spec.band ?? "") : "",
          spec.kind === "follow" ? 0 : (spec.threshold ?? 0),
          now,
        ],
      );
      const watch = watchOf(row);
      const mine = await list({ surface: owner.surface, userId: owner.userId, channel: owner.channel });
      return { number: mine.findIndex((w) => w.id === watch.id) + 1, created: row.created === true, watch };
    },
    list,
    async remove(viewer, n) {
      if (!Number.isSafeInteger(n) || n < 1) return undefined;
      const [row] = await sql.query<Row>(
        `delete from segment_follows where id = (
           select id from segment_follows where ${MINE} order by id offset $4 limit 1
         ) returning ${COLUMNS}`,
        [viewer.surface, viewer.userId, viewer.channel ?? null, n - 1],
      );
      return row ? watchOf(row) : undefined;
    },
    async removeMatching(viewer, filters, band) {
      const rows = await sql.query<Row>(
        `delete from segment_follows where ${MINE} and filters = $4 and ($5::text is null or band = $5 or kind <> 'follow')
         returning ${COLUMNS}`,
        [viewer.surface, viewer.userId, viewer.channel ?? null, filters, band],
      );
      return rows.map(watchOf).sort((x, y) => x.id - y.id);
    },
    async all() {
      return (await sql.query<Row>(`select ${COLUMNS} from segment_follows order by id`)).map(watchOf);
    },
  };
}

function watchOf(r: Row): StoredSegmentWatch {
  return {
    id: Number(r.id),
    surface: r.surface,
    userId: r.created_by,
    notifyAt: r.notify_at,
    channel: r.is_channel ? r.owner_id : null,
    kind: r.kind,
    filters: r.filters,
    label: r.label,
    band: r.kind === "follow" ? r.band : null,
    threshold: r.kind === "follow" ? null : Number(r.threshold),
    createdAt: r.created_at,
  };
}
