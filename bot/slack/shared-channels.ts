import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../core/src/log/index.ts";
import { createLruCache } from "../services/index.ts";
import { slackErrorCode } from "./slack-error.ts";

/** Whether a conversation is shared with another organisation (Slack Connect). */
export interface SharedChannels {
  isShared(channel: string): Promise<boolean>;
}

export interface SharedChannelsOptions {
  client: Pick<WebClient, "conversations">;
  logger: Pick<Logger, "warn">;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** How long an answer is kept; default 10 minutes (a channel can become shared). */
  ttlMs?: number;
  maxEntries?: number;
}

/**
 * `conversations.info`'s `is_ext_shared`, cached per channel. Direct messages (D…) are never asked
 * about. When Slack cannot say (missing scope, unknown channel), the channel counts as shared:
 * customer details then go only to the asker.
 *
 * @example
 * const shared = createSharedChannels({ client: slack, logger, clock: Date.now });
 * if (await shared.isShared("C123")) { … reply ephemerally … }
 */
export function createSharedChannels(options: SharedChannelsOptions): SharedChannels {
  const ttlMs = options.ttlMs ?? 600_000;
  const cache = createLruCache<{ shared: boolean; at: number }>({ maxEntries: options.maxEntries ?? 5_000 });
  const pending = new Map<string, Promise<boolean>>();
  const ask = async (channel: string): Promise<boolean> => {
    try {
      const info = await options.client.conversations.info({ channel });
      const c = info.channel as
        { is_ext_shared?: boolean; is_shared?: boolean; is_org_shared?: boolean } | undefined;
      return Boolean(c?.is_ext_shared);
    } catch (err) {
      options.logger.warn(
        { channel, code: slackErrorCode(err) },
        "slack: cannot tell whether the channel is shared; treating it as shared (customer details go only to the asker)",
      );
      return true;
    }
  };
  return {
    async isShared(channel) {
      if (channel.startsWith("D")) return false;
      const hit = cache.get(channel);
      if (hit && options.clock() - hit.at < ttlMs) return hit.shared;
      let p = pending.get(channel);
      if (!p) {
        p = ask(channel)
          .then((shared) => {
            cache.set(channel, { shared, at: options.clock() });
            return shared;
          })
          .finally(() => pending.delete(channel));
        pending.set(channel, p);
      }
      return p;
    },
  };
}
