import type { Snapshot } from "../../core/src/index.ts";
import type { ContractNudge, Nudge } from "../../core/src/nudges/index.ts";
import { nudgeExposure, type ExposureStore } from "../../core/src/store/index.ts";

/**
 * Records a nudge the server served from `snapshot` (the nudge API) as an exposure, with the
 * customer's status in that snapshot. Nothing for a nudge that names no experiment arm.
 *
 * @example
 * recordServedExposure(exposures, lease.snapshot, "7590-VHVEG", nudge, "api", clock());
 */
export function recordServedExposure(
  exposures: ExposureStore,
  snapshot: Pick<Snapshot, "manifest" | "lookup">,
  customerID: string,
  nudge: Nudge | ContractNudge | null,
  surface: string,
  at: number,
): void {
  const status = snapshot.lookup(customerID)?.status;
  if (!status) return;
  const exposure = nudgeExposure(nudge, {
    customerId: customerID,
    surface,
    at,
    snapshotId: snapshot.manifest.id,
    status,
  });
  if (exposure) exposures.record(exposure);
}
