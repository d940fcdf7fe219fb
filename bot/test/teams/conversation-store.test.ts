import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openConversationStore, type StoredConversation } from "../../teams/conversation-store.ts";
import { storedConversation } from "../../teams/stored-conversation.ts";

let dir: string;
let warnings: Array<[unknown, string]>;
const logger = { warn: (obj: unknown, msg: string) => void warnings.push([obj, msg]) } as never;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "et-teams-store-"));
  warnings = [];
});
afterEach(() => rm(dir, { recursive: true, force: true }));

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

describe("openConversationStore", () => {
  it("upserts (keeping the first addedAt), lists, gets and removes, in a JSON file written atomically", async () => {
    const path = join(dir, "teams", "conversations.json");
    const store = openConversationStore({ path, logger });
    expect(await store.list()).toEqual([]);
    const a = storedConversation(channelAdded("19:a"), new Date("2026-11-21T09:00:00Z"));
    const b = storedConversation(channelAdded("19:b"), new Date("2026-11-21T09:05:00Z"));
    await store.upsert(a);
    await store.upsert(b);
    await store.upsert({ ...a, name: "Renamed", updatedAt: "2026-11-22T00:00:00.000Z", addedAt: "x" });
    const again = openConversationStore({ path, logger });
    expect((await again.list()).map((c) => [c.id, c.name, c.addedAt, c.updatedAt])).toEqual([
      ["19:a", "Renamed", "2026-11-21T09:00:00.000Z", "2026-11-22T00:00:00.000Z"],
      ["19:b", "Renewals", "2026-11-21T09:05:00.000Z", "2026-11-21T09:05:00.000Z"],
    ]);
    expect((await again.get("19:b"))?.reference.serviceUrl).toBe("https://smba.trafficmanager.net/emea/");
    expect(await again.get("19:nope")).toBeUndefined();
    expect(await again.remove("19:a")).toBe(true);
    expect(await again.remove("19:a")).toBe(false);
    expect((await store.list()).map((c) => c.id)).toEqual(["19:b"]);
    const file = JSON.parse(await readFile(path, "utf8")) as {
      version: number;
      conversations: StoredConversation[];
    };
    expect(file.version).toBe(1);
    expect(await readdir(join(dir, "teams"))).toEqual(["conversations.json"]);
  });

  it("applies concurrent changes one at a time: none is lost", async () => {
    const store = openConversationStore({ path: join(dir, "c.json"), logger });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.upsert(storedConversation(channelAdded(`19:c${i}`), new Date(1_800_000_000_000 + i))),
      ),
    );
    expect((await store.list()).map((c) => c.id).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `19:c${i}`).sort(),
    );
  });

  it("a corrupt file is moved aside and logged; the store starts empty and keeps working", async () => {
    const path = join(dir, "conversations.json");
    await writeFile(path, '{"version":1,"conversations":[{"id":');
    const store = openConversationStore({ path, logger });
    expect(await store.list()).toEqual([]);
    const files = await readdir(dir);
    expect(files.filter((f) => f.startsWith("conversations.json.corrupt-"))).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0][1]).toMatch(/not readable: moved aside, starting empty/);
    await store.upsert(storedConversation(channelAdded("19:new"), new Date()));
    expect((await store.list()).map((c) => c.id)).toEqual(["19:new"]);
    // Valid JSON of the wrong shape counts as corrupt too.
    await writeFile(path, JSON.stringify({ version: 1, conversations: [{ id: "19:x" }] }));
    expect(await store.list()).toEqual([]);
    expect(warnings).toHaveLength(2);
  });
});
