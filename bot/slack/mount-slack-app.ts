import { App, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ServerApp } from "../server-app.ts";
import { createAnswerPipeline } from "./answer-pipeline.ts";
import { createBotIdentity, type BotIdentity } from "./bot-identity.ts";
import { register as registerFirstDelivery } from "./first-delivery.ts";
import { registerListeners } from "./listeners/index.ts";
import type { SlackConfig, SlackMode } from "./slack-config.ts";
import type { SlackDeps } from "./slack-deps.ts";
import { createSlackIdentities } from "./slack-identity.ts";
import { attachSlackLifecycle, SLACK_EVENTS_PATH } from "./slack-lifecycle.ts";
import { createSlackMetrics } from "./slack-metrics.ts";
import { createSlackWebClient, slackLogger } from "./slack-web-client.ts";

export { SLACK_EVENTS_PATH } from "./slack-lifecycle.ts";
export { SLACK_COMMAND } from "./listeners/index.ts";

/** A mounted Slack app. */
export interface SlackApp {
  readonly mode: SlackMode;
  readonly bolt: App;
  readonly receiver: HTTPReceiver | SocketModeReceiver;
  /** The Web API client every answer goes out through. */
  readonly client: WebClient;
}

/**
 * Mounts the Slack app on the one server: Bolt with our Web API client's settings and an
 * `authorize` that reuses one `auth.test` through that client; in HTTP mode Bolt's HTTPReceiver
 * (signature and 5-minute timestamp checks; our own check first refuses timestamps over 5 minutes
 * ahead too) on POST /slack/events, in Socket Mode a
 * SocketModeReceiver started once the server listens and stopped at shutdown (slack-lifecycle.ts).
 * Every delivery is acknowledged first; a repeated one (same event_id or trigger_id, or a retry
 * after a timeout) is acknowledged and dropped (first-delivery.ts). Questions come from `/engage`,
 * mentions, DMs and buttons (listeners/); the allow-lists are checked, the answer comes from
 * `services.ask`, and it goes out rendered as Block Kit with charts and files uploaded into the
 * thread (ephemeral in shared channels) (answer-pipeline.ts). Each outcome is counted; refusals
 * and failures are audited (`services.ask` audits the questions).
 *
 * @example
 * const slack = mountSlackApp(app, app.services.config.slack!);
 * slack.mode; // "http": POST /slack/events is routed to Bolt
 */
export function mountSlackApp(app: ServerApp, config: SlackConfig): SlackApp {
  const { services } = app;
  const logger = services.logger;
  const metrics = createSlackMetrics(services.metrics.registry);
  const client = createSlackWebClient({
    token: config.botToken,
    apiUrl: config.apiUrl ?? undefined,
    logger,
    retries: metrics.retries,
  });
  const boltLogger = slackLogger(logger, "slack bolt");
  // "My accounts": the asker's profile e-mail, looked up only when a question needs it (cached).
  const identify = createSlackIdentities(client, { owners: services.owners, logger });
  const clientOptions = config.apiUrl ? { slackApiUrl: config.apiUrl } : {};
  const identity = createBotIdentity(client);

  const receiver =
    config.mode === "socket"
      ? new SocketModeReceiver({
          appToken: config.appToken!,
          logger: boltLogger,
          installerOptions: { clientOptions },
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret!,
          endpoints: SLACK_EVENTS_PATH,
          processBeforeResponse: false,
          logger: boltLogger,
        });
  const bolt = new App({
    receiver,
    logger: boltLogger,
    clientOptions,
    authorize: async () => {
      // Bolt's authorize result carries the IDs only.
      const { botUserId, botId, teamId }: BotIdentity = await identity.within(1000);
      return { botToken: config.botToken, botUserId, botId, teamId };
    },
  });

  const pending = new Set<Promise<void>>();
  const track = (work: Promise<void>) => {
    pending.add(work);
    return work.finally(() => pending.delete(work));
  };
  const answer = createAnswerPipeline({
    config,
    services,
    client,
    metrics,
    identify,
    whoAmI: identity.whoAmI,
  });
  const deps: SlackDeps = { config, services, client, metrics, identify, answer, track };

  registerFirstDelivery(bolt, deps);
  registerListeners(bolt, deps);
  bolt.error(async (error) => {
    logger.error({ code: error.code, err: error }, "slack: bolt could not handle a delivery");
  });

  attachSlackLifecycle(app, { config, bolt, receiver, whoAmI: identity.whoAmI, pending });
  return { mode: config.mode, bolt, receiver, client };
}
