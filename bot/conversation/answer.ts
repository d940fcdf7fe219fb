import { answerChanges } from "./answer-changes.ts";
import { answerCompare } from "./answer-compare.ts";
import { answerCount } from "./answer-count.ts";
import { answerExport } from "./answer-export.ts";
import { answerCustomer, noSnapshot } from "./answer-customer.ts";
import { answerExperiment } from "./answer-experiment.ts";
import { experimentExposures } from "./experiment-exposures.ts";
import { helpReply, invalidReply, menuReply } from "./answer-help.ts";
import { answerSegment } from "./answer-segment.ts";
import { answerFollow } from "./answer-follow.ts";
import { answerSegmentFollow } from "./answer-segment-follow.ts";
import { answerForOwner } from "./answer-mine.ts";
import { answerWriteBack } from "./answer-write-back.ts";
import { answerTopAtRiskWithActions, withWriteBack } from "./write-back-views.ts";
import type { Asker, ConversationServices } from "./conversation-services.ts";
import { errorReply } from "./error-reply.ts";
import type { Intent } from "./intent.ts";
import type { Reply } from "./reply.ts";
import { StoreError } from "../../core/src/store/index.ts";

/**
 * The reply to an intent, from the services' current snapshot and model. Never throws: an
 * unexpected failure is logged (with its cause) and answered with a short apology and its code.
 *
 * @example
 * const reply = await answer(parseIntent("top at-risk 5"), services);
 * reply.text; // "Top 5 at-risk customers by revenue at risk: 5,000 customers match, …"
 */
export async function answer(intent: Intent, services: ConversationServices, asker?: Asker): Promise<Reply> {
  // "my …" questions and access that follows ownership (answer-mine.ts) wrap the answers below.
  return answerForOwner(intent, services, asker, answerIntent);
}

async function answerIntent(intent: Intent, services: ConversationServices, asker?: Asker): Promise<Reply> {
  const action = `ask.${intent.kind === "invalid" ? intent.about : intent.kind}`;
  try {
    switch (intent.kind) {
      case "help":
        return helpReply(services.snapshot());
      case "unclear":
        return menuReply(intent, services.snapshot());
      case "invalid":
        // A list or segment question before any snapshot: the snapshot is what is missing.
        if (
          !services.snapshot() &&
          (intent.about === "top-at-risk" ||
            intent.about === "segment" ||
            intent.about === "count" ||
            intent.about === "export" ||
            intent.about === "changes")
        )
          return noSnapshot(action);
        return invalidReply(intent);
      case "customer":
        return await withWriteBack(
          await answerCustomer(intent.kind, intent.customerID, services, { asker }),
          services.snapshot(),
          services,
        );
      case "drivers":
      case "nudge":
      case "summary":
        return await answerCustomer(intent.kind, intent.customerID, services, {
          asker,
          except: intent.kind === "nudge" ? intent.except : undefined,
        });
      case "contacted":
      case "offer":
      case "snooze":
      case "unsnooze":
      case "history":
        return await answerWriteBack(intent, asker, services);
      case "follow":
      case "unfollow":
      case "following":
      case "alert":
      case "unalert":
        return await answerFollow(intent, asker, services);
      case "follow-segment":
      case "alert-segment":
      case "unfollow-segment":
        return await answerSegmentFollow(intent, asker, services);
    }
    const snapshot = services.snapshot();
    if (!snapshot) return noSnapshot(action);
    switch (intent.kind) {
      case "top-at-risk":
        return await answerTopAtRiskWithActions(intent, snapshot, services);
      case "segment":
        return answerSegment(intent.column, snapshot);
      case "count":
        return answerCount(intent, snapshot);
      case "experiment":
        return answerExperiment(
          intent.key,
          services.experiments,
          snapshot,
          await experimentExposures(intent.key, snapshot, services),
        );
      case "compare":
        return answerCompare(intent, snapshot, services.experiments);
      case "changes":
        return await answerChanges(intent, snapshot, services);
      case "export":
        return await answerExport(intent, snapshot, services);
    }
  } catch (err) {
    // The shared store cannot be opened or reached (held by a running server, PostgreSQL down).
    if (err instanceof StoreError) {
      services.log.warn({ err, code: err.code, action }, "answer: shared store unavailable");
      return errorReply(action, err.code, `nothing changed: ${err.message}`);
    }
    services.log.warn({ err, code: "unexpected", action }, "answer failed");
    return errorReply(
      action,
      "unexpected",
      "sorry, something went wrong answering that (error code: unexpected)",
    );
  }
}
