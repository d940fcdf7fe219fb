import type { CustomerRecord, Snapshot } from "../../core/src/snapshot/index.ts";
import type { AskerIdentity } from "../conversation/index.ts";
import { accountOwner, ownerColumnOf, ownerValues } from "../conversation/owner-book.ts";
import type { OwnerDirectory, OwnerResolution } from "./owner-directory.ts";

/** A follower and the customer they follow, as the follow notifier groups them. */
export interface WatchRef {
  surface: string;
  /** Slack user ID, Teams AAD object id, or the terminal's user. */
  userId: string;
  customerId: string;
}

export type FollowAccessDecision =
  { allowed: true } | { allowed: false; code: "no-owner-column" | "owner-not-mapped" | "not-your-account" };

/** Whether a follower may still be told about a customer in `current` (may throw: a profile lookup failed). */
export type FollowAccess = (
  watch: WatchRef,
  current: Snapshot<CustomerRecord>,
) => Promise<FollowAccessDecision>;

/**
 * Access by ownership (`access: owners` in the owners file) for follows and alerts, checked when a
 * new snapshot is compared rather than only when the follow was set: an account can change owner,
 * and follows set before access by ownership was switched on are still stored. A Slack follower is
 * placed as a Slack question's asker is (their ID, or their profile e-mail looked up through
 * `slack`); a Teams follower by their object id alone (the connector gives a member's e-mail only
 * inside a conversation turn), so under access by ownership a Teams owner is told only when the
 * owners file names their `teams:` id. Leads are told about every account; the terminal's
 * notifications go to a local folder whose reader can read the data files anyway. Undefined when
 * everyone sees every account.
 *
 * @example
 * const mayTell = createFollowAccess({ owners, slack: createSlackIdentities(client, { owners, logger }) });
 * await mayTell?.({ surface: "slack", userId: "U0SAM", customerId: "ACC-0007" }, snapshot); // { allowed: false, code: "not-your-account" }
 */
export function createFollowAccess(options: {
  owners: OwnerDirectory;
  slack?: (user: string) => () => Promise<AskerIdentity>;
}): FollowAccess | undefined {
  const { owners } = options;
  if (owners.access !== "owners") return undefined;
  return async (watch, current) => {
    const snapshot = current as unknown as Snapshot;
    const who = await placeFollower(watch, snapshot, owners, options.slack);
    if (who === null || who.lead) return { allowed: true };
    if (ownerColumnOf(snapshot) === null) return { allowed: false, code: "no-owner-column" };
    if (who.owner === null) return { allowed: false, code: "owner-not-mapped" };
    const holder = accountOwner(snapshot, watch.customerId);
    return holder === undefined || holder === who.owner
      ? { allowed: true }
      : { allowed: false, code: "not-your-account" };
  };
}

export type SegmentAccessDecision =
  { allowed: true; owner: string | null } | { allowed: false; code: "no-owner-column" | "owner-not-mapped" };

/**
 * Under access by ownership, what a segment follow may cover when a new snapshot is compared:
 * every account (`owner` null: a lead, the terminal) or one owner's book (a non-lead; a channel's
 * follow, the book of whoever set it). Placed as `createFollowAccess` places followers.
 */
export type SegmentAccess = (
  watch: { surface: string; userId: string },
  current: Snapshot<CustomerRecord>,
) => Promise<SegmentAccessDecision>;

/**
 * Access by ownership (`access: owners`) for segment follows and alerts; undefined when everyone
 * sees every account.
 *
 * @example
 * const covers = createSegmentAccess({ owners, slack: createSlackIdentities(client, { owners, logger }) });
 * await covers?.({ surface: "slack", userId: "U0SAM" }, snapshot); // { allowed: true, owner: "Sam Lee" }
 */
export function createSegmentAccess(options: {
  owners: OwnerDirectory;
  slack?: (user: string) => () => Promise<AskerIdentity>;
}): SegmentAccess | undefined {
  const { owners } = options;
  if (owners.access !== "owners") return undefined;
  return async (watch, current) => {
    const snapshot = current as unknown as Snapshot;
    const who = await placeFollower(watch, snapshot, owners, options.slack);
    if (who === null || who.lead) return { allowed: true, owner: null };
    if (ownerColumnOf(snapshot) === null) return { allowed: false, code: "no-owner-column" };
    if (who.owner === null) return { allowed: false, code: "owner-not-mapped" };
    return { allowed: true, owner: who.owner };
  };
}

/**
 * Who a follower is among the owners file's people, placed as a question's asker is: a Slack user
 * by their ID or profile e-mail (looked up through `slack`; may throw when the lookup fails), a Teams
 * user by their object id alone. Null for the terminal, whose notifications go to a local folder
 * whose reader can read the data files anyway.
 */
async function placeFollower(
  watch: { surface: string; userId: string },
  snapshot: Snapshot,
  owners: OwnerDirectory,
  slack: ((user: string) => () => Promise<AskerIdentity>) | undefined,
): Promise<OwnerResolution | null> {
  if (watch.surface !== "slack" && watch.surface !== "teams") return null;
  const identity: AskerIdentity =
    watch.surface === "teams"
      ? { teamsAadId: watch.userId }
      : slack
        ? await slack(watch.userId)()
        : { slackUserId: watch.userId };
  return owners.resolve(identity, ownerValues(snapshot));
}
