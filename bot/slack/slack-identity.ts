import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../core/src/log/index.ts";
import type { AskerIdentity } from "../conversation/index.ts";
import { createLruCache } from "../services/lru-cache.ts";
import type { OwnerDirectory } from "../services/owner-directory.ts";

/** How long a looked-up profile e-mail is trusted (a changed e-mail is seen within this). */
export const SLACK_PROFILE_TTL_MS = 15 * 60_000;
/** Profiles kept (a workspace's active askers). */
const MAX_PROFILES = 10_000;

export interface SlackIdentityOptions {
  /** The owners file: a Slack ID it names (or lists as a lead) needs no profile lookup. */
  owners?: OwnerDirectory;
  logger: Pick<Logger, "warn">;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
  ttlMs?: number;
}

/**
 * A Slack user's identity for the owner directory, asked only when a question needs it: the user
 * ID, and the profile e-mail from `users.info` (scope `users:read.email`), kept in an LRU cache for
 * `ttlMs` (a cache, not shared state: each replica asks Slack at most once per user per TTL). A
 * Slack ID the owners file names needs no lookup. Slack refusing the lookup (`missing_scope`,
 * `user_not_found`) leaves the e-mail out (logged); a network failure is thrown, so the asker is
 * told to try again rather than that they are not mapped.
 *
 * @example
 * const identify = createSlackIdentities(client, { owners, logger });
 * await identify("U0123ABCD")(); // { slackUserId: "U0123ABCD", email: "dana@example.com" }
 */
export function createSlackIdentities(
  client: Pick<WebClient, "users">,
  options: SlackIdentityOptions,
): (user: string) => () => Promise<AskerIdentity> {
  const clock = options.clock ?? Date.now;
  const ttl = options.ttlMs ?? SLACK_PROFILE_TTL_MS;
  const cache = createLruCache<{ at: number; email: string | null }>({ maxEntries: MAX_PROFILES });
  const known = (user: string) => {
    const owners = options.owners;
    if (!owners) return false;
    return owners.owners.some((o) => o.slack === user) || owners.resolve({ slackUserId: user }, []).lead;
  };
  return (user) => async () => {
    if (known(user)) return { slackUserId: user };
    const hit = cache.get(user);
    if (hit && clock() - hit.at < ttl) return withEmail(user, hit.email);
    let email: string | null = null;
    try {
      const found = await client.users.info({ user });
      email = found.user?.profile?.email ?? null;
    } catch (err) {
      if ((err as { code?: string }).code !== "slack_webapi_platform_error") throw err;
      options.logger.warn(
        { code: "slack-profile", error: (err as { data?: { error?: string } }).data?.error ?? null },
        "slack: users.info refused; asker known by user ID only (scope users:read.email?)",
      );
    }
    cache.set(user, { at: clock(), email });
    return withEmail(user, email);
  };
}

function withEmail(user: string, email: string | null): AskerIdentity {
  return email ? { slackUserId: user, email } : { slackUserId: user };
}
