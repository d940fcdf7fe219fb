import type { WebClient } from "@slack/web-api";
import { SlackError, slackErrorCode } from "./slack-error.ts";

/** The bot's own identity, from `auth.test`. */
export interface BotIdentity {
  botUserId?: string;
  /** The bot user's name (`user`), as people type it: `/invite @<name>`. */
  name?: string;
  botId?: string;
  teamId?: string;
}

/**
 * One auth.test, through our client (429s waited out), shared by every delivery; a failed one is
 * tried again on the next delivery. `within(ms)` is for Bolt's `authorize`, which runs before the
 * acknowledgement: never let a slow or failing auth.test hold an acknowledgement past Slack's 3 s.
 * Without the identity, only Bolt's ignore-self check is lost (DMs from bots are skipped anyway).
 */
export function createBotIdentity(client: Pick<WebClient, "auth">) {
  let identity: Promise<BotIdentity> | undefined;
  const whoAmI = (): Promise<BotIdentity> =>
    (identity ??= client.auth.test().then(
      (r) => ({ botUserId: r.user_id, name: r.user, botId: r.bot_id, teamId: r.team_id }),
      (err) => {
        identity = undefined;
        throw new SlackError("slack-api", `auth.test failed: ${slackErrorCode(err)}`, { cause: err });
      },
    ));
  const within = async (ms: number) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Record<string, never>>((resolve) => (timer = setTimeout(() => resolve({}), ms)));
    try {
      return await Promise.race([whoAmI().catch(() => ({})), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return { whoAmI, within };
}
