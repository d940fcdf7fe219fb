/**
 * The Slack app's settings (SLACK_* variables, declared with every other setting in
 * core/src/settings), parsed by `serverConfigFrom` beside the server's own. Bad or missing settings are added to the caller's problem list, one line each; token and
 * secret values are never echoed.
 */

import {
  MIN_SIGNING_SECRET_LENGTH,
  readSettings,
  SLACK_SETTINGS_SECTION,
} from "../../core/src/settings/index.ts";

/** How Slack reaches the app: signed HTTP requests on /slack/events, or a Socket Mode WebSocket. */
export type SlackMode = "http" | "socket";

/** Where customer details go in a channel shared with another organisation (Slack Connect). */
export type SharedChannelReplies = "ephemeral" | "public";

/** Who sees a slash command's answer: the asker (with a "Share in channel" button), or the channel. */
export type CommandReplies = "ephemeral" | "public";

export interface SlackConfig {
  mode: SlackMode;
  /** Bot token (xoxb-…). */
  botToken: string;
  /** Verifies Slack's HTTP requests (HTTP mode; optional in Socket Mode). */
  signingSecret: string | null;
  /** App-level token (xapp-…) of Socket Mode. */
  appToken: string | null;
  /** Base of the Web API with a trailing slash (tests, proxies); null = Slack's. */
  apiUrl: string | null;
  /** User IDs who may ask; null = anyone in the workspace. */
  allowedUsers: ReadonlySet<string> | null;
  /** Channel IDs where the app answers; null = any channel it is in. */
  allowedChannels: ReadonlySet<string> | null;
  sharedChannelReplies: SharedChannelReplies;
  /** Default ephemeral (SLACK_COMMAND_REPLIES); optional so configs built in code keep working. */
  commandReplies?: CommandReplies;
}

/** The SLACK_* variables the app reads (declared in core/src/settings/slack-settings.ts). */
export const SLACK_SETTINGS = Object.keys(
  SLACK_SETTINGS_SECTION.settings,
) as readonly (keyof typeof SLACK_SETTINGS_SECTION.settings)[];

export { MIN_SIGNING_SECRET_LENGTH };

/**
 * Reads the Slack settings: undefined when Slack is off (none of SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET,
 * SLACK_APP_TOKEN set). SLACK_APP_TOKEN selects Socket Mode; otherwise HTTP mode needs
 * SLACK_SIGNING_SECRET. Each unusable or missing setting becomes one entry of `problems`.
 *
 * @example
 * const problems: string[] = [];
 * slackConfigFrom({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "0123456789abcdef0123" }, problems);
 * // { mode: "http", botToken: "xoxb-1", allowedUsers: null, sharedChannelReplies: "ephemeral", … }
 */
export function slackConfigFrom(env: NodeJS.ProcessEnv, problems: string[]): SlackConfig | undefined {
  const read = readSettings(env, SLACK_SETTINGS_SECTION.settings);
  const {
    SLACK_BOT_TOKEN: botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_APP_TOKEN: appToken,
  } = read.present;
  // Slack is off: its other settings are not looked at.
  if (!botToken && !signingSecret && !appToken) return undefined;
  const before = problems.length;
  if (!read.ok) problems.push(...read.problems);
  if (!botToken) {
    const given = [signingSecret && "SLACK_SIGNING_SECRET", appToken && "SLACK_APP_TOKEN"].filter(Boolean);
    problems.push(
      `SLACK_BOT_TOKEN is not set: the Slack app needs its bot token (xoxb-…) as well as ${given.join(" and ")}`,
    );
  }
  if (!appToken && !signingSecret && botToken) {
    problems.push(
      "SLACK_SIGNING_SECRET is not set: HTTP mode verifies Slack's requests with it (or set SLACK_APP_TOKEN for Socket Mode)",
    );
  }
  if (problems.length > before || !read.ok || !botToken) return undefined;
  const c = read.settings;
  return {
    mode: c.SLACK_APP_TOKEN ? "socket" : "http",
    botToken: c.SLACK_BOT_TOKEN!,
    signingSecret: c.SLACK_SIGNING_SECRET ?? null,
    appToken: c.SLACK_APP_TOKEN ?? null,
    apiUrl: c.SLACK_API_URL ?? null,
    allowedUsers: c.SLACK_ALLOWED_USERS ?? null,
    allowedChannels: c.SLACK_ALLOWED_CHANNELS ?? null,
    sharedChannelReplies: c.SLACK_SHARED_CHANNEL_REPLIES,
    commandReplies: c.SLACK_COMMAND_REPLIES,
  };
}
