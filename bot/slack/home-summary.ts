import type { RiskSummary } from "../../core/src/snapshot/index.ts";
import type { Asker } from "../conversation/index.ts";
import { notMappedSentence } from "../conversation/answer-mine.ts";
import { bookSnapshot, ownerColumnOf, ownerValues } from "../conversation/owner-book.ts";
import type { ServingState } from "../services/serving-state.ts";
import type { OwnerDirectory } from "../services/owner-directory.ts";

/**
 * The Home tab's figures for this asker: with the owners file's `access: owners`, an owner's are
 * their book's (`bookSnapshot(…).summary()`, the same definition), a lead's the whole snapshot's,
 * and someone the directory cannot place gets none, with the sentence on how to be mapped as the
 * reason. Otherwise (`access: all`) the serving snapshot's summary, as before.
 *
 * @example
 * const { summary, reason } = await homeSummary(services.serving, services.owners, asker);
 */
export async function homeSummary(
  serving: Pick<ServingState, "acquire" | "status">,
  owners: OwnerDirectory,
  asker: Asker,
): Promise<{ summary: RiskSummary | null; reason: string | null }> {
  const status = serving.status();
  if (owners.access !== "owners" || !status.ready) return { summary: status.summary, reason: status.reason };
  const lease = serving.acquire();
  try {
    const snapshot = lease.snapshot;
    const who = owners.resolve((await asker.identify?.()) ?? {}, ownerValues(snapshot));
    if (who.lead) return { summary: status.summary, reason: status.reason };
    if (who.owner === null || ownerColumnOf(snapshot) === null)
      return { summary: null, reason: notMappedSentence(owners, asker, false) };
    return { summary: bookSnapshot(snapshot, who.owner).summary(), reason: status.reason };
  } finally {
    lease.release();
  }
}
