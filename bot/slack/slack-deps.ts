import type { WebClient } from "@slack/web-api";
import type { AskerIdentity } from "../conversation/index.ts";
import type { ServerServices } from "../services/index.ts";
import type { SlackConfig } from "./slack-config.ts";
import type { InteractionKind, SlackMetrics } from "./slack-metrics.ts";

/** One question, wherever it came from. */
export interface Question {
  kind: InteractionKind;
  user: string;
  /** The user's name when Slack sends it (commands, buttons): shown beside what they record. */
  name?: string;
  /** Undefined on the Home tab (answers go to the app's DM with the user). */
  channel?: string;
  /** A DM with the app or the Home tab (the channel allow-list does not apply, nobody else sees it). */
  direct: boolean;
  text: string;
  threadTs?: string;
  responseUrl?: string;
  /** The press came from a message only the asker sees. */
  ephemeral?: boolean;
  /** Show "<@user> asked: …" above the answer (others saw no question). */
  showAsked: boolean;
  /** A "Share in channel" press: `text` is the question of the ephemeral answer, now for the channel. */
  share?: boolean;
}

/**
 * What every Slack listener gets (bot/slack/listeners), created once per mounted app by
 * mountSlackApp: nothing is kept at module level.
 */
export interface SlackDeps {
  readonly config: SlackConfig;
  readonly services: ServerServices;
  /** The Web API client every answer goes out through. */
  readonly client: WebClient;
  readonly metrics: SlackMetrics;
  /** "My accounts": the asker's profile e-mail, looked up only when a question needs it (cached). */
  readonly identify: (user: string) => () => Promise<AskerIdentity>;
  /** Answers a question (answer-pipeline.ts): access, `services.ask`, delivery, refusals and failures. */
  readonly answer: (q: Question) => Promise<void>;
  /** Keeps acknowledged work in flight until it settles, so shutdown waits for it. */
  readonly track: (work: Promise<void>) => Promise<void>;
}
