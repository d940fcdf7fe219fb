import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../core/src/log/index.ts";
import { CARD_FILE, MODEL_FILE } from "../../core/src/model/index.ts";
import type { ChurnModel } from "../../core/src/score/index.ts";
import type {
  Manifest,
  RiskSummary,
  SkippedSnapshot,
  Snapshot,
  SnapshotScan,
  SnapshotStore,
} from "../../core/src/snapshot/index.ts";
import { sameLineage } from "../../core/src/snapshot/index.ts";
import { NotReadyError } from "./not-ready-error.ts";

/**
 * The model and snapshot one request answers from. Hold it for the whole request and release it
 * once: a reload swaps in a newer snapshot for new requests while leased ones stay usable.
 */
export interface ServingLease {
  readonly model: ChurnModel;
  readonly snapshot: Snapshot;
  release(): void;
}

export interface ServingStatus {
  ready: boolean;
  /** Why it is not ready; when ready, why the last reload failed (the older snapshot keeps serving), else null. */
  reason: string | null;
  snapshot: Manifest | null;
  /** The serving snapshot's customers to act on, bands and revenue at risk (`Snapshot.summary()`), or null. */
  summary: RiskSummary | null;
  model: { name: string; hash: string } | null;
  /** When the serving snapshot was loaded (clock ms), or null. */
  loadedAt: number | null;
}

export type ReloadOutcome = "unchanged" | "swapped" | "failed";

/** The newest published snapshot and the model that scored it, reloaded when a newer one appears. */
export interface ServingState {
  status(): ServingStatus;
  /** The current model and snapshot; throws `NotReadyError` (with what to do) when there are none. */
  acquire(): ServingLease;
  /** Checks the snapshots directory and swaps in a newer snapshot (and its model when it changed). */
  reload(): Promise<ReloadOutcome>;
  /**
   * Manifests of the published snapshots in the serving snapshot's lineage (same data set, model
   * name and band definition: `sameLineage`), newest first — what a risk trend may join.
   */
  history(): Promise<Manifest[]>;
  /** Stops polling; the model is released when the last lease is. */
  close(): Promise<void>;
}

export interface ServingStateOptions {
  modelDir: string;
  store: SnapshotStore;
  openModel(dir: string): Promise<ChurnModel>;
  /** Milliseconds since the epoch. */
  clock: () => number;
  logger: Pick<Logger, "info" | "warn" | "error">;
  /** Poll interval (ms); 0 = only explicit `reload()` calls. */
  pollMs: number;
  onReload?(outcome: Exclude<ReloadOutcome, "unchanged">): void;
  /** Check each snapshot file against its manifest's SHA-256 before serving it; default true. */
  verify?: boolean;
}

interface ModelRef {
  model: ChurnModel;
  /** Generations that use it. */
  refs: number;
}

interface Generation {
  model: ModelRef;
  snapshot: Snapshot;
  loadedAt: number;
  leases: number;
  retired: boolean;
}

/**
 * Creates the serving state (empty until the first `reload()`), polling every `pollMs`. A newer
 * snapshot is loaded beside the current one and swapped in atomically; the model is reopened only
 * when the snapshot was scored by another model (a retrain), and it must be the one in `modelDir`
 * — otherwise the swap is refused and the older pair keeps serving. A snapshot that does not load
 * (truncated or altered file, bad manifest) is refused the same way, and when nothing serves yet
 * (a restart) the newest older snapshot that loads serves instead, with the reason as a warning.
 * Directories skipped for a missing or invalid manifest are logged once each and named in the
 * not-ready reason when no snapshot is usable. Retired pairs are dropped when their last lease is
 * released.
 *
 * @example
 * const serving = createServingState({ modelDir, store: openSnapshotStore(dir), openModel: openChurnModel,
 *   clock: Date.now, logger, pollMs: 30_000 });
 * await serving.reload();
 * const lease = serving.acquire();
 * try { lease.snapshot.lookup(id); } finally { lease.release(); }
 */
