/**
 * `engagetrack snapshot list|show|commit`: look at published snapshots, and publish the snapshot of
 * a sharded scoring run once all its parts are written.
 *   snapshot list [--snapshots <dir>] [--json]
 *   snapshot show <id|latest> [--snapshots <dir>] [--verify] [--json]
 *   snapshot commit --parts <dir> [--snapshots <dir>] [--json]
 * Exit 0: done; 2: unusable input (no such snapshot, unreadable files, parts missing or disagreeing).
 */
import type { CliIo } from "../cli-io.ts";
import {
  commitSnapshot,
  openSnapshotStore,
  type Manifest,
  type Snapshot,
  type SourceImportance,
} from "../../core/src/snapshot/index.ts";
import { CliError } from "../cli-error.ts";

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

/** `snapshot list` */
export async function list(io: CliIo, options: StoreOptions): Promise<number | void> {
  const skipped: ListReport["skipped"] = [];
  const store = openSnapshotStore(options.snapshots, {
    onSkip: (name, reason) => skipped.push({ name, reason }),
  });
  const snapshots = await store.list().catch((err: unknown) => {
    throw new CliError("snapshot-unreadable", (err as Error).message, { cause: err });
  });
  if (options.json) {
    const report: ListReport = { dir: options.snapshots, snapshots, skipped };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  for (const s of skipped) io.stderr.write(`engagetrack: skipped ${s.name}: ${s.reason}\n`);
  io.stdout.write(listTable(options.snapshots, snapshots));
}

/** `snapshot show` */
export async function show(
  io: CliIo,
  id: string,
  options: StoreOptions & { verify?: boolean },
): Promise<number | void> {
  const store = openSnapshotStore(options.snapshots);
  let loaded: Snapshot | undefined;
  try {
    loaded =
      id === "latest"
        ? await store.latest({ verify: options.verify })
        : await store.open(id, { verify: options.verify });
  } catch (err) {
    throw new CliError("snapshot-unreadable", (err as Error).message, { cause: err });
  }
  if (!loaded) throw new CliError("no-snapshot", `no snapshots in ${options.snapshots}`);
  const report: ShowReport = { manifest: loaded.manifest, importance: loaded.importance() };
  io.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : showSummary(report));
}

/** `snapshot commit` */
export async function commit(io: CliIo, options: StoreOptions & { parts: string }): Promise<number | void> {
  let manifest: Manifest;
  try {
    // The composition root owns the clock.
    manifest = await commitSnapshot({
      partsDir: options.parts,
      snapshotsDir: options.snapshots,
      clock: () => new Date(),
    });
  } catch (err) {
    throw new CliError("commit-refused", `cannot commit: ${(err as Error).message}`, {
      cause: err,
    });
  }
  io.stdout.write(
    options.json
      ? `${JSON.stringify(manifest, null, 2)}\n`
      : `published ${manifest.id}: ${count(manifest.rows)} customers, ${bands(manifest)}\n`,
  );
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
