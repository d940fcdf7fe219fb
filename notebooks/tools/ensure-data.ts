/**
 * The site is built from the newest snapshot and the model that scored it. A fresh clone has
 * neither, so the build first runs the main job (`engagetrack run`: simulate, train, score) into the
 * configured directories — offline, seeded, a few seconds for the default 5,000 customers.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { openSnapshotStore } from "engagetrack";
import { REPO_ROOT, type WorkspacePaths } from "../loaders/workspace.ts";

export interface EnsureDataOptions {
  /** Environment of the child process (ENGAGETRACK_SIMULATE_ROWS, ENGAGETRACK_SEED, …). */
  env: NodeJS.ProcessEnv;
  /** Told what happens ("no snapshot in … : running engagetrack run"). */
  log: (line: string) => void;
}

/** True when a snapshot and a model exist; otherwise runs `engagetrack run` and returns false. */
export async function ensureData(paths: WorkspacePaths, options: EnsureDataOptions): Promise<boolean> {
  const [newest] = await openSnapshotStore(paths.snapshotsDir).list();
  const hasModel =
    existsSync(join(paths.modelDir, "card.json")) && existsSync(join(paths.modelDir, "model.onnx"));
  if (newest && hasModel) return true;
  options.log(
    `${newest ? `no model in ${paths.modelDir}` : `no snapshot in ${paths.snapshotsDir}`}: running \`engagetrack run\` (simulated customers) first`,
  );
  const tsx = createRequire(import.meta.url).resolve("tsx/cli");
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [tsx, join(REPO_ROOT, "cli/main.ts"), "run"], {
      cwd: REPO_ROOT,
      env: {
        ...options.env,
        ENGAGETRACK_SNAPSHOTS_DIR: paths.snapshotsDir,
        ENGAGETRACK_MODEL_DIR: paths.modelDir,
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) throw new Error(`engagetrack run failed with exit code ${code}`);
  return false;
}
