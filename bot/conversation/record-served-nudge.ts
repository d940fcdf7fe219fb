import type { ContractNudge, Nudge } from "../../core/src/nudges/index.ts";
import { nudgeExposure } from "../../core/src/store/index.ts";
import type { Asker, ConversationServices } from "./conversation-services.ts";

/**
 * Records a nudge a chat answer served (the card, "nudge <id>", the summary) as an exposure:
 * once per customer, experiment arm and strategy, in the shared store, off the answer's path.
 * Nothing where the services have no store, or the nudge names no experiment arm.
 */
export function recordServedNudge(
  services: Pick<ConversationServices, "exposures" | "clock">,
  served: {
    customerID: string;
    nudge: Nudge | ContractNudge | null | undefined;
    snapshotId: string;
    status: "current" | "churned" | "retained";
  },
  asker: Asker | undefined,
): void {
  if (!services.exposures) return;
  const exposure = nudgeExposure(served.nudge, {
    customerId: served.customerID,
    surface: asker?.surface ?? "chat",
    at: services.clock().getTime(),
    snapshotId: served.snapshotId,
    status: served.status,
  });
  if (exposure) services.exposures.record(exposure);
}
