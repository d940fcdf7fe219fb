import {
  contractNudgeKey,
  type ContractNudgeEngine,
  type NoOtherNudgeError,
  type NudgeEngine,
} from "../../core/src/nudges/index.ts";
import { emptyReply, type Reply, type ReplyAction } from "./reply.ts";

/**
 * The engine behind "Regenerate nudge": another eligible nudge than those already shown. `except`
 * lists them (the nudge reply's button carries them); without it, the card's nudge is the one shown
 * — decided first (the LLM engine answers it from its cache) and then excluded. `shown()` is the
 * list excluded by the last decision, for the next button.
 *
 * @example
 * const regen = regeneratingEngine(services.nudges, intent.except);
 * const insight = await buildCustomerInsight({ …, nudges: regen.engine });
 * regenerateAction(id, [...regen.shown(), insight.nudge.actionId]);
 */
export function regeneratingEngine(
  engine: NudgeEngine,
  except: readonly string[] | undefined,
): { engine: NudgeEngine; shown: () => string[] } {
  let shown: string[] = [...(except ?? [])];
  return {
    engine: {
      name: engine.name,
      async decide(facts, context) {
        if (!except?.length) shown = [(await engine.decide(facts, context)).actionId];
        return engine.decide(facts, { ...context, exclude: shown });
      },
    },
    shown: () => [...shown],
  };
}

/** `regeneratingEngine` for a table's own contract: nudges are told apart by `contractNudgeKey`. */
export function regeneratingContractEngine(
  engine: ContractNudgeEngine,
  except: readonly string[] | undefined,
): { engine: ContractNudgeEngine; shown: () => string[] } {
  let shown: string[] = [...(except ?? [])];
  return {
    engine: {
      name: engine.name,
      async decide(facts, context) {
        if (!except?.length) shown = [contractNudgeKey(await engine.decide(facts, context))];
        return engine.decide(facts, { ...context, exclude: shown });
      },
    },
    shown: () => [...shown],
  };
}

/** The nudge reply's "Regenerate nudge" button: the actions shown so far travel in its command. */
export function regenerateAction(customerID: string, shown: readonly string[]): ReplyAction {
  return {
    id: "regenerate-nudge",
    label: "Regenerate nudge",
    value: `nudge ${customerID} except ${shown.join(",")}`,
  };
}

/** Regenerate found nothing new: every eligible nudge was shown (no button to press again). */
export function noOtherNudgeReply(
  customerID: string,
  err: NoOtherNudgeError,
  actions: readonly ReplyAction[],
  source: Reply["source"],
): Reply {
  const reply = emptyReply("nudge", `No other nudge for ${customerID}: every eligible nudge has been shown`, {
    action: "ask.nudge",
    customerID,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: { nudge: null, eligible: err.eligible.length },
  });
  const list = err.eligible.join(", ");
  reply.sections = [{ title: "Already shown", lines: [...err.eligible] }];
  reply.text = `${reply.title} (${list}).`;
  reply.actions = actions.filter((a) => a.id !== "regenerate-nudge");
  reply.source = source;
  return reply;
}
