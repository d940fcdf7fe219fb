import { declaredExperiment, type Exposure } from "../../core/src/experiments/index.ts";
import type { Snapshot } from "../../core/src/index.ts";
import type { ConversationServices } from "./conversation-services.ts";

/**
 * The recorded nudge exposures of the experiment the snapshot declares (under `key`, if given):
 * the experiment answer analyses exposed customers where there are any. Empty where the services
 * have no store, the data set declares no experiment, or the key is not the declared one (the
 * answer says so itself).
 */
export async function experimentExposures(
  key: string | null,
  snapshot: Snapshot,
  services: Pick<ConversationServices, "exposures" | "experiments">,
): Promise<Exposure[]> {
  if (!services.exposures) return [];
  let experimentKey: string | undefined;
  try {
    experimentKey = declaredExperiment(snapshot.dataset, services.experiments, key ?? undefined)?.experiment
      .key;
  } catch {
    return [];
  }
  // A store that cannot be read (held by a running server) leaves the assigned arms.
  return experimentKey ? services.exposures.read(experimentKey).catch(() => []) : [];
}
