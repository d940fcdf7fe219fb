import { closestIds } from "./closest-ids.ts";
import { answerExperiment } from "./answer-experiment.ts";
import { conversationCatalog } from "./conversation-catalog.ts";
import type { ConversationServices } from "./conversation-services.ts";
import { segmentChart } from "./segment-chart.ts";
import { topAtRisk } from "./top-at-risk.ts";

/**
 * Computes ahead what the first questions on a new snapshot would otherwise compute: the rank
 * orders of the at-risk lists, the closest-ID index, the contract's segment tables and the default
 * experiment's analysis. A server calls it after loading (or reloading) a snapshot, before
 * answering from it, so no asker waits for them. About 1 s for 200,000 customers.
 *
 * @example
 * const snapshot = await store.latest();
 * warmSnapshot({ ...services, snapshot: () => snapshot });
 */
export function warmSnapshot(services: ConversationServices): void {
  for (const step of warmSteps(services)) step();
}

/**
 * The same work as `warmSnapshot`, one step per macrotask (each rank order, the ID index, each
 * segment table, the experiment), so a server warming a million-customer snapshot keeps answering
 * between steps instead of stalling for the whole warm-up. `stop` is checked before each step
 * (a server shutting down stops warming).
 */
export async function warmSnapshotInSteps(
  services: ConversationServices,
  stop: () => boolean = () => false,
): Promise<void> {
  for (const step of warmSteps(services)) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (stop()) return;
    step();
  }
}

function warmSteps(services: ConversationServices): Array<() => void> {
  const snapshot = services.snapshot();
  if (!snapshot) return [];
  const catalog = conversationCatalog(snapshot);
  return [
    () => void topAtRisk(snapshot, [], { limit: 1, rankBy: "revenue", catalog }),
    () => void topAtRisk(snapshot, [], { limit: 1, rankBy: "probability", catalog }),
    () => void closestIds(snapshot.table, "warm-up", { limit: 1, idColumn: snapshot.idColumn }),
    ...catalog.segments.map((column) => () => void segmentChart(snapshot, column)),
    () => void answerExperiment(null, services.experiments, snapshot),
  ];
}
