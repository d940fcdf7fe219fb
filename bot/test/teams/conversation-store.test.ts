// Teams conversation references in the shared store, on both engines (the embedded PGlite and a
// real PostgreSQL server), and the one-time import of the file an older version kept them in.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore, type Store, type StoreOptions } from "../../../core/src/store/index.ts";
import { testPostgres } from "../../../core/test/fixtures/postgres-server.ts";
import { storeEngines } from "../../../core/test/fixtures/store-engines.ts";
import { openStoreConversations } from "../../teams/conversation-store.ts";
import { storedConversation } from "../../teams/stored-conversation.ts";

let dir: string;
let warnings: Array<[unknown, string]>;
let infos: Array<[unknown, string]>;
const logger = {
  warn: (obj: unknown, msg: string) => void warnings.push([obj, msg]),
  info: (obj: unknown, msg: string) => void infos.push([obj, msg]),
} as never;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "et-teams-store-"));
  warnings = [];
  infos = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const server = await testPostgres();
afterAll(() => ("skip" in server ? undefined : server.stop()));
const engines = storeEngines(server, "c");

const channelAdded = (id: string) => ({
  type: "conversationUpdate",
  id: "f:added-1",
  channelId: "msteams",
  serviceUrl: "https://smba.trafficmanager.net/emea/",
  from: { id: "29:pat", name: "Pat Doe", aadObjectId: "aad-pat" },
  recipient: { id: "28:bot", name: "EngageTrack" },
  conversation: { id, conversationType: "channel", tenantId: "tenant-1", isGroup: true, name: "" },
  channelData: { team: { id: "19:team", name: "Customer Success" }, channel: { id, name: "Renewals" } },
});

