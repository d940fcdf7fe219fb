import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  columnValues,
  profileColumns,
  readReferenceProfile,
  referenceProfile,
  type DigestSnapshot,
  type ReferenceProfile,
} from "../../core/src/digest/index.ts";
import type { EncoderSpec } from "../../core/src/index.ts";
import { CARD_FILE, modelCardSchema, type ModelCard } from "../../core/src/model/index.ts";
import { STATUS_COLUMN, type SnapshotStore } from "../../core/src/snapshot/index.ts";

/** The newest snapshot and what a digest needs of its model, held until `release`. */
export interface CurrentSnapshot {
  snapshot: DigestSnapshot;
  /** The training data's profile, or undefined with `referenceNote` saying why. */
  reference?: ReferenceProfile;
  referenceNote?: string;
  /** Source column → label, from the model card's encoder. */
  labels?: Record<string, string>;
  release(): void;
}

/** Where digests read snapshots and reference data from. */
export interface DigestSources {
  /** The newest snapshot, or undefined when none is published yet. */
  current(): Promise<CurrentSnapshot | undefined>;
  /** A published snapshot by ID (the one a destination saw last); undefined when it is gone. */
  open(id: string): Promise<DigestSnapshot | undefined>;
}

export interface DigestSourcesOptions {
  store: SnapshotStore;
  /** The model directory: its card (labels) and `reference.json` (training data profile). */
  modelDir: string;
  /**
   * The newest snapshot and its model's card from elsewhere (the server's serving lease, so a
   * snapshot already in memory is not loaded twice); default: the store's newest, the card on disk.
   */
  lease?: () => { snapshot: DigestSnapshot; card: ModelCard; release(): void } | undefined;
  warn?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * Snapshot and reference access for digests. The reference profile is the model directory's
 * `reference.json` (saved by `train` and `run`); for a model trained before that file existed, it
 * is profiled from the snapshot that scored the training data itself (same data hash as the card's
 * training data, same model), when one is still published. Profiles are cached per model.
 *
 * @example
 * const sources = createDigestSources({ store: openSnapshotStore("data/snapshots"), modelDir: "models/demo" });
 * const current = await sources.current();
 */
export function createDigestSources(options: DigestSourcesOptions): DigestSources {
  const { store, modelDir } = options;
  const references = new Map<string, Promise<{ profile?: ReferenceProfile; note?: string }>>();

  const readCard = async (): Promise<ModelCard | undefined> => {
    const path = join(modelDir, CARD_FILE);
    try {
      return modelCardSchema.parse(JSON.parse(await readFile(path, "utf8")));
    } catch (err) {
      options.warn?.("model card unreadable: digests go without labels and drift", {
        card: path,
        reason: (err as Error).message,
      });
      return undefined;
    }
  };

  const referenceFor = (card: ModelCard | undefined, modelHash: string) => {
    let found = references.get(modelHash);
    if (!found) {
      found = resolveReference(card, modelHash).catch((err) => ({
        note: `reference profile unusable: ${(err as Error).message}`,
      }));
      references.set(modelHash, found);
    }
    return found;
  };

  const resolveReference = async (card: ModelCard | undefined, modelHash: string) => {
    const saved = await readReferenceProfile(modelDir);
    if (saved && saved.modelHash === modelHash) return { profile: saved };
    const encoder = card?.encoder as EncoderSpec | null | undefined;
    const dataHash = card?.onnxSha256 === modelHash ? card.trainingData.sha256 : null;
    if (encoder && dataHash) {
      const scored = (await store.list()).find((m) => m.dataHash === dataHash && m.model.hash === modelHash);
      if (scored) {
        const scoredSnapshot = await store.open(scored.id);
        // The model trained on the customers with a known outcome (history); current ones are not training data.
        const training = scoredSnapshot.table.columnNames().includes(STATUS_COLUMN)
          ? scoredSnapshot.table
              .params({ current: "current" })
              .filter((d: { status: string }, $: { current: string }) => d.status !== $.current)
          : scoredSnapshot.table;
        const column = (name: string) => columnValues(training, name);
        return {
          profile: referenceProfile({
            modelHash,
            origin: `training data (snapshot ${scored.id}, which scored the model's training file)`,
            probability: column("probability") as ArrayLike<number>,
            columns: profileColumns(encoder).filter((c) => training.columnNames().includes(c.column)),
            values: column,
          }),
        };
      }
    }
    return {
      note: saved
        ? "the model directory's reference.json belongs to another model"
        : "no training reference for this model (retrain to save reference.json beside it)",
    };
  };

  return {
    async current() {
      let held = options.lease?.();
      let card: ModelCard | undefined;
      if (held) {
        card = held.card;
      } else {
        const snapshot = await store.latest();
        if (!snapshot) return undefined;
        card = await readCard();
        held = { snapshot, card: card!, release() {} };
        if (card && card.onnxSha256 !== snapshot.manifest.model.hash) card = undefined;
      }
      const { profile, note } = await referenceFor(card, held.snapshot.manifest.model.hash);
      const encoder = card?.encoder as EncoderSpec | null | undefined;
      return {
        snapshot: held.snapshot,
        reference: profile,
        referenceNote: note,
        labels: encoder
          ? Object.fromEntries(profileColumns(encoder).map((c) => [c.column, c.label]))
          : undefined,
        release: () => held!.release(),
      };
    },
    async open(id) {
      try {
        return await store.open(id);
      } catch (err) {
        options.warn?.("previous digest's snapshot cannot be opened", {
          snapshot: id,
          reason: (err as Error).message,
        });
        return undefined;
      }
    },
  };
}
