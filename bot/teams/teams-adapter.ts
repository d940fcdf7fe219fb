import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from "botbuilder";
import type { Logger } from "../../core/src/log/index.ts";
import type { TeamsConfig } from "../server-config.ts";

/** What the user reads when a turn fails: no detail (the log has it). */
export const TURN_ERROR_TEXT =
  "Sorry, something went wrong while answering that. Please try again in a minute.";

/**
 * Bot Framework authentication from the Teams settings (`ConfigurationBotFrameworkAuthentication`):
 * checks the tokens of incoming requests and signs outgoing ones as the bot; with auth "none" it
 * does neither.
 */
export function createTeamsAuthentication(config: TeamsConfig): ConfigurationBotFrameworkAuthentication {
  const settings =
    config.auth === "none"
      ? {}
      : {
          MicrosoftAppId: config.appId,
          MicrosoftAppType: config.appType,
          ...(config.appPassword !== undefined && { MicrosoftAppPassword: config.appPassword }),
          ...(config.tenantId !== undefined && { MicrosoftAppTenantId: config.tenantId }),
        };
  return new ConfigurationBotFrameworkAuthentication(
    settings,
    new ConfigurationServiceClientCredentialFactory(settings),
  );
}

/**
 * botbuilder's `CloudAdapter` with `ConfigurationBotFrameworkAuthentication` from the Teams
 * settings: with an app ID every request's token is checked (and replies are sent with the bot's
 * credentials); with auth "none" nothing is checked (tests, the Emulator). A failed turn is logged
 * with its code and the user gets a short apology, never a stack trace.
 *
 * @example
 * const adapter = createTeamsAdapter(config.teams, services.logger);
 * await adapter.process(req, res, (context) => bot.run(context));
 */
export function createTeamsAdapter(
  config: TeamsConfig,
  logger: Logger,
  authentication: ConfigurationBotFrameworkAuthentication = createTeamsAuthentication(config),
): CloudAdapter {
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    logger.error(
      {
        err: error,
        code: "teams-turn-failed",
        activityType: context.activity.type,
        conversationType: context.activity.conversation?.conversationType ?? null,
      },
      "teams turn failed",
    );
    try {
      await context.sendActivity(TURN_ERROR_TEXT);
    } catch (err) {
      logger.warn({ err, code: "teams-apology-failed" }, "teams apology not sent");
    }
  };
  return adapter;
}
