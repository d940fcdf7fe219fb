/**
 * Runs the cluster's scoring run on this machine and checks it against one process:
 *
 *   npx tsx scripts/simulate-indexed-job.ts [--shards N] [--rows R] [--seed S] [--model dir --data csv]
 *                                           [--work dir] [--keep] [--json]
 *
 * It takes the container scripts from k8s/scoring (the Indexed Job's and the commit Job's, exactly
 * as written there) and runs them with /bin/sh as Kubernetes would: N score processes at once, each
 * with its own JOB_COMPLETION_INDEX, and the commit process started beside them (it waits for the
 * parts). Then it scores the same file with a single `engagetrack score --snapshots` and compares
 * the two snapshots file by file: the columnar file byte for byte, the manifest field by field
 * (all but its id and time). Without --model/--data it simulates R customers and trains a model.
 * Exit 0 when they agree, 1 when they differ, 2 when a step fails.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";

const REPO = resolve(import.meta.dirname, "..");
const CLI = ["node", join(REPO, "bin/engagetrack.js")];

interface Container {
  name: string;
  command?: string[];
  args?: string[];
}

/** The shell script a scoring container runs (`/bin/sh -c <script>`), from its manifest. */
export function containerScript(manifestPath: string): { script: string; completions?: number } {
  const job = parseYaml(readFileSync(manifestPath, "utf8")) as {
    spec: { completions?: number; template: { spec: { containers: Container[] } } };
  };
  const container = job.spec.template.spec.containers[0];
  const command = container.command ?? [];
  const shell = command.indexOf("/bin/sh");
  if (shell < 0 || command[shell + 1] !== "-c" || container.args?.length !== 1) {
    throw new Error(`unexpected container command in ${manifestPath}: ${JSON.stringify(command)}`);
  }
  return { script: container.args[0], completions: job.spec.completions };
}

/** The scoring run's settings (SCORE_*), from its ConfigMap. */
export function scoringSettings(): Record<string, string> {
  const map = parseYaml(readFileSync(join(REPO, "k8s/scoring/scoring-run.yaml"), "utf8")) as {
    data: Record<string, string>;
  };
  return map.data;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

function run(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const t0 = performance.now();
  return new Promise((done, fail) => {
    // From the repository root, as the image's WORKDIR /app: the scripts call `node bin/engagetrack.js`.
    const child = spawn(argv[0], argv.slice(1), { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 }));
  });
}

async function must(what: string, argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const r = await run(argv, env);
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  return r;
}

/** The one snapshot directory published under `dir`. */
function onlySnapshot(dir: string): string {
  const ids = readdirSync(dir).filter((d) => !d.startsWith("."));
  if (ids.length !== 1) throw new Error(`expected one snapshot in ${dir}, found ${ids.length}`);
  return join(dir, ids[0]);
}

export interface SnapshotDifference {
  file: string;
  what: string;
}

/** Differences between two snapshot directories: files, bytes, and manifests apart from id and time. */
export function compareSnapshotDirs(a: string, b: string): SnapshotDifference[] {
  const diffs: SnapshotDifference[] = [];
  const filesA = readdirSync(a).sort();
  const filesB = readdirSync(b).sort();
  for (const f of new Set([...filesA, ...filesB])) {
    if (!filesA.includes(f) || !filesB.includes(f)) {
      diffs.push({ file: f, what: `only in ${filesA.includes(f) ? "single" : "sharded"}` });
      continue;
    }
    const x = readFileSync(join(a, f));
    const y = readFileSync(join(b, f));
    if (f === "manifest.json") {
      const strip = (buf: Buffer) => {
        const { id: _id, createdAt: _createdAt, ...rest } = JSON.parse(buf.toString("utf8"));
        return JSON.stringify(rest);
      };
      if (strip(x) !== strip(y)) diffs.push({ file: f, what: "manifests differ beyond id and createdAt" });
    } else if (!x.equals(y)) {
      diffs.push({ file: f, what: `bytes differ (${x.length} vs ${y.length})` });
    }
  }
  return diffs;
}

export interface SimulationReport {
  shards: number;
  rows: number;
  bands: { Low: number; Medium: number; High: number };
  snapshot: { single: string; sharded: string };
  files: string[];
  differences: SnapshotDifference[];
  partsRemoved: boolean;
  seconds: { shardsAndCommit: number; single: number; slowestShard: number };
}

export interface SimulationOptions {
  shards: number;
  work: string;
  model?: string;
  data?: string;
  rows: number;
  seed: number;
}

