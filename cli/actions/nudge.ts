/**
 * `engagetrack nudge <customerID> [--event login|refresh] [--llm] [--json]`: the nudge for one
 * customer — action, channel, message, engine, and why — decided on demand or through the event
 * trigger the server's nudge API uses (a repeated event within the cooldown returns the same nudge;
 * the CLI's cooldown store lives for one run). One audit event per run in the usage log.
 */
import type { CliIo } from "../cli-io.ts";
import { displaySafe } from "../../core/src/data/index.ts";
import {
  createMemoryCooldownStore,
  createNudgeTriggers,
  type Nudge,
  type NudgeEvent,
  type TriggeredNudge,
} from "../../core/src/nudges/index.ts";
import type { CustomerInsight } from "../../core/src/report/index.ts";
import { insightConfigFrom } from "../../core/src/settings/index.ts";
import { audited, openInsightSession, type InsightOptions } from "../insight-input.ts";

interface NudgeOptions extends InsightOptions {
  event?: NudgeEvent;
  json?: boolean;
}

/** `nudge --json` */
export interface NudgeReport {
  customerID: string;
  band: CustomerInsight["risk"]["band"];
  probability: number;
  nudge: Nudge;
  /** For events: whether this is the same nudge as an earlier event within the cooldown. */
  repeated: boolean;
  shownAt: string | null;
}

export async function action(io: CliIo, customerID: string, options: NudgeOptions): Promise<number | void> {
  const settings = insightConfigFrom(io.env);
  const opts = {
    ...options,
    model: options.model ?? settings.modelDir,
    snapshots: options.snapshots ?? settings.snapshotsDir,
  };
  const action = options.event ? "nudge.event" : "nudge";
  await audited(settings, { action, customerID }, async (logger, audit) => {
    const session = await openInsightSession(opts, settings, logger);
    try {
      audit({ snapshotId: session.snapshot.manifest.id, modelHash: session.model.hash });
      let insight: CustomerInsight | undefined;
      const decide = async (id: string, trigger: Nudge["trigger"]) => {
        insight = await session.build(id, trigger);
        return insight.nudge;
      };
      let result: TriggeredNudge;
      if (options.event) {
        const triggers = createNudgeTriggers({
          decide,
          store: createMemoryCooldownStore(),
          clock: Date.now,
          cooldownMs: settings.cooldownMs,
        });
        result = await triggers.onEvent(customerID, options.event);
      } else {
        result = { nudge: await decide(customerID, "on-demand"), repeated: false, shownAt: "" };
      }
      const report: NudgeReport = {
        customerID,
        band: insight!.risk.band,
        probability: insight!.risk.probability,
        nudge: result.nudge,
        repeated: result.repeated,
        shownAt: options.event ? result.shownAt : null,
      };
      io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
      audit({
        engine: result.nudge.engine,
        shown: {
          event: options.event ?? null,
          nudge: result.nudge.actionId,
          channel: result.nudge.channel,
          repeated: result.repeated,
          fallback: result.nudge.fallbackReason,
        },
      });
    } finally {
      await session.close();
    }
  });
}

function summary(r: NudgeReport): string {
  const s = (t: string) => displaySafe(t, { singleLine: true });
  const n = r.nudge;
  const engine =
    n.engine === "llm"
      ? `LLM ${s(n.llmModel ?? "")}`
      : `rule engine${n.fallbackReason ? ` (LLM not used: ${s(n.fallbackReason)})` : ""}`;
  return [
    `${s(r.customerID)}: ${r.band} risk (${Math.round(r.probability * 100)}%), variant ${n.variant} → ${s(n.strategy)} strategy`,
    `nudge: ${s(n.title)} [${n.actionId}] via ${n.channel}${n.trigger === "on-demand" ? "" : ` on ${n.trigger}`}${r.repeated ? " (repeated within the cooldown)" : ""}`,
    `message: "${s(n.message)}"`,
    `engine: ${engine}`,
    "why:",
    ...n.reasons.map((reason) => `  - ${s(reason.text)}`),
    "",
  ].join("\n");
}
