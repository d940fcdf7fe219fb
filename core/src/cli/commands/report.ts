/**
 * `engagetrack report <customerID> [--format txt|json] [--out file] [--llm]`: the one-click customer
 * summary — subscription, behaviour, churn probability and band, drivers in words, what-if actions,
 * the nudge and the engine that wrote it, model version and snapshot time — from the newest snapshot
 * (or `--snapshot <id>`) and the model that scored it. One audit event per run in the usage log.
 * Exit 0: written; 2: unknown customer, no snapshot, model mismatch or bad settings.
 */
import { writeFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import { displaySafe } from "../../data/index.ts";
import { renderInsightJson, renderInsightText } from "../../report/index.ts";
import { CliError } from "../cli-error.ts";
import { insightConfigFrom } from "../insight-config.ts";
import { audited, openInsightSession, type InsightOptions } from "../insight-input.ts";
import { withInsightOptions } from "../insight-options.ts";

interface ReportOptions extends InsightOptions {
  format: "txt" | "json";
  out?: string;
}

export function register(program: Command): void {
  const config = () => insightConfigFrom(process.env);
  withInsightOptions(
    program
      .command("report")
      .description("Write one customer's summary: risk, drivers, what-if actions, nudge, model and snapshot.")
      .argument("<customerID>", "the customer to report on")
      .addOption(new Option("--format <format>", "txt or json").choices(["txt", "json"]).default("txt"))
      .option("--out <file>", "write the report to this file instead of standard output")
      .option("--snapshot <id>", "snapshot to read (default: the newest)"),
  ).action(async (customerID: string, options: ReportOptions) => {
    const settings = config();
    const opts = {
      ...options,
      model: options.model ?? settings.modelDir,
      snapshots: options.snapshots ?? settings.snapshotsDir,
    };
    await audited(settings, { action: "report", customerID }, async (logger, audit) => {
      const session = await openInsightSession(opts, settings, logger);
      try {
        audit({ snapshotId: session.snapshot.manifest.id, modelHash: session.model.hash });
        const insight = await session.build(customerID);
        const text = options.format === "json" ? renderInsightJson(insight) : renderInsightText(insight);
        if (options.out) {
          try {
            await writeFile(options.out, text);
          } catch (err) {
            throw new CliError("out-unwritable", `cannot write ${options.out}: ${(err as Error).message}`, {
              cause: err,
            });
          }
          process.stderr.write(`engagetrack: wrote ${displaySafe(options.out)} (${options.format})\n`);
        } else {
          process.stdout.write(text);
        }
        audit({
          engine: insight.nudge.engine,
          shown: {
            format: options.format,
            band: insight.risk.band,
            probability: Math.round(insight.risk.probability * 1000) / 1000,
            nudge: insight.nudge.actionId,
            channel: insight.nudge.channel,
            fallback: insight.nudge.fallbackReason,
          },
        });
      } finally {
        await session.close();
      }
    });
  });
}
