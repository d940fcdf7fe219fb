import type { Snapshot } from "../../core/src/index.ts";
import { recordAudit } from "../../core/src/log/index.ts";
import { answer } from "./answer.ts";
import type { Asker, ConversationServices } from "./conversation-services.ts";
import { type ParseContext } from "./parse-intent.ts";
import { readAs } from "./read-as.ts";
import { readQuestion } from "./parse-with-llm.ts";
import { conversationCatalog } from "./conversation-catalog.ts";
import type { Reply } from "./reply.ts";

/**
 * One question, one answer, one audit event: parses the message, answers it from the current
 * snapshot and model, and records who asked (and where), what was shown, the outcome and the
 * latency in the usage log. This is what every adapter calls — the terminal with surface
 * "terminal", Slack with "slack" — and a button's `value` goes through it like a typed message.
 *
 * @example
 * const reply = await respond("why is 7590-VHVEG at risk?", { id: "U123", surface: "slack" }, services);
 * reply.charts; // [{ chart: "shap-waterfall", … }]: render with chartSpec() + createChartRenderer()
 */
export async function respond(text: string, asker: Asker, services: ConversationServices): Promise<Reply> {
  const timer = services.timer ?? (() => performance.now());
  const started = timer();
  const snapshot = services.snapshot();
  // The parser first; an LLM (when configured) only for what it did not understand.
  const context = parseContext(snapshot);
  const { intent, via } = await readQuestion(text, context, services);
  const reply = await answer(intent, services, asker);
  if (via !== "parser") reply.audit.shown.parser = via;
  if (via === "llm" && context.catalog) readAs(reply, intent, context.catalog);
  recordAudit(services.log, {
    actor: asker.id,
    surface: asker.surface,
    action: reply.audit.action,
    customerID: reply.audit.customerID,
    outcome: reply.audit.outcome,
    errorCode: reply.audit.errorCode,
    engine: reply.audit.engine,
    shown: reply.audit.shown,
    latencyMs: Math.max(0, Math.round((timer() - started) * 10) / 10),
    snapshotId: reply.source?.snapshotId ?? snapshot?.manifest.id ?? null,
    modelHash: reply.source?.modelHash ?? null,
  });
  return reply;
}

/** What parsing knows of the snapshot: its IDs and its catalogue of columns and values. */
export function parseContext(snapshot: Snapshot | undefined): ParseContext {
  if (!snapshot) return {};
  return {
    isCustomerId: (word) => snapshot.lookup(word) !== undefined,
    catalog: conversationCatalog(snapshot),
    experiment: snapshot.dataset.experiment
      ? { column: snapshot.dataset.experiment.column, key: snapshot.dataset.experiment.key ?? null }
      : null,
  };
}
