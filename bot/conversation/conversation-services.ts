import type { ChurnModel, Snapshot } from "../../core/src/index.ts";
import type { Manifest } from "../../core/src/snapshot/index.ts";
import type { QuestionTranslator } from "./translate-question.ts";
import type { ExperimentConfig } from "../../core/src/experiments/index.ts";
import type { AuditSurface, Logger } from "../../core/src/log/index.ts";
import type { ContractNudgeEngine, NudgeEngine } from "../../core/src/nudges/index.ts";
import type {
  CustomerActionStore,
  ExposureStore,
  FollowStore,
  SegmentFollowStore,
} from "../../core/src/store/index.ts";
import type { ChatIdentity, OwnerDirectory } from "../services/owner-directory.ts";

/**
 * Everything answers need from the outside, passed in by the composition root (the server, the
 * terminal): getters, so a server can swap in a newer snapshot and model between two questions.
 */
export interface ConversationServices {
  /** The snapshot answers read, or undefined before the first one is published. */
  snapshot: () => Snapshot | undefined;
  /** The model that scored it (customer answers only). */
  model: () => ChurnModel | undefined;
  /** The rule engine, or the LLM engine with its fallback. */
  nudges: NudgeEngine;
  /**
   * The generic nudge engine for a table described by its own dataset contract (default: the
   * generic rule engine).
   */
  contractNudges?: ContractNudgeEngine;
  /** Declared experiments (`readExperimentConfig`). */
  experiments: ExperimentConfig;
  /** Experiment whose arm picks the nudge strategy (default: the customer's enrolment). */
  nudgeExperimentKey?: string;
  clock: () => Date;
  /** Where audit events (and warnings about failed answers) are written: the usage log. */
  log: Logger;
  /** Monotonic milliseconds for latencies (default `performance.now`). */
  timer?: () => number;
  /** Follows and alerts in the shared store (the server's); undefined where there is none. */
  follows?: FollowStore;
  /** Segment follows and alerts in the shared store (their notifications are claimed through `follows`). */
  segmentFollows?: SegmentFollowStore;
  /**
   * What the team did about customers (contacted, offers, snoozes) in the shared store; undefined
   * where there is none (write-back commands then say so).
   */
  customerActions?: CustomerActionStore;
  /** Nudge exposures in the shared store: every nudge served is one; the experiment reads them. */
  exposures?: ExposureStore;
  /** Earlier snapshots for "what changed" (answer-changes.ts); undefined where there are none to read. */
  earlier?: EarlierSnapshots;
  /** Reads a question the parser did not understand into an intent (an LLM; parse-with-llm.ts); optional. */
  translate?: QuestionTranslator;
  /**
   * Who owns which accounts (`ENGAGETRACK_OWNERS_FILE`, bot/services/owner-directory.ts): "my …"
   * questions and, with `access: owners`, what each asker may see. Default: no file (an asker whose
   * profile e-mail is an owner value is that owner; everyone sees every account).
   */
  owners?: OwnerDirectory;
}

/** The published snapshots of the serving snapshot's lineage and a way to open one. */
export interface EarlierSnapshots {
  /** Manifests of the serving snapshot's lineage (`sameLineage`), newest first. */
  list(): Promise<Manifest[]>;
  open(id: string): Promise<Snapshot>;
}

/** Who asked, and where: the adapter knows. */
export interface Asker {
  /** A stable user reference: OS user, Slack user ID, Teams AAD object ID (never an e-mail). */
  id: string;
  surface: AuditSurface;
  /**
   * Where notifications for this asker go (follows and alerts): the Slack user ID (a DM), the
   * Teams conversation ID; undefined for the outbox folder (the terminal).
   */
  notifyAt?: string;
  /**
   * The channel asked in (a Slack channel or DM ID, the Teams conversation ID): a channel's segment
   * follows belong to it and are told there; undefined outside a channel (the terminal).
   */
  channel?: string;
  /**
   * Whether the app can post in `channel` (a channel's segment follows are posted there): true,
   * false, or undefined when it could not tell. Called only when a channel follow is set. Slack
   * supplies it (conversations.info); Teams does not: a bot in a team channel or chat can always
   * post there proactively.
   */
  canPostInChannel?: () => Promise<boolean | undefined>;
  /** The app's name to invite it by (Slack: `/invite @<name>`); called only when it cannot post. */
  appName?: () => Promise<string>;
  /** The asker's name to show beside what they did ("contacted 2 days ago by dana"), when known. */
  name?: string;
  /**
   * How the asker is known to the owner directory, for "my accounts" and access by ownership:
   * called only when a question needs it (Slack and Teams look the profile e-mail up, cached).
   */
  identify?: () => Promise<AskerIdentity>;
}

/**
 * The asker's chat identity; `owner` is an owner value the asker says they are (the terminal's
 * `chat --as`, `ENGAGETRACK_CHAT_USER`: a local user reads the data files anyway).
 */
export interface AskerIdentity extends ChatIdentity {
  owner?: string;
}