export async function simulateIndexedJob(options: SimulationOptions): Promise<SimulationReport> {
  const { shards, work } = options;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: "1",
    TZ: "UTC",
    ENGAGETRACK_USAGE_LOG: join(work, "logs/usage.log"),
  };
  let { model, data } = options;
  if (!data) {
    data = join(work, "customers.csv");
    await must(
      "data simulate",
      [
        ...CLI,
        "data",
        "simulate",
        "--rows",
        String(options.rows),
        "--seed",
        String(options.seed),
        "--out",
        data,
      ],
      env,
    );
  }
  if (!model) {
    model = join(work, "model");
    await must(
      "train",
      [...CLI, "train", "--data", data, "--out", model, "--seed", String(options.seed)],
      env,
    );
  }

  const score = containerScript(join(REPO, "k8s/scoring/score-job.yaml"));
  const commit = containerScript(join(REPO, "k8s/scoring/commit-job.yaml"));
  const partsDir = join(work, "parts");
  const jobEnv: NodeJS.ProcessEnv = {
    ...env,
    ...scoringSettings(),
    // What the ConfigMaps say, pointed at this machine.
    ENGAGETRACK_MODEL_DIR: model,
    ENGAGETRACK_SNAPSHOTS_DIR: join(work, "snapshots-sharded"),
    SCORE_DATA: data,
    SCORE_RUN: "simulated",
    SCORE_SHARDS: String(shards),
    SCORE_PARTS_DIR: partsDir,
    SCORE_POLL_SECONDS: "1",
  };
  const t0 = performance.now();
  const committing = run(["/bin/sh", "-c", commit.script], jobEnv);
  const shardRuns = await Promise.all(
    Array.from({ length: shards }, (_, i) =>
      run(["/bin/sh", "-c", score.script], { ...jobEnv, JOB_COMPLETION_INDEX: String(i) }),
    ),
  );
  shardRuns.forEach((r, i) => {
    if (r.code !== 0) throw new Error(`shard ${i} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  });
  const committed = await committing;
  if (committed.code !== 0) {
    throw new Error(`commit failed (exit ${committed.code}):\n${committed.stderr.slice(-2000)}`);
  }
  const shardedSeconds = (performance.now() - t0) / 1000;
  const manifest = JSON.parse(committed.stdout.slice(committed.stdout.indexOf("{")));

  const single = await must(
    "single-process score",
    [
      ...CLI,
      "score",
      "--model",
      model,
      "--data",
      data,
      "--snapshots",
      join(work, "snapshots-single"),
      "--json",
    ],
    env,
  );
  const a = onlySnapshot(join(work, "snapshots-single"));
  const b = onlySnapshot(join(work, "snapshots-sharded"));
  const partsRemoved = !readdirSync(partsDir).includes("simulated");
  return {
    shards,
    rows: manifest.rows,
    bands: manifest.bands,
    snapshot: { single: a, sharded: b },
    files: readdirSync(a).sort(),
    differences: compareSnapshotDirs(a, b),
    partsRemoved,
    seconds: {
      shardsAndCommit: shardedSeconds,
      single: single.seconds,
      slowestShard: Math.max(...shardRuns.map((r) => r.seconds)),
    },
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      shards: { type: "string" },
      rows: { type: "string", default: "2000" },
      seed: { type: "string", default: "42" },
      model: { type: "string" },
      data: { type: "string" },
      work: { type: "string" },
      keep: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  const shards = Number(values.shards ?? scoringSettings().SCORE_SHARDS);
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  if (!Number.isInteger(shards) || shards < 1 || shards > 64) {
    process.stderr.write(`simulate-indexed-job: invalid --shards: ${JSON.stringify(values.shards)} (1–64)\n`);
    return 2;
  }
  if (!Number.isInteger(rows) || rows < 100) {
    process.stderr.write(
      `simulate-indexed-job: invalid --rows: ${JSON.stringify(values.rows)} (100 or more)\n`,
    );
    return 2;
  }
  if (Boolean(values.model) !== Boolean(values.data)) {
    process.stderr.write("simulate-indexed-job: give --model and --data together, or neither\n");
    return 2;
  }
  const work = values.work ? resolve(values.work) : mkdtempSync(join(tmpdir(), "et-indexed-job-"));
  mkdirSync(work, { recursive: true });
  try {
    const report = await simulateIndexedJob({
      shards,
      work,
      rows,
      seed,
      model: values.model && resolve(values.model),
      data: values.data && resolve(values.data),
    });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const s = report.seconds;
      process.stdout.write(
        [
          `${report.shards} shards + commit: ${report.rows} customers (High ${report.bands.High}, Medium ${report.bands.Medium}, Low ${report.bands.Low}) in ${s.shardsAndCommit.toFixed(1)} s (slowest shard ${s.slowestShard.toFixed(1)} s); one process: ${s.single.toFixed(1)} s`,
          report.differences.length === 0
            ? `same snapshot as one process: ${report.files.join(", ")} (manifest equal apart from id and time)`
            : `DIFFERENT from one process:\n${report.differences.map((d) => `  ${d.file}: ${d.what}`).join("\n")}`,
          report.partsRemoved ? "parts removed after the commit" : "parts were NOT removed after the commit",
          "",
        ].join("\n"),
      );
    }
    return report.differences.length === 0 && report.partsRemoved ? 0 : 1;
  } catch (err) {
    process.stderr.write(`simulate-indexed-job: ${(err as Error).message}\n`);
    return 2;
  } finally {
    if (!values.keep && !values.work) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  process.exitCode = await main();
}
