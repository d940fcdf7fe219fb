// Compile-only checks of the Teams bot's public types: the digest scheduler codes against TeamsSender.
import type { Activity, CloudAdapter } from "botbuilder";
import { describe, expectTypeOf, it } from "vitest";
import type { Logger } from "../../../core/src/log/index.ts";
import type { SqlClient, Store } from "../../../core/src/store/index.ts";
import type { ServerConfig } from "../../server-config.ts";
import {
  createTeamsSender,
  openStoreConversations,
  teamsSenderFrom,
  type StoreConversationsOptions,
  type ConversationStore,
  type StoredConversation,
  type TeamsSender,
} from "../../teams/index.ts";

describe("teams API types", () => {
  it("TeamsSender lists stored conversations and sends a partial activity", () => {
    expectTypeOf<TeamsSender["list"]>().returns.toEqualTypeOf<Promise<StoredConversation[]>>();
    expectTypeOf<TeamsSender["send"]>().parameters.toEqualTypeOf<[string, Partial<Activity>]>();
    expectTypeOf<TeamsSender["send"]>().returns.toEqualTypeOf<Promise<{ id?: string }>>();
    expectTypeOf(createTeamsSender).parameter(0).toEqualTypeOf<{
      adapter: CloudAdapter;
      appId: string;
      store: ConversationStore;
    }>();
    expectTypeOf(teamsSenderFrom).parameters.toEqualTypeOf<
      [Pick<ServerConfig, "teams">, { logger: Logger; store: Pick<Store, "sql" | "engine" | "where"> }]
    >();
    expectTypeOf(teamsSenderFrom).returns.toEqualTypeOf<TeamsSender | undefined>();
  });

  it("the conversation store in the shared store takes its database and an optional file to import", () => {
    expectTypeOf(openStoreConversations).parameters.toEqualTypeOf<[SqlClient, StoreConversationsOptions?]>();
    expectTypeOf(openStoreConversations).returns.toEqualTypeOf<ConversationStore>();
  });

  it("StoredConversation says where and what kind of conversation", () => {
    expectTypeOf<StoredConversation["type"]>().toEqualTypeOf<"personal" | "channel" | "groupChat">();
    expectTypeOf<StoredConversation["id"]>().toEqualTypeOf<string>();
  });
});
