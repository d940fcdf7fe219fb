import { HTTPReceiver, type App, type SocketModeReceiver } from "@slack/bolt";
import type { ServerApp } from "../server-app.ts";
import type { BotIdentity } from "./bot-identity.ts";
import { isFreshSlackTimestamp } from "./request-freshness.ts";
import type { SlackConfig } from "./slack-config.ts";
import { slackErrorCode } from "./slack-error.ts";

/** Slack's events, commands and interactivity all arrive here in HTTP mode. */
export const SLACK_EVENTS_PATH = "/slack/events";

/** What the mounted Slack app hands the server's lifecycle. */
export interface SlackLifecycle {
  config: SlackConfig;
  bolt: App;
  receiver: HTTPReceiver | SocketModeReceiver;
  whoAmI: () => Promise<BotIdentity>;
  /** Answers acknowledged and still being worked on. */
  pending: ReadonlySet<Promise<void>>;
}

/**
 * Ties the Slack app to the one server: in HTTP mode POST /slack/events goes to Bolt's receiver
 * (our own check first refuses timestamps over 5 minutes ahead), in Socket Mode Bolt connects once
 * the server listens and disconnects at shutdown; `auth.test` is checked at start; shutdown waits
 * (up to the shutdown timeout) for answers in flight.
 */
export function attachSlackLifecycle(app: ServerApp, slack: SlackLifecycle): void {
  const { config, bolt, receiver, whoAmI, pending } = slack;
  const { services } = app;
  const logger = services.logger;
  if (receiver instanceof HTTPReceiver) {
    app.route({
      method: "POST",
      path: SLACK_EVENTS_PATH,
      name: "slack-events",
      handle: ({ req, res }) => {
        // Before Bolt, which refuses only stale timestamps. Date.now: the clock Bolt's own check uses.
        if (!isFreshSlackTimestamp(req.headers["x-slack-request-timestamp"], Date.now())) {
          logger.warn(
            { code: "slack-timestamp" },
            "slack: request refused: timestamp over 5 minutes from now",
          );
          res.writeHead(401).end();
          return;
        }
        return receiver.requestListener(req, res);
      },
    });
  } else {
    app.onStart(async () => {
      try {
        await bolt.start();
        logger.info("slack: socket mode connected");
      } catch (err) {
        // The server keeps serving its other listeners; the log says why Slack is silent.
        logger.error(
          { code: slackErrorCode(err), err },
          "slack: socket mode could not connect (check SLACK_APP_TOKEN)",
        );
      }
    });
  }
  app.onStart(async () => {
    try {
      const me = await whoAmI();
      logger.info({ mode: config.mode, botUserId: me.botUserId, teamId: me.teamId }, "slack: app ready");
    } catch (err) {
      logger.error(
        { code: slackErrorCode(err) },
        "slack: auth.test failed (check SLACK_BOT_TOKEN); answers will fail until it passes",
      );
    }
  });
  app.onClose(async () => {
    if (config.mode === "socket") await bolt.stop().catch(() => {});
    // Answers acknowledged but still being written: let them finish before the model is released.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...pending]),
      new Promise((resolve) => (timer = setTimeout(resolve, services.config.shutdownTimeoutMs))),
    ]);
    clearTimeout(timer);
  });
}
