import { TeamsInfo, type TurnContext } from "botbuilder";
import type { Logger } from "../../core/src/log/index.ts";
import type { AskerIdentity } from "../conversation/index.ts";
import { createLruCache } from "../services/lru-cache.ts";
import type { OwnerDirectory } from "../services/owner-directory.ts";

/** How long a looked-up profile e-mail is trusted (a changed e-mail is seen within this). */
export const TEAMS_PROFILE_TTL_MS = 15 * 60_000;
const MAX_PROFILES = 10_000;

export interface TeamsIdentityOptions {
  /** The owners file: an object id it names (or lists as a lead) needs no profile lookup. */
  owners?: OwnerDirectory;
  logger: Pick<Logger, "warn">;
  /** Milliseconds since the epoch; default Date.now. */
  clock?: () => number;
  ttlMs?: number;
  /** The member lookup; default botbuilder's TeamsInfo.getMember (the connector's conversation member). */
  getMember?: (
    context: TurnContext,
    memberId: string,
  ) => Promise<{ email?: string; userPrincipalName?: string }>;
}

/**
 * A Teams user's identity for the owner directory, asked only when a question needs it: the
 * sender's Entra (AAD) object id (`activity.from.aadObjectId`) and the profile e-mail from the
 * connector's conversation member (`GET /v3/conversations/{id}/members/{memberId}`, TeamsInfo.getMember),
 * kept in an LRU cache for `ttlMs`. An object id the owners file names needs no lookup; a member
 * the connector does not know (404) leaves the e-mail out; other failures are thrown, so the asker
 * is told to try again rather than that they are not mapped.
 *
 * @example
 * const identify = createTeamsIdentities({ owners, logger });
 * await identify(context)(); // { teamsAadId: "6f0c…", email: "dana@example.com" }
 */
export function createTeamsIdentities(
  options: TeamsIdentityOptions,
): (context: TurnContext) => () => Promise<AskerIdentity> {
  const clock = options.clock ?? Date.now;
  const ttl = options.ttlMs ?? TEAMS_PROFILE_TTL_MS;
  const getMember = options.getMember ?? ((context, id) => TeamsInfo.getMember(context, id));
  const cache = createLruCache<{ at: number; email: string | null }>({ maxEntries: MAX_PROFILES });
  return (context) => async () => {
    const from = context.activity.from;
    const aad = from?.aadObjectId;
    const base: AskerIdentity = aad ? { teamsAadId: aad } : {};
    const owners = options.owners;
    if (
      aad &&
      owners &&
      (owners.owners.some((o) => o.teams?.toLowerCase() === aad.toLowerCase()) ||
        owners.resolve({ teamsAadId: aad }, []).lead)
    )
      return base;
    if (!from?.id) return base;
    const key = aad ?? from.id;
    const hit = cache.get(key);
    if (hit && clock() - hit.at < ttl) return hit.email ? { ...base, email: hit.email } : base;
    let email: string | null = null;
    try {
      const member = await getMember(context, from.id);
      email = member.email ?? member.userPrincipalName ?? null;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 403) throw err;
      options.logger.warn(
        { code: "teams-profile", status },
        "teams: member not found; asker known by object id only",
      );
    }
    cache.set(key, { at: clock(), email });
    return email ? { ...base, email } : base;
  };
}
