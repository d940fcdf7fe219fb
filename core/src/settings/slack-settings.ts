/** The Slack app (SLACK_* variables); documented in bot/README.md. */
import { z } from "zod";
import { declareSettings, setting } from "./declare-settings.ts";

/** Shortest accepted signing secret (Slack's are 32 hex characters). */
export const MIN_SIGNING_SECRET_LENGTH = 16;

const USER_ID = /^[UW][A-Z0-9]{2,30}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

/** Comma-separated IDs; undefined = everyone. */
const idList = (pattern: RegExp, what: string) =>
  z.string().transform((raw, ctx) => {
    const ids = raw
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean);
    if (ids.length === 0) {
      ctx.addIssue({ code: "custom", message: "lists no IDs (leave it empty to allow everyone)" });
      return z.NEVER;
    }
    const bad = ids.filter((id) => !pattern.test(id));
    if (bad.length) {
      ctx.addIssue({
        code: "custom",
        message: `${bad.map((b) => JSON.stringify(b)).join(", ")} ${bad.length === 1 ? "is not" : "are not"} ${what}`,
      });
      return z.NEVER;
    }
    return new Set(ids) as ReadonlySet<string>;
  });

const replies = () =>
  z
    .string()
    .trim()
    .pipe(z.enum(["ephemeral", "public"], { message: "must be ephemeral or public" }));

export const SLACK_SETTINGS_SECTION = declareSettings("slack", "bot/README.md", {
  SLACK_BOT_TOKEN: setting(
    z
      .string()
      .trim()
      .refine((t) => t.startsWith("xoxb-") && !/\s/.test(t), "must be a bot token (xoxb-…) without spaces")
      .optional(),
    "Bot token (xoxb-…); Slack is on when it is set.",
    { secret: true },
  ),
  SLACK_APP_TOKEN: setting(
    z
      .string()
      .trim()
      .refine(
        (t) => t.startsWith("xapp-") && !/\s/.test(t),
        "must be an app-level token (xapp-…) without spaces",
      )
      .optional(),
    "App-level token (xapp-…): Socket Mode.",
    { secret: true },
  ),
  SLACK_SIGNING_SECRET: setting(
    z
      .string()
      .trim()
      .refine(
        (s) => s.length >= MIN_SIGNING_SECRET_LENGTH && !/\s/.test(s),
        `must be at least ${MIN_SIGNING_SECRET_LENGTH} characters without spaces (Slack's are 32)`,
      )
      .optional(),
    "HTTP mode: verifies Slack's requests to /slack/events.",
    { secret: true },
  ),
  SLACK_API_URL: setting(
    z
      .string()
      .transform((raw, ctx) => {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          ctx.addIssue({ code: "custom", message: "not a URL" });
          return z.NEVER;
        }
        if (url.protocol !== "http:" && url.protocol !== "https:") {
          ctx.addIssue({ code: "custom", message: "must be http or https" });
          return z.NEVER;
        }
        if (url.search || url.hash || url.username || url.password) {
          ctx.addIssue({ code: "custom", message: "no query, fragment or credentials" });
          return z.NEVER;
        }
        // The Web API client appends method names to it: "https://slack.com/api/" + "chat.postMessage".
        return url.href.endsWith("/") ? url.href : `${url.href}/`;
      })
      .optional(),
    "Web API base (tests, proxies).",
    { shownDefault: "https://slack.com/api/" },
  ),
  SLACK_ALLOWED_USERS: setting(
    idList(USER_ID, "a user ID (U…)").optional(),
    "Comma-separated user IDs who may ask; empty: anyone.",
  ),
  SLACK_ALLOWED_CHANNELS: setting(
    idList(CHANNEL_ID, "a channel ID (C…, G… or D…)").optional(),
    "Comma-separated channel IDs where the app answers; empty: any channel.",
  ),
  SLACK_SHARED_CHANNEL_REPLIES: setting(
    replies().default("ephemeral"),
    "Customer details in Slack Connect channels: ephemeral or public.",
  ),
  SLACK_COMMAND_REPLIES: setting(replies().default("ephemeral"), "/engage answers: ephemeral or public."),
});
