import { randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { WebClient } from "@slack/web-api";
import type { AuditEventInput, Logger } from "../../core/src/log/index.ts";
import { sameLineage, type CustomerRecord, type Snapshot } from "../../core/src/snapshot/index.ts";
import type {
  FollowStore,
  SegmentFollowStore,
  StoredAlert,
  StoredFollow,
  StoredSegmentWatch,
} from "../../core/src/store/index.ts";
import {
  alertFires,
  changeReply,
  followFires,
  type CustomerChange,
  type Reply,
} from "../conversation/index.ts";
import { bookSnapshot } from "../conversation/owner-book.ts";
import {
  segmentAlertFires,
  segmentChangeReply,
  segmentEntries,
  segmentFilters,
  segmentNow,
  type SegmentChange,
} from "../conversation/segment-follow-changes.ts";
import type { RiskBandName } from "../conversation/intent.ts";
import { replyBlocks } from "../slack/reply-blocks.ts";
import type { FollowAccess, SegmentAccess } from "./follow-access.ts";

/** The outbox folder of notifications for followers without a chat (the terminal). */
export const DEFAULT_ALERTS_OUTBOX = "data/outbox/alerts";

export interface FollowNotifierOptions {
  follows: FollowStore;
  /** This process, recorded with each claim. */
  replica: string;
  /** Milliseconds since the epoch. */
  clock: () => number;
  logger: Pick<Logger, "info" | "warn">;
  /** Slack's Web API (DMs: chat.postMessage to the user ID); undefined when Slack is not configured. */
  slack?: WebClient;
  /** Teams: posts an activity to a stored conversation; undefined when Teams is not configured. */
  teams?: (conversationId: string, activity: Reply) => Promise<{ id?: string }>;
  /** Where terminal followers' notifications are written (default data/outbox/alerts). */
  outboxDir?: string;
  /** One audit event per notification sent (or withheld by `access`). */
  audit?: (event: AuditEventInput) => void;
  /**
   * Access by ownership (`createFollowAccess`): a follower no longer allowed to see a customer
   * (another owner's account) is not told, and the withholding is audited as denied.
   */
  access?: FollowAccess;
  /** Segment follows and alerts (told once per snapshot, claimed in the same ledger); none when undefined. */
  segmentFollows?: SegmentFollowStore;
  /**
   * Access by ownership for segment follows (`createSegmentAccess`): a non-lead's segment follow
   * covers only their own accounts (their book); a channel's, the book of whoever set it.
   */
  segmentAccess?: SegmentAccess;
}

export interface NotifyOutcome {
  /** Messages this process sent. */
  sent: number;
  /** Changes another replica had already claimed. */
  claimedElsewhere: number;
  /** Messages that could not be sent (claims given back). */
  failed: number;
  /** Changes not told because the follower may no longer see the customer (access by ownership). */
  withheld: number;
}

/** Tells followers what changed between two snapshots. */
export interface FollowNotifier {
  notify(previous: Snapshot<CustomerRecord>, current: Snapshot<CustomerRecord>): Promise<NotifyOutcome>;
}

interface Watch {
  surface: string;
  userId: string;
  notifyAt: string;
  customerId: string;
  follow: StoredFollow | null;
  alerts: Array<{ alert: StoredAlert; number: number }>;
}

/**
 * After a newer snapshot of the same lineage (`sameLineage`) is served, compares each followed
 * customer's calibrated probability with the previous snapshot: a follow fires on a band change,
 * churn, or a move of 5 points or more (`followFires`); an alert on crossing above its threshold
 * or rising its points (`alertFires`). What fired for one follower and customer is claimed in the
 * shared store (`follow_notifications`, one row per follow or alert and snapshot) and, when this
 * process won the claim, sent as one message: a Slack DM (chat.postMessage to the user ID), a
 * Teams message to the stored conversation, or a Markdown file in the outbox. Replicas reloading
 * the same snapshot therefore send it once. A message that fails is logged and its claim given
 * back. Never throws.
 *
 * @example
 * const notifier = createFollowNotifier({ follows: storeFollows(store.sql), replica: store.replica, clock: Date.now, logger, slack });
 * await notifier.notify(previousSnapshot, newSnapshot); // { sent: 1, claimedElsewhere: 0, failed: 0 }
 */
export function createFollowNotifier(options: FollowNotifierOptions): FollowNotifier {
  const { follows, logger } = options;
  const outboxDir = options.outboxDir ?? DEFAULT_ALERTS_OUTBOX;

  /** Sends one notification: `file` names the outbox file (without its folder and extension). */
  const deliver = async (
    watch: Pick<Watch, "surface" | "userId" | "notifyAt">,
    reply: Reply,
    file: string,
  ): Promise<string> => {
    switch (watch.surface) {
      case "slack": {
        if (!options.slack) throw new Error("Slack is not configured (SLACK_BOT_TOKEN)");
        const { text, blocks } = replyBlocks(reply);
        // A user ID as the channel: Slack opens (or reuses) the app's DM with that user.
        const posted = await options.slack.chat.postMessage({
          channel: watch.notifyAt,
          text,
          blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        return `${posted.channel ?? watch.notifyAt}/${posted.ts ?? ""}`;
      }
      case "teams": {
        if (!options.teams) throw new Error("Teams is not configured (MicrosoftAppId)");
        const sent = await options.teams(watch.notifyAt, reply);
        return `${watch.notifyAt}/${sent.id ?? ""}`;
      }
      default: {
        const folder = join(outboxDir, fileSafe(`${watch.surface}-${watch.userId}`));
        await mkdir(folder, { recursive: true });
        const path = join(folder, `${fileSafe(file)}.md`);
        const tmp = `${path}.${randomUUID()}.tmp`;
        try {
          await writeFile(tmp, `# ${reply.title}\n\n${reply.text.split("\n").slice(1).join("\n")}\n`);
          await rename(tmp, path);
        } catch (err) {
          await rm(tmp, { force: true });
          throw err;
        }
        return path;
      }
    }
  };

  /**
   * Claims `subjects` for the snapshot: the ones this replica won, or null when there is nothing to
   * send (the claim failed: counted failed; another replica holds them all: counted claimedElsewhere).
   */
  const claim = async (
    subjects: readonly string[],
    snapshotId: string,
    outcome: NotifyOutcome,
  ): Promise<string[] | null> => {
    let won: string[];
    try {
      won = await follows.claim(subjects, snapshotId, new Date(options.clock()), options.replica);
    } catch (err) {
      logger.warn({ err, snapshot: snapshotId }, "follows: cannot claim a notification: not sent");
      outcome.failed++;
      return null;
    }
    if (won.length === 0) {
      outcome.claimedElsewhere++;
      return null;
    }
    return won;
  };

  /**
   * Sends the notification whose subjects `won` were claimed: recorded as delivered and audited
   * (`event`), or, when it cannot be sent, its claims given back and `notSent` logged.
   */
  const send = async (
    watch: Pick<Watch, "surface" | "userId" | "notifyAt">,
    reply: Reply,
    file: string,
    won: readonly string[],
    snapshotId: string,
    outcome: NotifyOutcome,
    event: Pick<AuditEventInput, "action" | "customerID" | "shown">,
    notSent: string,
  ): Promise<void> => {
    const started = performance.now();
    try {
      const ref = await deliver(watch, reply, file);
      await follows.delivered(won, snapshotId, ref);
      outcome.sent++;
      options.audit?.({
        ...event,
        actor: watch.userId,
        surface: watch.surface as AuditEventInput["surface"],
        outcome: "ok",
        latencyMs: Math.round(performance.now() - started),
      });
    } catch (err) {
      outcome.failed++;
      await follows.release(won, snapshotId).catch(() => undefined);
      logger.warn(
        { surface: watch.surface, snapshot: snapshotId, reason: (err as Error).message.slice(0, 200) },
        notSent,
      );
    }
  };

  const notify: FollowNotifier["notify"] = async (previous, current) => {
    const outcome: NotifyOutcome = { sent: 0, claimedElsewhere: 0, failed: 0, withheld: 0 };
    const snapshotId = current.manifest.id;
    if (previous.manifest.id === snapshotId) return outcome;
    if (sameLineage([previous.manifest], current.manifest).manifests.length === 0) {
      logger.info(
        { snapshot: snapshotId, previous: previous.manifest.id },
        "follows: the new snapshot is of another data set or model: nothing compared",
      );
      return outcome;
    }
    let watches: Watch[];
    try {
      watches = group(await follows.all());
    } catch (err) {
      logger.warn({ err }, "follows: cannot read follows from the shared store: no notifications");
      return outcome;
    }
    for (const watch of watches) {
      const before = previous.lookup(watch.customerId);
      const after = current.lookup(watch.customerId);
      if (!before || !after || before.status === "churned") continue;
      const move = { before, after };
      const why = watch.follow ? followFires(move) : null;
      const alerts = watch.alerts.filter((a) => alertFires(a.alert, move));
      const subjects = [
        ...(why && watch.follow ? [`follow:${watch.follow.id}`] : []),
        ...alerts.map((a) => `alert:${a.alert.id}`),
      ];
      if (subjects.length === 0) continue;
      const access = options.access;
      if (
        access &&
        !(await mayTell(() => access(watch, current), {
          watch,
          snapshotId,
          outcome,
          logger,
          audit: options.audit,
          lookupFailed: "follows: the follower's profile could not be looked up: not told of this snapshot",
          withheld: "follows: not told: the customer is outside the follower's accounts (access: owners)",
          event: { action: "notify.follow", customerID: watch.customerId, shown: { snapshot: snapshotId } },
        }))
      )
        continue;
      const won = await claim(subjects, snapshotId, outcome);
      if (!won) continue;
      const change: CustomerChange = {
        customerID: watch.customerId,
        move,
        follow:
          why && watch.follow && won.includes(`follow:${watch.follow.id}`)
            ? { follow: watch.follow, why }
            : null,
        alerts: alerts.filter((a) => won.includes(`alert:${a.alert.id}`)),
        previousSnapshotId: previous.manifest.id,
      };
      const reply = changeReply(change, current);
      await send(
        watch,
        reply,
        `${snapshotId}-${watch.customerId}`,
        won,
        snapshotId,
        outcome,
        {
          action: "notify.follow",
          customerID: watch.customerId,
          shown: { ...reply.audit.shown, snapshot: snapshotId },
        },
        "follows: notification not sent; its claim is given back",
      );
    }
    if (options.segmentFollows) await notifySegments(previous, current, outcome);
    if (outcome.sent || outcome.failed || outcome.withheld)
      logger.info({ snapshot: snapshotId, ...outcome }, "follows: followers told of the new snapshot");
    return outcome;
  };

  /**
   * Segment follows and alerts: each is compared between the two snapshots (over its owner's book
   * under access by ownership), claimed as `segment-follow:<id>` / `segment-alert:<id>` for the
   * snapshot, and told in one message by the replica that won the claim.
   */
  const notifySegments = async (
    previous: Snapshot<CustomerRecord>,
    current: Snapshot<CustomerRecord>,
    outcome: NotifyOutcome,
  ): Promise<void> => {
    const snapshotId = current.manifest.id;
    let watches: StoredSegmentWatch[];
    try {
      watches = await options.segmentFollows!.all();
    } catch (err) {
      logger.warn({ err }, "follows: cannot read segment follows from the shared store: no notifications");
      return;
    }
    for (const watch of watches) {
      let before = previous;
      let after = current;
      let book: string | undefined;
      const segmentAccess = options.segmentAccess;
      const decision = segmentAccess
        ? await mayTell(() => segmentAccess(watch, current), {
            watch,
            snapshotId,
            outcome,
            logger,
            audit: options.audit,
            lookupFailed:
              "follows: the segment follower's profile could not be looked up: not told of this snapshot",
            withheld:
              "follows: segment follow not told: the follower has no accounts to cover (access: owners)",
            event: {
              action: "notify.segment",
              customerID: null,
              shown: { snapshot: snapshotId, segment: watch.label },
            },
          })
        : { allowed: true as const, owner: null };
      if (!decision) continue;
      if (decision.owner !== null) {
        try {
          before = bookSnapshot(
            previous as unknown as Snapshot,
            decision.owner,
          ) as unknown as typeof previous;
          after = bookSnapshot(current as unknown as Snapshot, decision.owner) as unknown as typeof current;
        } catch (err) {
          outcome.failed++;
          logger.warn(
            { snapshot: snapshotId, reason: (err as Error).message.slice(0, 200) },
            "follows: the owner's book cannot be cut from both snapshots: segment follow not told",
          );
          continue;
        }
        book = `the accounts of owner ${decision.owner}`;
      }
      let change: SegmentChange | null;
      try {
        change = segmentChange(watch, before, after, previous.manifest.id, book);
      } catch (err) {
        outcome.failed++;
        logger.warn(
          { snapshot: snapshotId, segment: watch.id, reason: (err as Error).message.slice(0, 200) },
          "follows: a segment follow's filters do not fit the new snapshot: not told",
        );
        continue;
      }
      if (!change) continue;
      const subject = `${watch.kind === "follow" ? "segment-follow" : "segment-alert"}:${watch.id}`;
      const won = await claim([subject], snapshotId, outcome);
      if (!won) continue;
      const reply = segmentChangeReply(change, after);
      await send(
        watch,
        reply,
        `${snapshotId}-segment-${watch.id}`,
        won,
        snapshotId,
        outcome,
        {
          action: "notify.segment",
          customerID: null,
          shown: { ...reply.audit.shown, snapshot: snapshotId, channel: watch.channel !== null },
        },
        "follows: segment notification not sent; its claim is given back",
      );
    }
  };
  return { notify };
}

/**
 * What a segment follow or alert has to tell between two snapshots, or null: a follow when
 * customers entered its band within the segment (leaving alone is not news), an alert when the
 * segment's mean churn risk crossed its threshold upwards or rose its points.
 */
function segmentChange(
  watch: StoredSegmentWatch,
  previous: Snapshot<CustomerRecord>,
  current: Snapshot<CustomerRecord>,
  previousSnapshotId: string,
  book: string | undefined,
): SegmentChange | null {
  const filters = segmentFilters(watch.filters);
  const band = watch.kind === "follow" ? (watch.band as RiskBandName) : null;
  const meanRisk = {
    before: segmentNow(previous, filters, null).meanRisk,
    after: segmentNow(current, filters, null).meanRisk,
  };
  if (band !== null) {
    const entries = segmentEntries(previous, current, filters, band);
    if (entries.entered.length === 0) return null;
    return { watch, entries, meanRisk, previousSnapshotId, ...(book && { book }) };
  }
  if (!segmentAlertFires(watch, meanRisk.before, meanRisk.after)) return null;
  return { watch, meanRisk, previousSnapshotId, ...(book && { book }) };
}

/** Follows and alerts grouped by follower and customer; alerts numbered as `following` lists them. */
function group(all: { follows: StoredFollow[]; alerts: StoredAlert[] }): Watch[] {
  const watches = new Map<string, Watch>();
  const at = (w: { surface: string; userId: string; notifyAt: string; customerId: string }) => {
    const key = JSON.stringify([w.surface, w.userId, w.customerId]);
    let watch = watches.get(key);
    if (!watch) {
      watch = { ...pick(w), follow: null, alerts: [] };
      watches.set(key, watch);
    }
    watch.notifyAt = w.notifyAt; // the newest place the follower asked from
    return watch;
  };
  for (const f of all.follows) at(f).follow = f;
  const numbers = new Map<string, number>();
  for (const a of all.alerts) {
    const user = JSON.stringify([a.surface, a.userId]);
    const number = (numbers.get(user) ?? 0) + 1;
    numbers.set(user, number);
    at(a).alerts.push({ alert: a, number });
  }
  return [...watches.values()];
}

function pick(w: { surface: string; userId: string; notifyAt: string; customerId: string }) {
  return { surface: w.surface, userId: w.userId, notifyAt: w.notifyAt, customerId: w.customerId };
}

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
}

/**
 * Asks an access rule (`createFollowAccess`, `createSegmentAccess`) whether a follower may be told of
 * this snapshot: its decision when allowed, or null when not told — a failed profile lookup counts
 * as failed, a refusal as withheld (logged, and audited as denied with the rule's code).
 */
async function mayTell<D extends { allowed: true } | { allowed: false; code: string }>(
  decide: () => Promise<D>,
  how: {
    watch: { surface: string; userId: string };
    snapshotId: string;
    outcome: NotifyOutcome;
    logger: Pick<Logger, "info" | "warn">;
    audit: ((event: AuditEventInput) => void) | undefined;
    lookupFailed: string;
    withheld: string;
    event: Pick<AuditEventInput, "action" | "customerID" | "shown">;
  },
): Promise<Extract<D, { allowed: true }> | null> {
  const { watch, snapshotId, outcome, logger } = how;
  let decision: D;
  try {
    decision = await decide();
  } catch (err) {
    outcome.failed++;
    logger.warn(
      { surface: watch.surface, snapshot: snapshotId, reason: (err as Error).message.slice(0, 200) },
      how.lookupFailed,
    );
    return null;
  }
  if (decision.allowed) return decision as Extract<D, { allowed: true }>;
  const code = (decision as { code: string }).code;
  outcome.withheld++;
  logger.info({ surface: watch.surface, snapshot: snapshotId, code }, how.withheld);
  how.audit?.({
    ...how.event,
    actor: watch.userId,
    surface: watch.surface as AuditEventInput["surface"],
    outcome: "denied",
    errorCode: code,
    latencyMs: 0,
  });
  return null;
}
