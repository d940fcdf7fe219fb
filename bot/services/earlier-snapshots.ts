import type { Snapshot, SnapshotStore } from "../../core/src/snapshot/index.ts";
import type { EarlierSnapshots } from "../conversation/index.ts";
import type { ServingState } from "./serving-state.ts";

/**
 * Earlier snapshots for "what changed" (bot/conversation/answer-changes.ts): the serving
 * snapshot's lineage (`serving.history()`, `sameLineage`) and a loader that keeps the last
 * `keep` opened (snapshots are immutable, and people ask about the same one again), one load per
 * ID at a time; a failed load is forgotten so the next question tries again.
 *
 * @example
 * const earlier = createEarlierSnapshots(serving, openSnapshotStore(dir));
 * const [newest, previous] = await earlier.list();
 */
export function createEarlierSnapshots(
  serving: Pick<ServingState, "history">,
  store: Pick<SnapshotStore, "open">,
  keep = 2,
): EarlierSnapshots {
  // Insertion order is use order: a hit is moved to the end.
  const opened = new Map<string, Promise<Snapshot>>();
  return {
    list: () => serving.history(),
    open(id) {
      let loading = opened.get(id);
      if (loading) opened.delete(id);
      else {
        loading = store.open(id);
        loading.catch(() => {
          if (opened.get(id) === loading) opened.delete(id);
        });
      }
      opened.set(id, loading);
      while (opened.size > keep) opened.delete(opened.keys().next().value!);
      return loading;
    },
  };
}
