import { randomBytes } from "node:crypto";
import { readFile, rename } from "node:fs/promises";
import type { ConversationReference } from "botbuilder";
import { z } from "zod";
import type { Logger } from "../../core/src/log/index.ts";
import type { SqlClient } from "../../core/src/store/index.ts";

/** Where the bot was added: a personal chat, a team channel or a group chat. */
export type TeamsConversationType = "personal" | "channel" | "groupChat";

/** One conversation the bot may post to without being asked (digests). */
export interface StoredConversation {
  /** `conversation.id` of the reference: the store's key. */
  id: string;
  type: TeamsConversationType;
  /** The channel or chat name when Teams said it ("General"), else null. */
  name: string | null;
  /** The team's name for a channel, else null. */
  teamName: string | null;
  tenantId: string | null;
  /** What `continueConversationAsync` needs: the service URL, the bot and the conversation. */
  reference: Partial<ConversationReference>;
  /**
   * A personal chat's user (Teams/Entra object id), so per-owner digests find an owner's chat;
   * absent for channels and group chats, and for chats stored before it was kept.
   */
  userAadId?: string;
  /** ISO time of the install (first seen), and of the last update. */
  addedAt: string;
  updatedAt: string;
}

/** Conversation references kept across restarts. */
export interface ConversationStore {
  /** Every stored conversation, oldest first. */
  list(): Promise<StoredConversation[]>;
  get(id: string): Promise<StoredConversation | undefined>;
  /** Adds or replaces the conversation `c.id`, keeping its first `addedAt`. */
  upsert(c: StoredConversation): Promise<void>;
  /** True when it was stored. */
  remove(id: string): Promise<boolean>;
}

export interface StoreConversationsOptions {
  /**
   * A conversations file from before the shared store (`{ version: 1, conversations: [...] }`,
   * data/teams/conversations.json): imported once, before the first use, then renamed
   * `<name>.imported`, so a team upgrading loses no channel. Undefined imports nothing.
   */
  importFile?: string;
  logger?: Pick<Logger, "info" | "warn">;
}

// What a reference needs to be continued; the rest of botbuilder's shape is kept as stored.
const referenceShape = z.object({
  serviceUrl: z.string().min(1),
  channelId: z.string().min(1),
  conversation: z.object({ id: z.string().min(1) }),
});
const referenceSchema = z.custom<Partial<ConversationReference>>(
  (v) => referenceShape.safeParse(v).success,
  "a conversation reference with serviceUrl, channelId and conversation.id",
);

const conversationSchema = z.object({
  id: z.string().min(1),
  type: z.enum(["personal", "channel", "groupChat"]),
  name: z.string().nullable(),
  teamName: z.string().nullable(),
  tenantId: z.string().nullable(),
  reference: referenceSchema,
  userAadId: z.string().optional(),
  addedAt: z.string(),
  updatedAt: z.string(),
});

const fileSchema = z.object({
  version: z.literal(1),
  conversations: z.array(conversationSchema),
});

type ConversationRow = {
  conversation: StoredConversation;
};

/**
 * Teams conversation references in the shared store (`teams_conversations`, one row per
 * conversation): replicas adding conversations at the same moment all keep theirs, since an upsert
 * is one statement (`insert … on conflict (id) do update`) that keeps the first `addedAt`.
 *
 * @example
 * const conversations = openStoreConversations(store.sql, { importFile: "data/teams/conversations.json", logger });
 * await conversations.upsert(storedConversation(context.activity, new Date()));
 * for (const c of await conversations.list()) console.log(c.id, c.name);
 */
