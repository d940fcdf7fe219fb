// The Slack app: `/engage`, mentions, DMs, buttons and the Home tab, answered through
// bot/conversation (`services.ask`) and rendered as Block Kit. `register(app)` mounts it on the one
// server when SLACK_BOT_TOKEN is set (HTTP mode on POST /slack/events, or Socket Mode with
// SLACK_APP_TOKEN).
import type { ServerApp } from "../server-app.ts";
import { mountSlackApp } from "./mount-slack-app.ts";

/**
 * Mounts the Slack app when the configuration has a `slack` section (nothing otherwise), and
 * warns at start-up when no allow-list limits who may ask.
 */
export function register(app: ServerApp): void {
  const slack = app.services.config.slack;
  if (!slack) return;
  if (!slack.allowedUsers && !slack.allowedChannels) {
    app.services.logger.warn(
      "SLACK_ALLOWED_USERS and SLACK_ALLOWED_CHANNELS are not set: anyone in the Slack workspace can ask about customers",
    );
  } else if (!slack.allowedUsers) {
    app.services.logger.warn(
      "SLACK_ALLOWED_USERS is not set: anyone in the Slack workspace can ask in the allowed channels and in DMs",
    );
  }
  mountSlackApp(app, slack);
}

export { mountSlackApp, SLACK_EVENTS_PATH, SLACK_COMMAND, type SlackApp } from "./mount-slack-app.ts";
export {
  slackConfigFrom,
  SLACK_SETTINGS,
  MIN_SIGNING_SECRET_LENGTH,
  type SlackConfig,
  type SlackMode,
  type SharedChannelReplies,
} from "./slack-config.ts";
export { replyBlocks, ACTION_PREFIX, type ReplyBlocksOptions, type SlackMessage } from "./reply-blocks.ts";
export { homeView, refusedHomeView, type HomeView, type HomeViewInput } from "./home-view.ts";
export { deliverReply, type ReplyTarget, type Delivery, type DeliverEffects } from "./deliver-reply.ts";
export { checkAccess, type AccessDecision, type AccessRequest } from "./access-policy.ts";
export {
  createDeliveryDedupe,
  DEFAULT_DELIVERY_TTL_MS,
  type DeliveryDedupe,
  type DeliveryDedupeOptions,
} from "./delivery-dedupe.ts";
export { createSharedChannels, type SharedChannels, type SharedChannelsOptions } from "./shared-channels.ts";
export {
  createSlackMetrics,
  type SlackMetrics,
  type InteractionKind,
  type InteractionOutcome,
} from "./slack-metrics.ts";
export { SlackError, friendlyError, slackErrorCode, type SlackErrorCode } from "./slack-error.ts";
export { questionText } from "./question-text.ts";
export { escapeMrkdwn } from "./escape-mrkdwn.ts";
export { SLACK_LIMITS, clipEscaped, clipText, codeBlocks } from "./slack-limits.ts";
export { createSlackWebClient, slackLogger, type SlackWebClientOptions } from "./slack-web-client.ts";
