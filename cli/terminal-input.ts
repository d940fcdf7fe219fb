/**
 * What the terminal conversation commands (`ask`, `chat`) share: the usage log, the insight
 * session (newest snapshot, its model, the nudge engine), the declared experiments and a warm
 * chart renderer, wired into the conversation layer's services for the OS user on surface
 * "terminal". The conversation itself lives in bot/conversation; its terminal adapter in bot/terminal.
 */
import { userInfo } from "node:os";
import { createChartRenderer } from "../core/src/charts/server.ts";
import {
  DEFAULT_EXPERIMENTS_FILE,
  readExperimentConfig,
  type ExperimentConfig,
} from "../core/src/experiments/index.ts";
import { openUsageLog, recordAudit, type Logger, type UsageLog } from "../core/src/log/index.ts";
import {
  createConfiguredLlmContractEngine,
  createLlmContractNudgeEngine,
  type ContractNudgeEngine,
} from "../core/src/nudges/index.ts";
import type { TerminalSession } from "../bot/terminal/index.ts";
import { createConfiguredTranslator } from "../bot/conversation/index.ts";
import { createEarlierSnapshots } from "../bot/services/earlier-snapshots.ts";
import { loadOwnerDirectory, type OwnerDirectory } from "../bot/services/owner-directory.ts";
import { terminalIdentity } from "../bot/terminal/terminal-identity.ts";
import { openSnapshotStore, sameLineage } from "../core/src/snapshot/index.ts";
import { CliError, ExitCode } from "./cli-error.ts";
import {
  parseSettings,
  SERVER_SETTINGS,
  TERMINAL_SETTINGS,
  type InsightConfig,
} from "../core/src/settings/index.ts";
import { openInsightSession } from "./insight-input.ts";
import { terminalStore } from "./terminal-store.ts";

/** Options of `ask` and `chat`. */
export interface TerminalOptions {
  chartsDir: string;
  model?: string;
  snapshots?: string;
  llm?: boolean;
  experiment?: string;
  /** Who asks "my accounts": an owner value or e-mail (`--as`; default ENGAGETRACK_CHAT_USER). */
  as?: string;
}

/** Where charts and attached files go unless `--charts-dir` says otherwise. */
export { DEFAULT_CHARTS_DIR } from "./default-paths.ts";

export interface OpenTerminal {
  session: TerminalSession;
  close(): Promise<void>;
}

/**
 * Opens everything a terminal conversation needs. When it cannot (no snapshot yet, a broken model,
 * a bad experiments file) the CliError says what to do (`npm start`), and `failedAction`, if
 * given, is recorded as one audit event first (a question asked but not answered).
 */
export async function openTerminal(
  options: TerminalOptions,
  config: InsightConfig,
  env: NodeJS.ProcessEnv,
  failedAction?: string,
): Promise<OpenTerminal> {
  const settings = parseSettings(env, {
    ENGAGETRACK_OWNERS_FILE: SERVER_SETTINGS.settings.ENGAGETRACK_OWNERS_FILE,
    ...TERMINAL_SETTINGS.settings,
  });
  const log = await usageLog(config);
  const asker = { id: osUser(), surface: "terminal" as const };
  let insight;
  let experiments: ExperimentConfig;
  let owners: OwnerDirectory;
  const started = performance.now();
  try {
    insight = await openInsightSession(
      {
        model: options.model ?? config.modelDir,
        snapshots: options.snapshots ?? config.snapshotsDir,
        llm: options.llm,
        experiment: options.experiment,
      },
      config,
      log.logger,
    );
    try {
      experiments = await readExperimentConfig(DEFAULT_EXPERIMENTS_FILE, { missing: "default" });
    } catch (err) {
      await insight.close();
      throw new CliError("bad-experiments-file", (err as Error).message, { cause: err });
    }
    try {
      owners = await loadOwnerDirectory(settings.ENGAGETRACK_OWNERS_FILE);
    } catch (err) {
      await insight.close();
      throw new CliError("bad-owners-file", (err as Error).message, { cause: err });
    }
  } catch (err) {
    if (failedAction) {
      const code = err instanceof CliError ? err.code : "unexpected";
      recordAudit(log.logger, {
        actor: asker.id,
        surface: asker.surface,
        action: failedAction,
        outcome: err instanceof CliError && err.exitCode === ExitCode.unusable ? "invalid" : "error",
        errorCode: code.slice(0, 64),
        latencyMs: Math.round((performance.now() - started) * 10) / 10,
      });
    }
    await log.close();
    throw err;
  }
  const { model, snapshot, engine } = insight;
  // Write-back: the shared store, opened at the first question that needs it.
  const shared = terminalStore(env, failedAction ? `engagetrack ${failedAction}` : "engagetrack chat");
  const snapshotsDir = options.snapshots ?? config.snapshotsDir;
  const session: TerminalSession = {
    services: {
      snapshot: () => snapshot,
      model: () => model,
      nudges: engine,
      contractNudges: options.llm ? llmContractEngine(config, log.logger) : undefined,
      experiments,
      nudgeExperimentKey: options.experiment,
      clock: () => new Date(),
      log: log.logger,
      customerActions: shared.customerActions,
      exposures: shared.exposures,
      follows: shared.follows,
      segmentFollows: shared.segmentFollows,
      // "What changed": the published snapshots of this snapshot's lineage in the same folder.
      earlier: createEarlierSnapshots(
        {
          history: async () =>
            sameLineage(await openSnapshotStore(snapshotsDir).list(), snapshot.manifest).manifests,
        },
        openSnapshotStore(snapshotsDir),
      ),
      // With --llm, questions the parser does not understand go to the LLM (checked into an intent).
      translate:
        options.llm && !("off" in config.llm)
          ? createConfiguredTranslator(config.llm, { logger: log.logger })
          : undefined,
      owners,
    },
    asker: {
      ...asker,
      name: asker.id,
      identify: terminalIdentity(options.as ?? settings.ENGAGETRACK_CHAT_USER),
    },
    renderer: createChartRenderer({
      warn: (message, details) => log.logger.warn(details, message),
    }),
    chartsDir: options.chartsDir,
  };
  return {
    session,
    async close() {
      await insight.close();
      await shared.close();
      await log.close();
    },
  };
}

/**
 * With `--llm`, customers of a contract snapshot get their nudge from the LLM too (as the server
 * wires it), falling back to the generic rules; without it the conversation's generic rules answer.
 */
function llmContractEngine(config: InsightConfig, logger: Logger): ContractNudgeEngine {
  const llm = config.llm;
  if ("off" in llm) return createLlmContractNudgeEngine({ chat: null, offReason: llm.off });
  return createConfiguredLlmContractEngine(llm, { logger });
}

async function usageLog(config: InsightConfig): Promise<UsageLog> {
  try {
    return await openUsageLog({
      path: config.usageLog.path,
      maxBytes: config.usageLog.maxBytes,
      keep: config.usageLog.keep,
      level: config.usageLog.level,
      base: { service: "terminal" },
    });
  } catch (err) {
    throw new CliError(
      "log-unwritable",
      `cannot open the usage log ${config.usageLog.path} (set ENGAGETRACK_USAGE_LOG): ${(err as Error).message}`,
      { cause: err },
    );
  }
}

function osUser(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return "unknown";
  }
}
