// Proactive messages (digests) through createTeamsSender: botbuilder's continueConversationAsync
// with auth off posts to the stored reference's serviceUrl, here a local fake connector.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MessageFactory } from "botbuilder";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../core/src/log/index.ts";
import { openStore, type Store } from "../../../core/src/store/index.ts";
import { openStoreConversations } from "../../teams/conversation-store.ts";
import { storedConversation } from "../../teams/stored-conversation.ts";
import { createTeamsAdapter } from "../../teams/teams-adapter.ts";
import { createTeamsSender, TeamsSendError } from "../../teams/teams-sender.ts";
import { teamsSenderFrom } from "../../teams/index.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "../fixtures/fake-teams-connector.ts";

let dir: string;
let connector: FakeTeamsConnector;
let shared: Store;
const logs: string[] = [];
const logger = createLogger({ write: (l: string) => void logs.push(l) });
const teams = (storePath: string) =>
  ({ auth: "none", appId: "", appType: "MultiTenant", storePath }) as const;

const added = (conversationId: string, serviceUrl: string) => ({
  type: "conversationUpdate",
  channelId: "msteams",
  serviceUrl,
  from: { id: "29:pat", name: "Pat" },
  recipient: { id: "28:bot", name: "EngageTrack" },
  conversation: { id: conversationId, conversationType: "channel", isGroup: true, name: "" },
  channelData: { team: { name: "Customer Success" }, channel: { name: "Renewals" } },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "et-teams-sender-"));
  shared = await openStore({ dir: "memory", sweepMs: 0 });
  connector = await startFakeTeamsConnector({
    failWith: (id) => (id.startsWith("19:removed") ? 403 : undefined),
  });
});
afterAll(async () => {
  await connector?.close();
  await shared?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("createTeamsSender", () => {
  it("posts a new message (not a reply) to a stored conversation and returns the connector's ID", async () => {
    const storePath = join(dir, "a.json");
    const store = openStoreConversations(shared.sql);
    await store.upsert(storedConversation(added("19:renewals@thread.tacv2", connector.url), new Date()));
    const sender = createTeamsSender({
      adapter: createTeamsAdapter(teams(storePath), logger),
      appId: "",
      store,
    });
    expect((await sender.list()).map((c) => [c.id, c.name, c.teamName])).toEqual([
      ["19:renewals@thread.tacv2", "Renewals", "Customer Success"],
    ]);
    const before = connector.sent.length;
    const result = await sender.send(
      "19:renewals@thread.tacv2",
      MessageFactory.text("Weekly digest: 12 customers moved to High risk"),
    );
    expect(result.id).toMatch(/^sent-\d+$/);
    const [sent] = connector.sent.slice(before);
    expect(sent).toMatchObject({
      conversationId: "19:renewals@thread.tacv2",
      replyTo: null,
      activity: {
        type: "message",
        text: "Weekly digest: 12 customers moved to High risk",
        from: { id: "28:bot", name: "EngageTrack" },
        conversation: { id: "19:renewals@thread.tacv2" },
      },
    });
  });

  it("teamsSenderFrom builds the same sender from the server configuration and store; none without Teams", async () => {
    const storePath = join(dir, "b.json");
    await openStoreConversations(shared.sql).upsert(
      storedConversation(added("19:b", connector.url), new Date()),
    );
    expect(teamsSenderFrom({}, { logger, store: shared })).toBeUndefined();
    const sender = teamsSenderFrom({ teams: teams(storePath) }, { logger, store: shared })!;
    const before = connector.sent.length;
    await sender.send("19:b", { type: "message", text: "hello" });
    expect(connector.sent.slice(before).map((s) => [s.conversationId, s.activity.text])).toEqual([
      ["19:b", "hello"],
    ]);
  });

  it("teamsSenderFrom imports the conversations file of an older version into a lasting store, never into a throwaway one", async () => {
    const storePath = join(dir, "old", "conversations.json");
    await mkdir(join(dir, "old"));
    const old = storedConversation(
      added("19:from-the-file", connector.url),
      new Date("2026-11-01T08:00:00Z"),
    );
    await writeFile(storePath, JSON.stringify({ version: 1, conversations: [old] }));
    // In memory (tests): the file is left alone, since the import would end with the process.
    const throwaway = teamsSenderFrom({ teams: teams(storePath) }, { logger, store: shared })!;
    expect((await throwaway.list()).map((c) => c.id)).not.toContain("19:from-the-file");
    expect(await readdir(join(dir, "old"))).toEqual(["conversations.json"]);
    // The embedded store in a folder: imported once, the file renamed.
    const lasting = await openStore({ dir: join(dir, "store"), sweepMs: 0 });
    try {
      const sender = teamsSenderFrom({ teams: teams(storePath) }, { logger, store: lasting })!;
      expect((await sender.list()).map((c) => c.id)).toEqual(["19:from-the-file"]);
      expect(await readdir(join(dir, "old"))).toEqual(["conversations.json.imported"]);
      const before = connector.sent.length;
      await sender.send("19:from-the-file", { type: "message", text: "still here" });
      expect(connector.sent.slice(before).map((x) => x.conversationId)).toEqual(["19:from-the-file"]);
    } finally {
      await lasting.close();
    }
    expect(logs.some((l) => l.includes("teams conversations file imported into the shared store"))).toBe(
      true,
    );
  });

  it("an unknown conversation, or one the bot was removed from (403) → TeamsSendError with a code", async () => {
    const storePath = join(dir, "c.json");
    const store = openStoreConversations(shared.sql);
    await store.upsert(storedConversation(added("19:removed", connector.url), new Date()));
    const sender = createTeamsSender({
      adapter: createTeamsAdapter(teams(storePath), logger),
      appId: "",
      store,
    });
    await expect(sender.send("19:nowhere", { type: "message", text: "x" })).rejects.toMatchObject({
      name: "TeamsSendError",
      code: "unknown-conversation",
      message: 'unknown teams conversation: "19:nowhere" (the bot is not installed there)',
    });
    const err = await sender.send("19:removed", { type: "message", text: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TeamsSendError);
    expect(err).toMatchObject({ code: "send-failed" });
    expect((err as Error).message).toMatch(/^cannot post to teams conversation "19:removed": .*roster/);
    // One attempt, and no apology posted after it (the adapter's onTurnError is not involved).
    expect(connector.requests.filter((r) => r.includes("removed"))).toHaveLength(1);
  });
});
