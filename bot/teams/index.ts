// The Microsoft Teams bot's public face: `register(app)` mounts /api/messages on the one server;
// `teamsSenderFrom(config, services)` gives digests a way to post to the conversations the bot
// was installed in.
import type { Logger } from "../../core/src/log/index.ts";
import type { ServerConfig } from "../server-config.ts";
import { openConversationStore } from "./conversation-store.ts";
import { createTeamsAdapter } from "./teams-adapter.ts";
import { createTeamsSender, type TeamsSender } from "./teams-sender.ts";

export {
  openConversationStore,
  type ConversationStore,
  type ConversationStoreOptions,
  type StoredConversation,
  type TeamsConversationType,
} from "./conversation-store.ts";
export { storedConversation } from "./stored-conversation.ts";
export { createTeamsAdapter, TURN_ERROR_TEXT } from "./teams-adapter.ts";
export {
  createTeamsSender,
  TeamsSendError,
  type TeamsSender,
  type TeamsSenderOptions,
} from "./teams-sender.ts";

/**
 * The proactive sender of the configured Teams bot (its own adapter over the same settings and
 * conversation store as /api/messages), or undefined when Teams is not configured.
 *
 * @example
 * const teams = teamsSenderFrom(services.config, services);
 * if (teams) for (const c of await teams.list()) await teams.send(c.id, { type: "message", text: "Digest" });
 */
export function teamsSenderFrom(
  config: Pick<ServerConfig, "teams">,
  services: { logger: Logger },
): TeamsSender | undefined {
  if (!config.teams) return undefined;
  return createTeamsSender({
    adapter: createTeamsAdapter(config.teams, services.logger),
    appId: config.teams.appId,
    store: openConversationStore({ path: config.teams.storePath, logger: services.logger }),
  });
}
