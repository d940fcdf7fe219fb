/**
 * `engagetrack report <customerID> [--format txt|json] [--out file] [--llm]`: the one-click customer
 * summary — subscription, behaviour, churn probability and band, drivers in words, what-if actions,
 * the nudge and the engine that wrote it, model version and snapshot time — from the newest snapshot
 * (or `--snapshot <id>`) and the model that scored it. One audit event per run in the usage log.
 * Exit 0: written; 2: unknown customer, no snapshot, model mismatch or bad settings.
 */
import { writeFile } from "node:fs/promises";
import type { CliIo } from "../cli-io.ts";
import { displaySafe } from "../../core/src/data/index.ts";
import {
  buildContractInsight,
  InsightError,
  renderContractInsightText,
  renderInsightJson,
  renderInsightText,
  usesCustomerInsight,
} from "../../core/src/report/index.ts";
import {
  createConfiguredLlmContractEngine,
  createContractRuleNudgeEngine,
  createLlmContractNudgeEngine,
} from "../../core/src/nudges/index.ts";
import type { Snapshot } from "../../core/src/snapshot/index.ts";
import type { ContractRow } from "../../core/src/data/index.ts";
import { CliError } from "../cli-error.ts";
import { insightConfigFrom } from "../../core/src/settings/index.ts";
import { audited, openInsightSession, type InsightOptions } from "../insight-input.ts";

interface ReportOptions extends InsightOptions {
  format: "txt" | "json";
  out?: string;
}

export async function action(io: CliIo, customerID: string, options: ReportOptions): Promise<number | void> {
  const settings = insightConfigFrom(io.env);
  const opts = {
    ...options,
    model: options.model ?? settings.modelDir,
    snapshots: options.snapshots ?? settings.snapshotsDir,
  };
  await audited(settings, { action: "report", customerID }, async (logger, audit) => {
    const session = await openInsightSession(opts, settings, logger);
    try {
      audit({ snapshotId: session.snapshot.manifest.id, modelHash: session.model.hash });
      let text: string;
      let shown: {
        engine: "rules" | "llm";
        band: string;
        probability: number;
        nudge: string | null;
        channel: string | null;
        fallback: string | null;
      };
      if (!usesCustomerInsight(session.model.contract)) {
        // A table described by a dataset contract: the summary in its own words.
        const llm = settings.llm;
        const nudges = !options.llm
          ? createContractRuleNudgeEngine()
          : "off" in llm
            ? createLlmContractNudgeEngine({ chat: null, offReason: llm.off })
            : createConfiguredLlmContractEngine(llm, { logger });
        let insight;
        try {
          insight = await buildContractInsight({
            model: session.model,
            snapshot: session.snapshot as unknown as Snapshot<ContractRow>,
            customerID,
            nudges,
            clock: () => new Date(),
          });
        } catch (err) {
          if (err instanceof InsightError) throw new CliError(err.code, err.message, { cause: err });
          throw err;
        }
        text =
          options.format === "json"
            ? `${JSON.stringify(insight, null, 2)}\n`
            : renderContractInsightText(insight);
        shown = {
          engine: insight.nudge?.engine ?? "rules",
          band: insight.risk.band,
          probability: insight.risk.probability,
          nudge: insight.nudge?.actionId ?? null,
          channel: insight.nudge?.channel ?? null,
          fallback: insight.nudge?.fallbackReason ?? null,
        };
      } else {
        const insight = await session.build(customerID);
        text = options.format === "json" ? renderInsightJson(insight) : renderInsightText(insight);
        shown = {
          engine: insight.nudge.engine,
          band: insight.risk.band,
          probability: insight.risk.probability,
          nudge: insight.nudge.actionId,
          channel: insight.nudge.channel,
          fallback: insight.nudge.fallbackReason,
        };
      }
      if (options.out) {
        try {
          await writeFile(options.out, text);
        } catch (err) {
          throw new CliError("output-unwritable", `cannot write ${options.out}: ${(err as Error).message}`, {
            cause: err,
          });
        }
        io.stderr.write(`engagetrack: wrote ${displaySafe(options.out)} (${options.format})\n`);
      } else {
        io.stdout.write(text);
      }
      audit({
        engine: shown.engine,
        shown: {
          format: options.format,
          band: shown.band,
          probability: Math.round(shown.probability * 1000) / 1000,
          nudge: shown.nudge,
          channel: shown.channel,
          fallback: shown.fallback,
        },
      });
    } finally {
      await session.close();
    }
  });
}
