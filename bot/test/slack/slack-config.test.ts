import { describe, expect, it } from "vitest";
import { serverConfigFrom, ServerConfigError } from "../../server-config.ts";
import { slackConfigFrom } from "../../slack/index.ts";

const BOT = "xoxb-1234-5678-abcdefghijkl";
const SECRET = "0123456789abcdef0123456789abcdef";
const APP = "xapp-1-A0ENGAGE-1234-abcdef";

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    serverConfigFrom(env);
  } catch (err) {
    if (err instanceof ServerConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a configuration error");
}

describe("Slack settings", () => {
  it("Slack is off with none of its tokens set (empty strings are unset)", () => {
    expect(serverConfigFrom({}).slack).toBeUndefined();
    expect(
      serverConfigFrom({ SLACK_BOT_TOKEN: "", SLACK_SIGNING_SECRET: " ", SLACK_APP_TOKEN: "" }).slack,
    ).toBeUndefined();
  });

  it("bot token and signing secret: HTTP mode, anyone may ask, customer details ephemeral in shared channels", () => {
    const slack = serverConfigFrom({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET }).slack;
    expect(slack).toEqual({
      mode: "http",
      botToken: BOT,
      signingSecret: SECRET,
      appToken: null,
      apiUrl: null,
      allowedUsers: null,
      allowedChannels: null,
      sharedChannelReplies: "ephemeral",
      commandReplies: "ephemeral",
    });
  });

  it("slash-command answers: only the asker sees them by default; SLACK_COMMAND_REPLIES=public posts them", () => {
    const env = { SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET };
    expect(serverConfigFrom({ ...env, SLACK_COMMAND_REPLIES: "public" }).slack?.commandReplies).toBe(
      "public",
    );
    expect(problemsOf({ ...env, SLACK_COMMAND_REPLIES: "channel" })).toEqual([
      'SLACK_COMMAND_REPLIES="channel": must be ephemeral or public',
    ]);
  });

  it("an app-level token selects Socket Mode, where the signing secret is not needed", () => {
    const slack = serverConfigFrom({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP }).slack;
    expect(slack).toMatchObject({ mode: "socket", appToken: APP, signingSecret: null });
  });

  it("reads the allow-lists, the API URL (with a trailing slash) and the shared-channel policy", () => {
    const slack = serverConfigFrom({
      SLACK_BOT_TOKEN: BOT,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: "http://127.0.0.1:4010/api",
      SLACK_ALLOWED_USERS: "U0ALICE, W0BOB ,",
      SLACK_ALLOWED_CHANNELS: "C0GENERAL,G0PRIVATE",
      SLACK_SHARED_CHANNEL_REPLIES: "public",
    }).slack!;
    expect(slack.apiUrl).toBe("http://127.0.0.1:4010/api/");
    expect([...slack.allowedUsers!]).toEqual(["U0ALICE", "W0BOB"]);
    expect([...slack.allowedChannels!]).toEqual(["C0GENERAL", "G0PRIVATE"]);
    expect(slack.sharedChannelReplies).toBe("public");
  });

  it("partial settings: one start-up problem per missing setting, saying what needs it", () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: SECRET })).toEqual([
      "SLACK_BOT_TOKEN is not set: the Slack app needs its bot token (xoxb-…) as well as SLACK_SIGNING_SECRET",
    ]);
    expect(problemsOf({ SLACK_APP_TOKEN: APP })).toEqual([
      "SLACK_BOT_TOKEN is not set: the Slack app needs its bot token (xoxb-…) as well as SLACK_APP_TOKEN",
    ]);
    expect(problemsOf({ SLACK_BOT_TOKEN: BOT })).toEqual([
      "SLACK_SIGNING_SECRET is not set: HTTP mode verifies Slack's requests with it (or set SLACK_APP_TOKEN for Socket Mode)",
    ]);
  });

  it("lists every bad setting at once and never echoes a token or secret", () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: "xoxp-user-token-secret",
      SLACK_SIGNING_SECRET: "short-secret",
      SLACK_APP_TOKEN: "app-token-secret",
      SLACK_API_URL: "ftp://example.com/api",
      SLACK_ALLOWED_USERS: "U0ALICE,alice@example.com",
      SLACK_ALLOWED_CHANNELS: ",",
      SLACK_SHARED_CHANNEL_REPLIES: "everyone",
      PORT: "99999",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^PORT="99999": /),
      "SLACK_BOT_TOKEN=(hidden): must be a bot token (xoxb-…) without spaces",
      "SLACK_APP_TOKEN=(hidden): must be an app-level token (xapp-…) without spaces",
      "SLACK_SIGNING_SECRET=(hidden): must be at least 16 characters without spaces (Slack's are 32)",
      'SLACK_API_URL="ftp://example.com/api": must be http or https',
      'SLACK_ALLOWED_USERS="U0ALICE,alice@example.com": "alice@example.com" is not a user ID (U…)',
      'SLACK_ALLOWED_CHANNELS=",": lists no IDs (leave it empty to allow everyone)',
      'SLACK_SHARED_CHANNEL_REPLIES="everyone": must be ephemeral or public',
    ]);
    const text = problems.join("\n");
    for (const secret of ["xoxp-user-token-secret", "short-secret", "app-token-secret"])
      expect(text).not.toContain(secret);
  });

  it("slackConfigFrom adds to the caller's problems and returns undefined when they are its own", () => {
    const problems = ["an earlier problem"];
    expect(slackConfigFrom({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET }, problems)).toMatchObject({
      mode: "http",
    });
    expect(problems).toEqual(["an earlier problem"]);
    expect(slackConfigFrom({ SLACK_BOT_TOKEN: BOT }, problems)).toBeUndefined();
    expect(problems).toHaveLength(2);
  });
});
