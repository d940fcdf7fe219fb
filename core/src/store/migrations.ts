import type { SqlClient } from "./sql-client.ts";
import { StoreError } from "./store-error.ts";

/** One schema change; applied once, in order, and recorded in `store_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The store's schema, oldest first. Append only: a released migration is never edited, because
 * databases that already ran it will not run it again.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "shared state of server replicas",
    sql: `
      -- Slack deliveries and signed requests already handled (redelivery and replay protection).
      create table seen_keys (
        scope text not null,
        key text not null,
        expires_at timestamptz not null,
        primary key (scope, key)
      );
      create index seen_keys_expiry on seen_keys (expires_at);

      -- Token buckets (API keys, notebook users, failed key attempts): one row per scope and key.
      create table rate_buckets (
        scope text not null,
        key text not null,
        tokens double precision not null,
        at_ms double precision not null,
        last_ok boolean not null,
        primary key (scope, key)
      );

      -- The nudge each customer was last shown on an app event, for the cooldown.
      create table nudge_cooldowns (
        customer_id text primary key,
        nudge jsonb not null,
        shown_at timestamptz not null
      );
      -- Every nudge decided (not repeats): what was shown, to whom, when, by which process.
      create table nudge_decisions (
        id bigserial primary key,
        customer_id text not null,
        event text not null,
        nudge jsonb not null,
        decided_at timestamptz not null,
        replica text not null
      );
      create index nudge_decisions_customer on nudge_decisions (customer_id, decided_at);

      -- Teams conversation references (where proactive digests go).
      create table teams_conversations (
        id text primary key,
        conversation jsonb not null,
        updated_at timestamptz not null
      );

      -- The digest ledger: one claim per attempt of (schedule, slot, destination), its result, and
      -- what each destination received last.
      create table digest_claims (
        schedule text not null,
        slot text not null,
        destination text not null,
        attempt integer not null,
        owner jsonb not null,
        claimed_at timestamptz not null,
        lease_until timestamptz not null,
        primary key (schedule, slot, destination, attempt)
      );
      create table digest_results (
        schedule text not null,
        slot text not null,
        destination text not null,
        attempt integer not null,
        status text not null check (status in ('sent', 'failed', 'skipped')),
        reason text,
        retry boolean not null,
        message_ref text,
        at timestamptz not null,
        owner jsonb not null,
        snapshot_id text,
        bands jsonb,
        primary key (schedule, slot, destination, attempt),
        foreign key (schedule, slot, destination, attempt) references digest_claims
      );
      create table digest_delivered (
        destination text primary key,
        schedule text not null,
        slot text not null,
        snapshot_id text not null,
        bands jsonb not null,
        message_ref text,
        at timestamptz not null
      );
    `,
  },
  {
    version: 2,
    name: "follows, alerts and their notifications",
    sql: `
      -- Who follows which customer, and where to tell them: the Slack user ID (a DM), the Teams
      -- conversation ID, or "outbox" (a file) for the terminal.
      create table follows (
        id serial primary key,
        surface text not null,
        user_id text not null,
        notify_at text not null,
        customer_id text not null,
        created_at timestamptz not null,
        unique (surface, user_id, customer_id)
      );
      -- Alerts: above (the probability crosses threshold %) or moves-up (it rises threshold points).
      create table alerts (
        id serial primary key,
        surface text not null,
        user_id text not null,
        notify_at text not null,
        customer_id text not null,
        kind text not null check (kind in ('above', 'moves-up')),
        threshold double precision not null,
        created_at timestamptz not null,
        unique (surface, user_id, customer_id, kind, threshold)
      );
      create index alerts_user on alerts (surface, user_id, id);
      -- One row per (follow or alert, snapshot) told: the first replica to insert it sends the message.
      create table follow_notifications (
        subject text not null,
        snapshot_id text not null,
        claimed_at timestamptz not null,
        replica text not null,
        message_ref text,
        primary key (subject, snapshot_id)
      );
    `,
  },
  {
    version: 3,
    name: "customer actions (write-back: contacted, offer, snooze)",
    sql: `
      -- What the team did about a customer, one row per action, never updated: contacted, an offer
      -- (its text in note), snoozed until snooze_until, or unsnoozed; who (chat surface, user ID and
      -- name) and when. The newest snooze or unsnooze of a customer decides whether they are snoozed.
      create table customer_actions (
        id bigserial primary key,
        customer_id text not null,
        kind text not null check (kind in ('contacted', 'offer', 'snooze', 'unsnooze')),
        note text check (char_length(note) <= 500),
        snooze_until timestamptz,
        surface text not null,
        user_id text not null,
        user_name text,
        at timestamptz not null,
        replica text not null,
        check ((kind = 'snooze') = (snooze_until is not null))
      );
      create index customer_actions_customer on customer_actions (customer_id, at desc, id desc);
      create index customer_actions_snoozes on customer_actions (snooze_until) where kind = 'snooze';
    `,
  },
  {
    version: 4,
    name: "nudge exposures",
    sql: `
      -- The first time each customer was served a nudge of an experiment's arm and strategy (the
      -- API, chat, digests): the experiment's analysis population (intention-to-treat from first
      -- exposure). strategy is '' for a nudge that names none (a contract's own experiment); status
      -- is the customer's then (only a current customer's outcome can follow the nudge).
      create table nudge_exposures (
        experiment_key text not null,
        customer_id text not null,
        arm text not null,
        strategy text not null,
        surface text not null,
        first_exposed_at timestamptz not null,
        snapshot_id text not null,
        status text not null,
        replica text not null,
        primary key (experiment_key, customer_id, arm, strategy)
      );
    `,
  },
  {
    version: 5,
    name: "segment follows and alerts",
    sql: `
      -- Follows and alerts on a segment (a filter of the conversation's filter structure, stored as
      -- canonical JSON text with its label): kind 'follow' tells who entered band within the segment;
      -- 'above' / 'moves-up' the segment's mean churn probability crossing threshold % or rising
      -- threshold points. owner_id is the user, or the channel/conversation when is_channel (then
      -- anyone in it lists and removes it); created_by is who set it. band is '' for alerts,
      -- threshold 0 for follows, so the unique key needs no nulls.
      create table segment_follows (
        id serial primary key,
        surface text not null,
        owner_id text not null,
        is_channel boolean not null,
        created_by text not null,
        notify_at text not null,
        kind text not null check (kind in ('follow', 'above', 'moves-up')),
        filters text not null,
        label text not null,
        band text not null default '',
        threshold double precision not null default 0,
        created_at timestamptz not null,
        check ((kind = 'follow') = (band <> '')),
        unique (surface, is_channel, owner_id, kind, filters, band, threshold)
      );
      create index segment_follows_owner on segment_follows (surface, owner_id, id);
    `,
  },
];

/** Any number, the same in every process: replicas starting together migrate one at a time. */
const MIGRATION_LOCK = 4_208_190_019;

/**
 * Brings the database's schema up to `migrations` (one transaction, under an advisory lock so
 * replicas starting at once do not race). Returns the versions applied now. A database migrated by
 * a newer program is refused rather than used with a schema we do not know.
 */
export async function migrate(
  sql: SqlClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  return sql.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.query(
      `create table if not exists store_migrations (
         version integer primary key,
         name text not null,
         applied_at timestamptz not null default now()
       )`,
    );
    const done = new Set(
      (await tx.query<{ version: number }>("select version from store_migrations")).map((r) => r.version),
    );
    const newest = Math.max(0, ...done);
    const known = Math.max(0, ...migrations.map((m) => m.version));
    if (newest > known)
      throw new StoreError(
        "store-too-new",
        `the store at ${sql.where} has schema version ${newest}, newer than this program's ${known}: upgrade EngageTrack`,
      );
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("insert into store_migrations (version, name) values ($1, $2)", [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