export function createServingState(options: ServingStateOptions): ServingState {
  const { store, modelDir, logger } = options;
  let current: Generation | undefined;
  let reason: string | null = "loading the model and the newest snapshot";
  let lastFailure: string | null = null;
  // Snapshots are immutable: one that would not load will not load next time either.
  const failedSnapshots = new Map<string, string>();
  let skippedSeen = new Set<string>();
  const verify = options.verify ?? true;
  // The newest snapshot needs another model than the one in modelDir: not worth reopening the
  // model (an onnxruntime session) at every poll until the model files change.
  let mismatch: { id: string; stamp: string; reason: string } | undefined;
  let inFlight: Promise<ReloadOutcome> | undefined;
  let closed = false;
  const releases = new Set<Promise<void>>();

  const dispose = (gen: Generation) => {
    gen.model.refs--;
    if (gen.model.refs > 0) return;
    const p = gen.model.model
      .release()
      .catch((err: unknown) => logger.warn({ err }, "model release failed"))
      .finally(() => releases.delete(p));
    releases.add(p);
  };
  const retire = (gen: Generation) => {
    gen.retired = true;
    if (gen.leases === 0) dispose(gen);
  };

  const fail = (message: string): ReloadOutcome => {
    if (message !== lastFailure) {
      if (current)
        logger.warn({ reason: message }, "snapshot reload failed; the older snapshot keeps serving");
      else logger.warn({ reason: message }, "not ready");
    }
    lastFailure = message;
    if (!current) reason = message;
    options.onReload?.("failed");
    return "failed";
  };

  const reportSkipped = (skipped: readonly SkippedSnapshot[]) => {
    const seen = new Set<string>();
    for (const { name, reason } of skipped) {
      const key = `${name}\u0000${reason}`;
      seen.add(key);
      if (!skippedSeen.has(key)) logger.warn({ snapshot: name, reason }, "snapshot skipped");
    }
    skippedSeen = seen;
  };

  const load = async (): Promise<ReloadOutcome> => {
    let scan: SnapshotScan;
    try {
      scan = await store.scan();
    } catch (err) {
      return fail((err as Error).message);
    }
    reportSkipped(scan.skipped);
    const [newest, ...older] = scan.manifests;
    const listed = new Set(scan.manifests.map((m) => m.id));
    for (const id of failedSnapshots.keys()) if (!listed.has(id)) failedSnapshots.delete(id);
    if (!newest) {
      if (!current) reason = noSnapshotReason(store.dir, scan.skipped);
      return "unchanged";
    }
    const outcome = await serve(newest);
    const why = failedSnapshots.get(newest.id);
    if (outcome !== "failed" || current || why === undefined) return outcome;
    // Nothing serves yet and the newest snapshot is corrupt: serve the newest older one that loads
    // (the last good one, which replicas already running keep serving) and keep saying why.
    for (const manifest of older) {
      if (failedSnapshots.has(manifest.id)) continue;
      const fallback = await serve(manifest);
      if (fallback === "swapped") {
        lastFailure = why;
        logger.warn(
          { snapshot: manifest.id, newest: newest.id, reason: why },
          "the newest snapshot does not load: serving the newest one that does",
        );
        return "swapped";
      }
      // Stop at a model problem: it would refuse every older snapshot too.
      if (fallback !== "failed" || !failedSnapshots.has(manifest.id)) break;
    }
    if (!current) reason = why;
    return "failed";
  };

  /** Loads `newest` (and its model when it changed) and swaps it in. */
  const serve = async (newest: Manifest): Promise<ReloadOutcome> => {
    if (current?.snapshot.manifest.id === newest.id) return "unchanged";
    const known = failedSnapshots.get(newest.id);
    if (known !== undefined) return current ? "unchanged" : fail(known);

    let modelRef = current && current.model.model.hash === newest.model.hash ? current.model : undefined;
    if (!modelRef) {
      const stamp = await modelStamp(modelDir);
      if (mismatch?.id === newest.id && mismatch.stamp === stamp)
        return current ? "unchanged" : fail(mismatch.reason);
      let model: ChurnModel;
      try {
        model = await options.openModel(modelDir);
      } catch (err) {
        return fail(`cannot load the model from ${modelDir}: ${(err as Error).message}`);
      }
      if (model.hash !== newest.model.hash) {
        await model.release();
        const reason = `snapshot ${newest.id} was scored by model ${newest.model.name} (${newest.model.hash.slice(0, 12)}), but ${modelDir} holds ${model.card.name} (${model.hash.slice(0, 12)}): set ENGAGETRACK_MODEL_DIR to the model that scored it, or score again`;
        mismatch = { id: newest.id, stamp, reason };
        return fail(reason);
      }
      modelRef = { model, refs: 0 };
    }
    let snapshot: Snapshot;
    try {
      snapshot = await store.open(newest.id, { verify });
    } catch (err) {
      if (modelRef.refs === 0) await modelRef.model.release();
      const why = `cannot load snapshot ${newest.id}: ${(err as Error).message}`;
      failedSnapshots.set(newest.id, why);
      return fail(why);
    }
    if (closed) {
      if (modelRef.refs === 0) await modelRef.model.release();
      return "unchanged";
    }
    modelRef.refs++;
    const previous = current;
    current = { model: modelRef, snapshot, loadedAt: options.clock(), leases: 0, retired: false };
    reason = null;
    lastFailure = null;
    if (previous) retire(previous);
    logger.info(
      {
        snapshot: newest.id,
        rows: newest.rows,
        model: newest.model.name,
        previous: previous?.snapshot.manifest.id,
      },
      previous ? "serving a newer snapshot" : "serving snapshot",
    );
    options.onReload?.("swapped");
    return "swapped";
  };

  const reload = (): Promise<ReloadOutcome> => {
    if (closed) return Promise.resolve("unchanged");
    inFlight ??= load().finally(() => (inFlight = undefined));
    return inFlight;
  };

  const timer =
    options.pollMs > 0
      ? setInterval(() => {
          reload().catch((err: unknown) => logger.error({ err }, "snapshot poll failed"));
        }, options.pollMs)
      : undefined;
  timer?.unref();

  return {
    status() {
      const gen = current;
      return {
        ready: gen !== undefined,
        reason: gen ? lastFailure : reason,
        snapshot: gen?.snapshot.manifest ?? null,
        summary: gen?.snapshot.summary() ?? null,
        model: gen ? { name: gen.model.model.card.name, hash: gen.model.model.hash } : null,
        loadedAt: gen?.loadedAt ?? null,
      };
    },
    acquire() {
      const gen = current;
      if (!gen) throw new NotReadyError(reason ?? "not ready");
      gen.leases++;
      let released = false;
      return {
        model: gen.model.model,
        snapshot: gen.snapshot,
        release() {
          if (released) return;
          released = true;
          gen.leases--;
          if (gen.retired && gen.leases === 0) dispose(gen);
        },
      };
    },
    reload,
    async history() {
      const all = await store.list();
      const serving = current?.snapshot.manifest;
      return serving ? sameLineage(all, serving).manifests : all;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearInterval(timer);
      await inFlight?.catch(() => undefined);
      if (current) retire(current);
      current = undefined;
      reason = "shutting down";
      await Promise.all([...releases]);
    },
  };
}

/** Why nothing serves when the directory lists no snapshot: none yet, or only unusable ones. */
function noSnapshotReason(dir: string, skipped: readonly SkippedSnapshot[]): string {
  const run = `\`npm start\` or \`engagetrack score --snapshots ${dir}\``;
  if (skipped.length === 0) return `no snapshot in ${dir} yet: run ${run} first`;
  const named = skipped.slice(0, 3).map((s) => `${s.name} skipped (${s.reason})`);
  if (skipped.length > 3) named.push(`${skipped.length - 3} more skipped`);
  return `no usable snapshot in ${dir}: ${named.join("; ")}; publish a good one with ${run}`;
}

/** Size and modification time of the model's files: changes when a model is saved there. */
async function modelStamp(dir: string): Promise<string> {
  const parts = await Promise.all(
    [MODEL_FILE, CARD_FILE].map((f) =>
      stat(join(dir, f)).then(
        (s) => `${s.size}:${s.mtimeMs}`,
        () => "missing",
      ),
    ),
  );
  return parts.join("/");
}
