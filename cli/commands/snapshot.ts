/**
 * `engagetrack snapshot list|show|commit`: look at published snapshots, and publish the snapshot of
 * a sharded scoring run once all its parts are written.
 *   snapshot list [--snapshots <dir>] [--json]
 *   snapshot show <id|latest> [--snapshots <dir>] [--verify] [--json]
 *   snapshot commit --parts <dir> [--snapshots <dir>] [--json]
 * Exit 0: done; 2: unusable input (no such snapshot, unreadable files, parts missing or disagreeing).
 */
import type { Command } from "commander";
import { DEFAULT_SNAPSHOTS_DIR } from "../default-paths.ts";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  const snapshot = program
    .command("snapshot")
    .description("List and inspect scored-customer snapshots; publish a sharded run's snapshot.");
  const load = () => import("../actions/snapshot.ts");

  snapshot
    .command("list")
    .description("List published snapshots, newest first.")
    .option("--snapshots <dir>", "snapshots directory", DEFAULT_SNAPSHOTS_DIR)
    .option("--json", "print JSON instead of a table")
    .action(lazy(load, "list"));

  snapshot
    .command("show")
    .description("Show one snapshot: manifest, risk bands and the sources that drive predictions.")
    .argument("<id>", 'snapshot id, or "latest"')
    .option("--snapshots <dir>", "snapshots directory", DEFAULT_SNAPSHOTS_DIR)
    .option("--verify", "check the columnar file's SHA-256 against the manifest")
    .option("--json", "print JSON instead of a summary")
    .action(lazy(load, "show"));

  snapshot
    .command("commit")
    .description("Publish the snapshot of a sharded scoring run once all its parts are there and agree.")
    .requiredOption("--parts <dir>", "directory with part-<i>-of-<N>.arrow/.json files")
    .option("--snapshots <dir>", "snapshots directory to publish into", DEFAULT_SNAPSHOTS_DIR)
    .option("--json", "print the manifest as JSON")
    .action(lazy(load, "commit"));
}
