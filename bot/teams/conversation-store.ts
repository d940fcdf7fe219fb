import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { ConversationReference } from "botbuilder";
import { z } from "zod";
import type { Logger } from "../../core/src/log/index.ts";

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

export interface ConversationStoreOptions {
  /** The JSON file, e.g. data/teams/conversations.json (its directory is created). */
  path: string;
  logger: Pick<Logger, "warn">;
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
  addedAt: z.string(),
  updatedAt: z.string(),
});

const fileSchema = z.object({
  version: z.literal(1),
  conversations: z.array(conversationSchema),
});

/**
 * A small JSON file of conversation references (`{ version: 1, conversations: [...] }`). Every
 * change re-reads the file, so two processes sharing it lose at most a concurrent change, and
 * writes a temp file then renames it, so readers never see half a file. Changes in one process are
 * applied one at a time. A file that is not valid JSON of this shape is renamed aside
 * (`<path>.corrupt-<time>-<random>`), logged, and the store starts empty.
 *
 * @example
 * const store = openConversationStore({ path: "data/teams/conversations.json", logger });
 * await store.upsert(storedConversation(TurnContext.getConversationReference(activity), activity, new Date()));
 * for (const c of await store.list()) console.log(c.id, c.name);
 */
export function openConversationStore(options: ConversationStoreOptions): ConversationStore {
  const { path, logger } = options;
  let queue: Promise<unknown> = Promise.resolve();
  // One change at a time: each one reads, edits and replaces the whole file.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const read = async (): Promise<StoredConversation[]> => {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    try {
      return fileSchema.parse(JSON.parse(text)).conversations;
    } catch (err) {
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      const aside = `${path}.corrupt-${stamp}-${randomBytes(3).toString("hex")}`;
      await rename(path, aside).catch(() => undefined);
      logger.warn(
        { path, movedTo: aside, reason: (err as Error).message.slice(0, 200) },
        "teams conversation store is not readable: moved aside, starting empty",
      );
      return [];
    }
  };

  const write = async (conversations: StoredConversation[]): Promise<void> => {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(tmp, `${JSON.stringify({ version: 1, conversations }, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  };

  return {
    list: () => serial(read),
    get: (id) => serial(async () => (await read()).find((c) => c.id === id)),
    upsert: (c) =>
      serial(async () => {
        const all = await read();
        const i = all.findIndex((x) => x.id === c.id);
        if (i < 0) all.push(c);
        else all[i] = { ...c, addedAt: all[i].addedAt };
        await write(all);
      }),
    remove: (id) =>
      serial(async () => {
        const all = await read();
        const kept = all.filter((c) => c.id !== id);
        if (kept.length === all.length) return false;
        await write(kept);
        return true;
      }),
  };
}