describe("storedConversation", () => {
  it("keeps what a proactive message needs, not who installed the bot or the install activity", () => {
    const c = storedConversation(channelAdded("19:renewals@thread.tacv2"), new Date("2026-11-21T09:00:00Z"));
    expect(c).toEqual({
      id: "19:renewals@thread.tacv2",
      type: "channel",
      name: "Renewals",
      teamName: "Customer Success",
      tenantId: "tenant-1",
      reference: {
        bot: { id: "28:bot", name: "EngageTrack" },
        conversation: {
          id: "19:renewals@thread.tacv2",
          conversationType: "channel",
          tenantId: "tenant-1",
          isGroup: true,
          name: "",
        },
        channelId: "msteams",
        locale: undefined,
        serviceUrl: "https://smba.trafficmanager.net/emea/",
      },
      addedAt: "2026-11-21T09:00:00.000Z",
      updatedAt: "2026-11-21T09:00:00.000Z",
    });
    expect(JSON.stringify(c)).not.toMatch(/Pat|aad-pat|f:added-1/);
  });
});

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(
    `openStoreConversations on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ""}`,
    () => {
      let store: Store;
      let options: StoreOptions;
      const opened: Store[] = [];
      afterAll(async () => {
        for (const s of opened) await s.close();
      });
      beforeEach(async () => {
        options = { ...engine.options(), sweepMs: 0 };
        opened.push((store = await openStore(options)));
      });
      /** Another process's handle: its own connection on PostgreSQL; the same store embedded. */
      const another = async () => {
        if (engine.name !== "PostgreSQL") return store;
        const other = await openStore(options);
        opened.push(other);
        return other;
      };

      it("upserts (keeping the first addedAt), lists oldest first, gets and removes, one row per conversation", async () => {
        const conversations = openStoreConversations(store.sql);
        expect(await conversations.list()).toEqual([]);
        const a = storedConversation(channelAdded("19:a"), new Date("2026-11-21T09:00:00Z"));
        const b = storedConversation(channelAdded("19:b"), new Date("2026-11-21T09:05:00Z"));
        await conversations.upsert(b);
        await conversations.upsert(a);
        await conversations.upsert({
          ...a,
          name: "Renamed",
          updatedAt: "2026-11-22T00:00:00.000Z",
          addedAt: "2026-11-22T00:00:00.000Z",
        });
        const again = openStoreConversations((await another()).sql);
        expect((await again.list()).map((c) => [c.id, c.name, c.addedAt, c.updatedAt])).toEqual([
          ["19:a", "Renamed", "2026-11-21T09:00:00.000Z", "2026-11-22T00:00:00.000Z"],
          ["19:b", "Renewals", "2026-11-21T09:05:00.000Z", "2026-11-21T09:05:00.000Z"],
        ]);
        const { locale: _locale, ...reference } = b.reference;
        expect(await again.get("19:b")).toEqual({ ...b, reference });
        expect(await again.get("19:nope")).toBeUndefined();
        expect(await again.remove("19:a")).toBe(true);
        expect(await again.remove("19:a")).toBe(false);
        expect((await conversations.list()).map((c) => c.id)).toEqual(["19:b"]);
        const rows = await store.sql.query<{ id: string; updated_at: Date }>(
          "select id, updated_at from teams_conversations",
        );
        expect(rows).toEqual([{ id: "19:b", updated_at: new Date("2026-11-21T09:05:00Z") }]);
      });

      it("two stores upserting different conversations at the same moment (50 each) keep all 100", async () => {
        const one = openStoreConversations(store.sql);
        const two = openStoreConversations((await another()).sql);
        const at = new Date("2026-11-21T09:00:00Z");
        await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            (i % 2 ? one : two).upsert(storedConversation(channelAdded(`19:c${i}`), at)),
          ),
        );
        const ids = (await one.list()).map((c) => c.id).sort();
        expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => `19:c${i}`).sort());
        expect((await two.list()).length).toBe(100);
      });

      it("imports the conversations file of an older version once: new entries added, the file renamed, one line logged", async () => {
        const path = join(dir, "teams", "conversations.json");
        const kept = storedConversation(channelAdded("19:kept"), new Date("2026-11-20T08:00:00Z"));
        const old = storedConversation(channelAdded("19:old"), new Date("2026-11-19T08:00:00Z"));
        const stale = { ...kept, name: "Stale name from the file", addedAt: "2026-01-01T00:00:00.000Z" };
        await mkdir(join(dir, "teams"));
        await writeFile(path, JSON.stringify({ version: 1, conversations: [old, stale] }));
        // A conversation the store already has wins over the file's copy.
        await openStoreConversations(store.sql).upsert(kept);

        const first = openStoreConversations(store.sql, { importFile: path, logger });
        const second = openStoreConversations((await another()).sql, { importFile: path, logger });
        const [listed] = await Promise.all([first.list(), second.list()]);
        expect(listed.map((c) => [c.id, c.name])).toEqual([
          ["19:old", "Renewals"],
          ["19:kept", "Renewals"],
        ]);
        expect(await readdir(join(dir, "teams"))).toEqual(["conversations.json.imported"]);
        expect(infos).toEqual([
          [
            { path, movedTo: `${path}.imported`, conversations: 2, added: 1 },
            "teams conversations file imported into the shared store",
          ],
        ]);
        // Once: a conversation removed since is not brought back by a later start.
        expect(await first.remove("19:old")).toBe(true);
        const later = openStoreConversations(store.sql, { importFile: path, logger });
        expect((await later.list()).map((c) => c.id)).toEqual(["19:kept"]);
        expect(infos).toHaveLength(1);
        expect(warnings).toEqual([]);
      });

      it("a conversations file that cannot be read is moved aside and logged; the store works without it", async () => {
        const path = join(dir, "conversations.json");
        await writeFile(path, '{"version":1,"conversations":[{"id":');
        const conversations = openStoreConversations(store.sql, { importFile: path, logger });
        expect(await conversations.list()).toEqual([]);
        const files = await readdir(dir);
        expect(files.filter((f) => f.startsWith("conversations.json.corrupt-"))).toHaveLength(1);
        expect(files).not.toContain("conversations.json");
        expect(warnings).toHaveLength(1);
        expect(warnings[0][1]).toBe(
          "teams conversations file is not readable: moved aside, nothing imported",
        );
        await conversations.upsert(storedConversation(channelAdded("19:new"), new Date()));
        expect((await conversations.list()).map((c) => c.id)).toEqual(["19:new"]);
        // Valid JSON of the wrong shape counts as unreadable too.
        const wrong = join(dir, "wrong.json");
        await writeFile(wrong, JSON.stringify({ version: 1, conversations: [{ id: "19:x" }] }));
        expect(
          await openStoreConversations(store.sql, { importFile: wrong, logger }).get("19:x"),
        ).toBeUndefined();
        expect(warnings).toHaveLength(2);
        expect(
          await readFile(
            join(
              dir,
              (await readdir(dir)).find((f) => f.startsWith("wrong.json.corrupt-"))!,
            ),
            "utf8",
          ),
        ).toContain('"19:x"');
      });
    },
  );
}
