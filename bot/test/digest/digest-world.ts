/**
 * A digest test world in a temp dir: a snapshot store with synthetic snapshots (shared customer
 * IDs), a model directory holding only a reference profile for the synthetic model, a shared store
 * of its own (the ledger: an in-memory PGlite), outbox folders, and a runner wired to them with an
 * injected clock.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WebClient } from "@slack/web-api";
import { createChartRenderer, type ChartRenderer } from "../../../core/src/charts/server.ts";
import { profileColumns, referenceProfile, writeReferenceProfile } from "../../../core/src/digest/index.ts";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { defaultEncoderSpec } from "../../../core/src/features/index.ts";
import { createLogger } from "../../../core/src/log/index.ts";
import { openSnapshotStore, type Manifest } from "../../../core/src/snapshot/index.ts";
import { openStore, type Store } from "../../../core/src/store/index.ts";
import {
  writeSyntheticSnapshots,
  type SyntheticSnapshot,
} from "../../../core/test/digest/synthetic-snapshots.ts";
import {
  createDigestRunner,
  openStoreLedger,
  type DigestConfig,
  type DigestRunner,
  type DigestSettings,
  type Ledger,
  type TeamsSender,
} from "../../digest/index.ts";
import { createSlackWebClient } from "../../slack/index.ts";

export interface DigestWorld {
  dir: string;
  snapshotsDir: string;
  /** The shared store holding the ledger. */
  store: Store;
  outboxDir: string;
  /** The injected clock (ms); tests move it. */
  now: number;
  logs: string[];
  publish(spec: Omit<SyntheticSnapshot, "rows"> & { rows?: number }): Promise<Manifest>;
  runner(
    config: DigestConfig,
    options?: { slackApiUrl?: string; teams?: TeamsSender; renderer?: ChartRenderer; leaseMs?: number },
  ): DigestRunner;
  /** The world's ledger (another handle on the runners' one), for inspection. */
  ledger(leaseMs?: number): Ledger;
  remove(): Promise<void>;
}

let shared: ChartRenderer | undefined;
/** One warm chart renderer per test file (jsdom and fonts load once). */
export const chartRenderer = (): ChartRenderer => (shared ??= createChartRenderer());

export async function digestWorld(
  options: { rows?: number; reference?: boolean } = {},
): Promise<DigestWorld> {
  const dir = mkdtempSync(join(tmpdir(), "et-digests-"));
  const snapshotsDir = join(dir, "snapshots");
  const modelDir = join(dir, "model");
  mkdirSync(modelDir);
  const rows = options.rows ?? 1500;
  const logs: string[] = [];
  const logger = createLogger({ write: (line: string) => void logs.push(line) } as never, { level: "info" });
  const store = await openStore({ dir: "memory", sweepMs: 0 });
  const world: DigestWorld = {
    dir,
    snapshotsDir,
    store,
    outboxDir: join(dir, "outbox"),
    now: Date.parse("2026-07-08T12:00:00Z"),
    logs,
    async publish(spec) {
      const [m] = await writeSyntheticSnapshots(snapshotsDir, [{ rows, ...spec }]);
      return m;
    },
    runner(config, o = {}) {
      const settings: DigestSettings = {
        configFile: "(test)",
        store: { dir: "memory" },
        outboxDir: world.outboxDir,
        inProcess: true,
        startDelayMs: 0,
        leaseMs: o.leaseMs ?? 60_000,
        modelDir,
        snapshotsDir,
        publicUrl: "https://engage.example.com",
      };
      const slack: WebClient | undefined = o.slackApiUrl
        ? createSlackWebClient({ token: "xoxb-test", apiUrl: o.slackApiUrl, logger })
        : undefined;
      return createDigestRunner({
        settings,
        config,
        experiments: DEFAULT_EXPERIMENT_CONFIG,
        logger,
        clock: () => world.now,
        store: openSnapshotStore(snapshotsDir),
        sql: store.sql,
        renderer: o.renderer ?? chartRenderer(),
        slack,
        teams: o.teams,
      });
    },
    ledger: (leaseMs = 1000) => openStoreLedger(store.sql, { leaseMs, clock: () => world.now }),
    async remove() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (options.reference !== false) {
    // The synthetic model's "training data": seed 0's customers, profiled like `train` does.
    const trainingDir = join(dir, "training");
    const [m] = await writeSyntheticSnapshots(trainingDir, [{ seed: 0, at: "2026-06-01T00:00:00Z", rows }]);
    const training = await openSnapshotStore(trainingDir).open(m.id);
    await writeReferenceProfile(
      modelDir,
      referenceProfile({
        modelHash: "synthetic",
        origin: "training data (synthetic)",
        probability: training.table.array("probability") as number[],
        columns: profileColumns(defaultEncoderSpec()),
        values: (c) => training.table.array(c) as unknown[],
      }),
    );
  }
  return world;
}

/** A weekly schedule (Monday 08:00 London) to the given destinations. */
export function weekly(
  destinations: DigestConfig["schedules"][number]["destinations"],
  name = "weekly",
): DigestConfig {
  return { schedules: [{ name, cron: "0 8 * * 1", timeZone: "Europe/London", destinations, topN: 5 }] };
}
