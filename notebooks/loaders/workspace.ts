/**
 * What every notebook data loader opens: the newest snapshot and the model that scored it, from
 * the same settings as `npm start` (ENGAGETRACK_SNAPSHOTS_DIR, ENGAGETRACK_MODEL_DIR). Relative
 * paths are taken from the repository root, wherever Framework runs the loader from.
 */
import { resolve } from "node:path";
import { openChurnModel, openSnapshotStore, type ChurnModel, type Snapshot } from "engagetrack";
import { DATA_SETTINGS, parseSettings } from "engagetrack/settings";

/** The repository root (notebooks/loaders/ is two levels below it). */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

export interface WorkspacePaths {
  snapshotsDir: string;
  modelDir: string;
}

/** The snapshot and model directories from the environment, absolute. */
export function workspacePaths(env: NodeJS.ProcessEnv): WorkspacePaths {
  const { ENGAGETRACK_SNAPSHOTS_DIR, ENGAGETRACK_MODEL_DIR } = DATA_SETTINGS.settings;
  const c = parseSettings(env, { ENGAGETRACK_SNAPSHOTS_DIR, ENGAGETRACK_MODEL_DIR });
  return {
    snapshotsDir: resolve(REPO_ROOT, c.ENGAGETRACK_SNAPSHOTS_DIR),
    modelDir: resolve(REPO_ROOT, c.ENGAGETRACK_MODEL_DIR),
  };
}

/** The newest snapshot; the error says how to make one. */
export async function newestSnapshot(paths: WorkspacePaths): Promise<Snapshot> {
  const snapshot = await openSnapshotStore(paths.snapshotsDir).latest();
  if (!snapshot) {
    throw new Error(
      `no snapshot in ${paths.snapshotsDir} (run \`npm start\`, or \`npm run notebooks:build\`, which makes one)`,
    );
  }
  return snapshot;
}

/** The model that scored `snapshot` (the one in `paths.modelDir`, which must match the snapshot). */
export async function modelFor(paths: WorkspacePaths, snapshot: Snapshot): Promise<ChurnModel> {
  const model = await openChurnModel(paths.modelDir);
  if (model.hash !== snapshot.manifest.model.hash) {
    await model.release();
    throw new Error(
      `snapshot ${snapshot.manifest.id} was scored by model ${snapshot.manifest.model.name} (${snapshot.manifest.model.hash.slice(0, 12)}), not the one in ${paths.modelDir} (${model.hash.slice(0, 12)}): run \`npm start\` to rescore`,
    );
  }
  return model;
}

/** Writes a loader's result to stdout as JSON (Framework captures it as the output file). */
export async function printJson(value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  await new Promise<void>((done, fail) => process.stdout.write(text, (err) => (err ? fail(err) : done())));
}
