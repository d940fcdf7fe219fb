/**
 * The Slack app's settings (SLACK_* variables), parsed by `serverConfigFrom` beside the server's
 * own. Bad or missing settings are added to the caller's problem list, one line each; token and
 * secret values are never echoed.
 */

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

/** The SLACK_* variables the app reads. */
export const SLACK_SETTINGS = [
  "SLACK_BOT_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_APP_TOKEN",
  "SLACK_API_URL",
  "SLACK_ALLOWED_USERS",
  "SLACK_ALLOWED_CHANNELS",
  "SLACK_SHARED_CHANNEL_REPLIES",
  "SLACK_COMMAND_REPLIES",
] as const;

/** Shortest accepted signing secret (Slack's are 32 hex characters). */
export const MIN_SIGNING_SECRET_LENGTH = 16;

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

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
  // Empty strings mean "not set", as in a copied .env.example.
  const get = (key: (typeof SLACK_SETTINGS)[number]) => {
    const value = env[key]?.trim();
    return value ? value : undefined;
  };
  const botToken = get("SLACK_BOT_TOKEN");
  const signingSecret = get("SLACK_SIGNING_SECRET");
  const appToken = get("SLACK_APP_TOKEN");
  if (!botToken && !signingSecret && !appToken) return undefined;
  const before = problems.length;

  if (!botToken) {
    const given = [signingSecret && "SLACK_SIGNING_SECRET", appToken && "SLACK_APP_TOKEN"].filter(Boolean);
    problems.push(
      `SLACK_BOT_TOKEN is not set: the Slack app needs its bot token (xoxb-…) as well as ${given.join(" and ")}`,
    );
  } else if (!botToken.startsWith("xoxb-") || /\s/.test(botToken)) {
    problems.push("SLACK_BOT_TOKEN=(hidden): must be a bot token (xoxb-…) without spaces");
  }
  if (appToken && (!appToken.startsWith("xapp-") || /\s/.test(appToken)))
    problems.push("SLACK_APP_TOKEN=(hidden): must be an app-level token (xapp-…) without spaces");
  if (!appToken && !signingSecret && botToken) {
    problems.push(
      "SLACK_SIGNING_SECRET is not set: HTTP mode verifies Slack's requests with it (or set SLACK_APP_TOKEN for Socket Mode)",
    );
  }
  if (signingSecret && (signingSecret.length < MIN_SIGNING_SECRET_LENGTH || /\s/.test(signingSecret)))
    problems.push(
      `SLACK_SIGNING_SECRET=(hidden): must be at least ${MIN_SIGNING_SECRET_LENGTH} characters without spaces (Slack's are 32)`,
    );

  const apiUrl = parseApiUrl(get("SLACK_API_URL"), problems);
  const allowedUsers = parseIds(
    "SLACK_ALLOWED_USERS",
    get("SLACK_ALLOWED_USERS"),
    USER_ID,
    "a user ID (U…)",
    problems,
  );
  const allowedChannels = parseIds(
    "SLACK_ALLOWED_CHANNELS",
    get("SLACK_ALLOWED_CHANNELS"),
    CHANNEL_ID,
    "a channel ID (C…, G… or D…)",
    problems,
  );
  const replies = get("SLACK_SHARED_CHANNEL_REPLIES") ?? "ephemeral";
  if (replies !== "ephemeral" && replies !== "public")
    problems.push(`SLACK_SHARED_CHANNEL_REPLIES=${JSON.stringify(replies)}: must be ephemeral or public`);
  const commandReplies = get("SLACK_COMMAND_REPLIES") ?? "ephemeral";
  if (commandReplies !== "ephemeral" && commandReplies !== "public")
    problems.push(`SLACK_COMMAND_REPLIES=${JSON.stringify(commandReplies)}: must be ephemeral or public`);

  if (problems.length > before || !botToken) return undefined;
  return {
    mode: appToken ? "socket" : "http",
    botToken,
    signingSecret: signingSecret ?? null,
    appToken: appToken ?? null,
    apiUrl,
    allowedUsers,
    allowedChannels,
    sharedChannelReplies: replies as SharedChannelReplies,
    commandReplies: commandReplies as CommandReplies,
  };
}

function parseApiUrl(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`SLACK_API_URL=${JSON.stringify(raw)}: not a URL`);
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    problems.push(`SLACK_API_URL=${JSON.stringify(raw)}: must be http or https`);
    return null;
  }
  if (url.search || url.hash || url.username || url.password) {
    problems.push(`SLACK_API_URL=${JSON.stringify(raw)}: no query, fragment or credentials`);
    return null;
  }
  // The Web API client appends method names to it: "https://slack.com/api/" + "chat.postMessage".
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

function parseIds(
  key: string,
  raw: string | undefined,
  pattern: RegExp,
  what: string,
  problems: string[],
): ReadonlySet<string> | null {
  if (raw === undefined) return null;
  const ids = raw
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) {
    problems.push(`${key}=${JSON.stringify(raw)}: lists no IDs (leave it empty to allow everyone)`);
    return null;
  }
  const bad = ids.filter((id) => !pattern.test(id));
  if (bad.length)
    problems.push(
      `${key}=${JSON.stringify(raw)}: ${bad.map((b) => JSON.stringify(b)).join(", ")} ${bad.length === 1 ? "is not" : "are not"} ${what}`,
    );
  return new Set(ids);
}
