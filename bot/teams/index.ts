// The Microsoft Teams bot's public face: `register(app)` mounts /api/messages on the one server;
// `teamsSenderFrom(config, services)` gives digests a way to post to the conversations the bot
// was installed in.
import type { Logger } from "../../core/src/log/index.ts";
import type { Store } from "../../core/src/store/index.ts";
import type { ServerApp } from "../server-app.ts";
import type { ServerConfig, TeamsConfig } from "../server-config.ts";
import { openStoreConversations, type ConversationStore } from "./conversation-store.ts";
import { messagesRoute } from "./messages-route.ts";
import { createTeamsAdapter, createTeamsAuthentication } from "./teams-adapter.ts";
import { createTeamsBot } from "./teams-bot.ts";
import { createTeamsIdentities } from "./teams-identity.ts";
import { createTeamsSender, type TeamsSender } from "./teams-sender.ts";

export {
  openStoreConversations,
  importConversationsFile,
  type ConversationStore,
  type StoreConversationsOptions,
  type StoredConversation,
  type TeamsConversationType,
} from "./conversation-store.ts";
export { storedConversation } from "./stored-conversation.ts";
export { createTeamsAdapter, createTeamsAuthentication, TURN_ERROR_TEXT } from "./teams-adapter.ts";
export { createTeamsBot, replyActivity, type TeamsBotDeps } from "./teams-bot.ts";
export {
  replyCard,
  MAX_CARD_BYTES,
  type AdaptiveCard,
  type CardElement,
  type CardLinks,
  type SubmitData,
} from "./reply-card.ts";
export { cardText } from "./card-text.ts";
export { questionText } from "./question-text.ts";
export { botResponse } from "./bot-response.ts";
export { messagesRoute, MAX_ACTIVITY_BYTES, type MessagesRouteOptions } from "./messages-route.ts";
export { appPackageValuesFrom, fillManifest, teamsAppPackage, type AppPackageValues } from "./app-package.ts";
export { appIcon, APP_ICON_SIZES, ACCENT, type AppIconKind } from "./app-icons.ts";
export { zipArchive, type ZipEntry } from "./zip-archive.ts";
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
  services: { logger: Logger; store: Pick<Store, "sql" | "engine" | "where"> },
): TeamsSender | undefined {
  if (!config.teams) return undefined;
  return createTeamsSender({
    adapter: createTeamsAdapter(config.teams, services.logger),
    appId: config.teams.appId,
    store: teamsConversations(config.teams, services),
  });
}

/**
 * The conversation references in the shared store, importing the conversations file of an older
 * version (`ENGAGETRACK_TEAMS_STORE`, default data/teams/conversations.json) once — not into a
 * throwaway in-memory store, which would lose them when the process ends.
 */
function teamsConversations(
  teams: TeamsConfig,
  services: { logger: Logger; store: Pick<Store, "sql" | "engine" | "where"> },
): ConversationStore {
  const { store, logger } = services;
  const throwaway = store.engine === "pglite" && store.where === "memory";
  return openStoreConversations(store.sql, { importFile: throwaway ? undefined : teams.storePath, logger });
}

/**
 * Mounts the Teams bot on `POST /api/messages` when Teams is configured (`config.teams`); otherwise
 * nothing is mounted and the path answers 404. Warns loudly when auth is off, and when Teams
 * could not load chart images (no https public URL).
 */
export function register(app: ServerApp): void {
  const { config, logger } = app.services;
  const teams = config.teams;
  if (!teams) return;
  if (teams.auth === "none") {
    logger.warn(
      { code: "teams-auth-off" },
      "ENGAGETRACK_TEAMS_NO_AUTH=true: /api/messages accepts requests without a Bot Framework token (tests and the Bot Framework Emulator only; loopback HOST)",
    );
  } else if (!config.publicUrl?.startsWith("https://")) {
    logger.warn(
      { code: "teams-charts-not-https", publicUrl: config.publicUrl ?? null },
      "ENGAGETRACK_PUBLIC_URL is not an https URL: Teams cannot load chart images or summary downloads from it",
    );
  }
  const authentication = createTeamsAuthentication(teams);
  const adapter = createTeamsAdapter(teams, logger, authentication);
  const { services } = app;
  const bot = createTeamsBot({
    ask: (text, asker) => services.ask(text, asker),
    links: {
      chart: (chart) => services.replyCharts.url(chart),
      summary: (customerID) => services.summaries.url(customerID),
      file: (f) => (f.export ? services.exports.url(f.export.list, f.export.snapshotId) : undefined),
    },
    store: teamsConversations(teams, services),
    clock: services.clock,
    logger,
    audit: (event) => services.audit(event),
    identify: createTeamsIdentities({ owners: services.owners, logger }),
  });
  app.route(
    messagesRoute({
      adapter,
      ...(teams.auth === "bot-framework" && { authentication }),
      bot,
      logger,
    }),
  );
}