export function openStoreConversations(
  sql: SqlClient,
  options: StoreConversationsOptions = {},
): ConversationStore {
  let imported: Promise<void> | undefined;
  const ready = () => {
    if (options.importFile === undefined) return Promise.resolve();
    imported ??= importConversationsFile(sql, options.importFile, options.logger).then(
      () => undefined,
      (err: unknown) => {
        imported = undefined; // the file stays: tried again at the next use
        options.logger?.warn(
          { path: options.importFile, reason: (err as Error).message.slice(0, 200) },
          "teams conversations file not imported yet: kept, tried again at the next use",
        );
      },
    );
    return imported;
  };
  const upsert = (c: StoredConversation) =>
    sql.query(
      `insert into teams_conversations (id, conversation, updated_at) values ($1, $2::jsonb, $3)
       on conflict (id) do update set
         conversation = jsonb_set(excluded.conversation, '{addedAt}', teams_conversations.conversation -> 'addedAt'),
         updated_at = excluded.updated_at`,
      [c.id, JSON.stringify(c), validDate(c.updatedAt)],
    );
  return {
    async list() {
      await ready();
      const rows = await sql.query<ConversationRow>(
        `select conversation from teams_conversations order by conversation ->> 'addedAt' collate "C", id`,
      );
      return rows.map((r) => r.conversation);
    },
    async get(id) {
      await ready();
      const [row] = await sql.query<ConversationRow>(
        "select conversation from teams_conversations where id = $1",
        [id],
      );
      return row?.conversation;
    },
    async upsert(c) {
      await ready();
      await upsert(c);
    },
    async remove(id) {
      await ready();
      const gone = await sql.query("delete from teams_conversations where id = $1 returning id", [id]);
      return gone.length > 0;
    },
  };
}

/** Any number, the same in every process: imports of the conversations file run one at a time. */
const IMPORT_LOCK = 4_208_190_020;

/**
 * Imports a conversations file from before the shared store: its conversations are inserted where
 * none with their ID is stored yet, and the file is renamed `<path>.imported` before the
 * transaction commits (back again if the commit fails), under a lock every process shares: of
 * processes starting together, one imports and the others find no file. One line is logged. A
 * missing file imports nothing; a file that is not valid JSON of its shape is renamed aside
 * (`<path>.corrupt-<time>-<random>`) and logged. Returns how many conversations were new.
 */
export async function importConversationsFile(
  sql: SqlClient,
  path: string,
  logger?: Pick<Logger, "info" | "warn">,
): Promise<number> {
  const done = `${path}.imported`;
  let renamed = false;
  let outcome: { conversations: number; added: number } | undefined;
  try {
    await sql.transaction(async (tx) => {
      await tx.query(`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
      const conversations = await readConversationsFile(path, logger);
      if (conversations === undefined) return;
      let added = 0;
      for (const c of conversations) {
        const rows = await tx.query(
          `insert into teams_conversations (id, conversation, updated_at) values ($1, $2::jsonb, $3)
           on conflict (id) do nothing returning id`,
          [c.id, JSON.stringify(c), validDate(c.updatedAt)],
        );
        added += rows.length;
      }
      await rename(path, done);
      renamed = true;
      outcome = { conversations: conversations.length, added };
    });
  } catch (err) {
    if (renamed) await rename(done, path).catch(() => undefined);
    throw err;
  }
  if (!outcome) return 0;
  logger?.info(
    { path, movedTo: done, ...outcome },
    "teams conversations file imported into the shared store",
  );
  return outcome.added;
}

/** The file's conversations; undefined when there is no file or it was unreadable (moved aside). */
async function readConversationsFile(
  path: string,
  logger?: Pick<Logger, "warn">,
): Promise<StoredConversation[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    return fileSchema.parse(JSON.parse(text)).conversations;
  } catch (err) {
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const aside = `${path}.corrupt-${stamp}-${randomBytes(3).toString("hex")}`;
    await rename(path, aside).catch(() => undefined);
    logger?.warn(
      { path, movedTo: aside, reason: (err as Error).message.slice(0, 200) },
      "teams conversations file is not readable: moved aside, nothing imported",
    );
    return undefined;
  }
}

/** The row's `updated_at`: the record's own time, or now when it is not a time. */
function validDate(iso: string): Date {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? new Date() : at;
}
