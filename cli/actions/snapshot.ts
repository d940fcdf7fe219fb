/**
 * `engagetrack snapshot list|show|commit`: look at published snapshots, and publish the snapshot of
 * a sharded scoring run once all its parts are written.
 *   snapshot list [--snapshots <dir>] [--json]
 *   snapshot show <id|latest> [--snapshots <dir>] [--verify] [--json]
 *   snapshot commit --parts <dir> [--snapshots <dir>] [--json]
 * Exit 0: done; 2: unusable input (no such snapshot, unreadable files, parts missing or disagreeing).
 */
import type { Command } from "commander";
import {
  commitSnapshot,
  openSnapshotStore,
  type Manifest,
  type Snapshot,
  type SourceImportance,
} from "../../core/src/snapshot/index.ts";
import { CliError, ExitCode } from "../cli-error.ts";

/** Where snapshots live unless --snapshots says otherwise (relative to the working directory). */
export const DEFAULT_SNAPSHOTS_DIR = "data/snapshots";

interface StoreOptions {
  snapshots: string;
  json?: boolean;
}

/** `snapshot list --json` */
export interface ListReport {
  dir: string;
  snapshots: Manifest[];
  /** Subdirectories that are not readable snapshots, and why. */
  skipped: { name: string; reason: string }[];
}

/** `snapshot show --json` */
export interface ShowReport {
  manifest: Manifest;
  importance: SourceImportance[];
}

export function register(program: Command): void {
  const snapshot = program
    .command("snapshot")
    .description("List and inspect scored-customer snapshots; publish a sharded run's snapshot.");

  snapshot
    .command("list")
    .description("List published snapshots, newest first.")
    .option("--snapshots <dir>", "snapshots directory", DEFAULT_SNAPSHOTS_DIR)
    .option("--json", "print JSON instead of a table")
    .action(async (options: StoreOptions) => {
      const skipped: ListReport["skipped"] = [];
      const store = openSnapshotStore(options.snapshots, {
        onSkip: (name, reason) => skipped.push({ name, reason }),
      });
      const snapshots = await store.list().catch((err: unknown) => {
        throw new CliError("snapshots_unreadable", (err as Error).message, { cause: err });
      });
      if (options.json) {
        const report: ListReport = { dir: options.snapshots, snapshots, skipped };
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      for (const s of skipped) process.stderr.write(`engagetrack: skipped ${s.name}: ${s.reason}\n`);
      process.stdout.write(listTable(options.snapshots, snapshots));
    });

  snapshot
    .command("show")
    .description("Show one snapshot: manifest, risk bands and the sources that drive predictions.")
    .argument("<id>", 'snapshot id, or "latest"')
    .option("--snapshots <dir>", "snapshots directory", DEFAULT_SNAPSHOTS_DIR)
    .option("--verify", "check the columnar file's SHA-256 against the manifest")
    .option("--json", "print JSON instead of a summary")
    .action(async (id: string, options: StoreOptions & { verify?: boolean }) => {
      const store = openSnapshotStore(options.snapshots);
      let loaded: Snapshot | undefined;
      try {
        loaded =
          id === "latest"
            ? await store.latest({ verify: options.verify })
            : await store.open(id, { verify: options.verify });
      } catch (err) {
        throw new CliError("snapshot_unreadable", (err as Error).message, { cause: err });
      }
      if (!loaded) throw new CliError("no_snapshots", `no snapshots in ${options.snapshots}`);
      const report: ShowReport = { manifest: loaded.manifest, importance: loaded.importance() };
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : showSummary(report));
    });

  snapshot
    .command("commit")
    .description("Publish the snapshot of a sharded scoring run once all its parts are there and agree.")
    .requiredOption("--parts <dir>", "directory with part-<i>-of-<N>.arrow/.json files")
    .option("--snapshots <dir>", "snapshots directory to publish into", DEFAULT_SNAPSHOTS_DIR)
    .option("--json", "print the manifest as JSON")
    .action(async (options: StoreOptions & { parts: string }) => {
      let manifest: Manifest;
      try {
        // The composition root owns the clock.
        manifest = await commitSnapshot({
          partsDir: options.parts,
          snapshotsDir: options.snapshots,
          clock: () => new Date(),
        });
      } catch (err) {
        throw new CliError("commit_refused", `cannot commit: ${(err as Error).message}`, {
          exitCode: ExitCode.unusable,
          cause: err,
        });
      }
      process.stdout.write(
        options.json
          ? `${JSON.stringify(manifest, null, 2)}\n`
          : `published ${manifest.id}: ${count(manifest.rows)} customers, ${bands(manifest)}\n`,
      );
    });
}

const count = (n: number): string => n.toLocaleString("en-US");
/** Customers to act on (a version-2 manifest's bands leave the churned out; version 1 counted them). */
const toActOn = (m: Manifest): number => m.bands.High + m.bands.Medium + m.bands.Low;
const bands = (m: Manifest): string =>
  `${count(toActOn(m))} to act on: High ${count(m.bands.High)} · Medium ${count(m.bands.Medium)} · Low ${count(m.bands.Low)}`;

function listTable(dir: string, snapshots: Manifest[]): string {
  if (snapshots.length === 0) return `no snapshots in ${dir}\n`;
  const rows = [
    ["id", "created", "customers", "to act on", "high", "model"],
    ...snapshots.map((m) => [
      m.id,
      m.createdAt,
      count(m.rows),
      count(toActOn(m)),
      count(m.bands.High),
      m.model.name,
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

function showSummary({ manifest: m, importance }: ShowReport): string {
  const top = importance
    .slice(0, 5)
    .map((i) => `${i.source} ${i.meanAbsShap.toFixed(3)}`)
    .join(", ");
  return [
    `${m.id}  created ${m.createdAt}`,
    `model ${m.model.name} (${m.model.hash})  data ${m.dataHash}`,
    `${count(m.rows)} customers, ${bands(m)}`,
    `top sources (mean |SHAP|): ${top || "none"}`,
    `file ${m.file.name}: ${count(m.file.bytes)} bytes, sha256 ${m.file.sha256}`,
    "",
  ].join("\n");
}
