// `npm run bench:scale`: one million customers end to end on this machine, each stage a real
// process of the CLI (as an operator or the Kubernetes jobs would run it):
//   simulate 1M → validate → train on a 200k sample → score + explain + publish the snapshot,
//   sharded into 2 processes and committed → digest → 200 bot questions → notebooks build.
// Reports per stage: wall time, peak RSS (every process of the stage, from an exit probe), CPU
// time and throughput, against the targets of the issues. Writes bench/results/scale.json.
// SCALE_ROWS (default 1000000), SCALE_SAMPLE (200000), SCALE_SHARDS (2), SCALE_QUESTIONS (200)
// and SCALE_KEEP=1 (keep the work directory) change the run.
import { spawn } from "node:child_process";
import { cpus, totalmem, tmpdir } from "node:os";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CLI = join(REPO, "bin/engagetrack.js");
const PROBE = pathToFileURL(join(REPO, "bench/scale/rss-probe.mjs")).href;
const ROWS = Number(process.env.SCALE_ROWS ?? 1_000_000);
const SAMPLE = Number(process.env.SCALE_SAMPLE ?? 200_000);
const SHARDS = Number(process.env.SCALE_SHARDS ?? 2);
const QUESTIONS = Number(process.env.SCALE_QUESTIONS ?? 200);

interface Stage {
  name: string;
  seconds: number;
  peakRssMiB: number;
  cpuSeconds: number;
  throughput?: string;
  target?: string;
  ok?: boolean;
  details?: unknown;
}

const work = await mkdtemp(join(tmpdir(), "engagetrack-scale-"));
const probeFile = join(work, "rss.jsonl");
const dirs = {
  csv: join(work, "customers.csv"),
  model: join(work, "models/scale"),
  snapshots: join(work, "snapshots"),
  parts: join(work, "parts"),
  outbox: join(work, "outbox"),
  site: join(work, "site"),
};
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${PROBE}`.trim(),
  ENGAGETRACK_RSS_REPORT: probeFile,
  ENGAGETRACK_MODEL_DIR: dirs.model,
  ENGAGETRACK_SNAPSHOTS_DIR: dirs.snapshots,
  ENGAGETRACK_USAGE_LOG: join(work, "usage.log"),
  ENGAGETRACK_DIGEST_OUTBOX: dirs.outbox,
  ENGAGETRACK_STORE_DIR: join(work, "store"),
  ENGAGETRACK_CHART_SIGNING_SECRET: "scale-run-chart-secret-0123456789abcdef",
  TZ: "UTC",
};

function run(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO, env: { ...env, ...extraEnv } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0 || (code === 1 && args.includes("validate"))) resolve({ stdout, stderr });
      else reject(new Error(`${args.join(" ")} exited ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

async function probes(): Promise<{ maxRssMiB: number; cpuSeconds: number }[]> {
  const text = await readFile(probeFile, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

const stages: Stage[] = [];
async function stage(name: string, body: () => Promise<Partial<Stage> | void>): Promise<void> {
  await writeFile(probeFile, "");
  process.stderr.write(`${name}…\n`);
  const t0 = performance.now();
  let extra: Partial<Stage>;
  try {
    extra = (await body()) ?? {};
  } catch (err) {
    // A failed stage is reported and the run goes on with what it has.
    process.exitCode = 1;
    extra = { ok: false, details: { error: (err as Error).message.slice(0, 500) } };
    process.stderr.write(`  failed: ${(err as Error).message.slice(0, 500)}\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const ps = await probes();
  const s: Stage = {
    name,
    seconds: Math.round(seconds * 10) / 10,
    peakRssMiB: Math.max(0, ...ps.map((p) => p.maxRssMiB)),
    cpuSeconds: Math.round(ps.reduce((a, p) => a + p.cpuSeconds, 0) * 10) / 10,
    ...extra,
  };
  stages.push(s);
  process.stderr.write(
    `  ${s.seconds} s, peak RSS ${s.peakRssMiB} MiB${s.throughput ? `, ${s.throughput}` : ""}\n`,
  );
}
const perSecond = (n: number, s: number) => `${Math.round(n / s).toLocaleString("en-US")} rows/s`;

{
  await stage("simulate", async () => {
    await run([
      CLI,
      "data",
      "simulate",
      "--rows",
      String(ROWS),
      "--seed",
      "2026",
      "--out",
      dirs.csv,
      "--json",
    ]);
  });
  await stage("validate", async () => {
    const { stdout } = await run([CLI, "data", "validate", dirs.csv, "--json"]);
    const r = JSON.parse(stdout);
    return { details: { accepted: r.accepted, rejected: r.rejected } };
  });
  await stage("train (sample)", async () => {
    const { stdout } = await run([
      CLI,
      "train",
      "--data",
      dirs.csv,
      "--sample",
      String(SAMPLE),
      "--seed",
      "42",
      "--name",
      "scale",
      "--out",
      dirs.model,
      "--json",
    ]);
    const r = JSON.parse(stdout);
    return {
      details: {
        rows: r.rows,
        sampledFrom: r.sampled_from,
        auc: r.holdout.auc,
        trainSeconds: r.train_seconds,
      },
    };
  });
  await stage(`score + explain + snapshot (${SHARDS} shards)`, async () => {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: SHARDS }, (_, i) =>
        run([
          CLI,
          "score",
          "--model",
          dirs.model,
          "--data",
          dirs.csv,
          "--shard",
          `${i}/${SHARDS}`,
          "--parts",
          dirs.parts,
          "--json",
        ]),
      ),
    );
    const { stdout } = await run([
      CLI,
      "snapshot",
      "commit",
      "--parts",
      dirs.parts,
      "--snapshots",
      dirs.snapshots,
      "--json",
    ]);
    const manifest = JSON.parse(stdout);
    const seconds = (performance.now() - t0) / 1000;
    return {
      throughput: perSecond(ROWS, seconds),
      target: "≤ 300 s, RSS ≤ 4096 MiB",
      ok: seconds <= 300,
      details: { snapshot: manifest.id, rows: manifest.rows },
    };
  });
  await stage("digest", async () => {
    const t0 = performance.now();
    const { stdout } = await run([CLI, "digest", "--dry-run"]);
    const seconds = (performance.now() - t0) / 1000;
    return { target: "≤ 10 s", ok: seconds <= 10, details: { markdownBytes: Buffer.byteLength(stdout) } };
  });
  await stage(`${QUESTIONS} bot questions`, async () => {
    const { stdout } = await run(
      [join(REPO, "node_modules/tsx/dist/cli.mjs"), "bench/scale/ask-questions.ts"],
      {
        SCALE_QUESTIONS: String(QUESTIONS),
      },
    );
    const r = JSON.parse(stdout.trim().split("\n").pop()!);
    return { target: "answer p95 ≤ 300 ms", ok: r.p95 <= 300, details: r };
  });
  await stage("notebooks build", async () => {
    await run([join(REPO, "node_modules/tsx/dist/cli.mjs"), "notebooks/tools/build.ts"], {
      ENGAGETRACK_NOTEBOOKS_DIST: dirs.site,
    });
  });
}

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
const peak = Math.max(0, ...stages.map((s) => s.peakRssMiB));
const report = {
  rows: ROWS,
  sample: SAMPLE,
  shards: SHARDS,
  machine,
  peakRssMiB: peak,
  rssOk: peak <= 4096,
  stages,
  at: new Date().toISOString(),
};
await mkdir(join(REPO, "bench/results"), { recursive: true });
await writeFile(join(REPO, "bench/results/scale.json"), `${JSON.stringify(report, null, 2)}\n`);
const rows = stages.map(
  (s) =>
    `| ${s.name} | ${s.seconds} s | ${s.peakRssMiB} MiB | ${s.cpuSeconds} s | ${s.throughput ?? ""} | ${s.target ? `${s.target} ${s.ok ? "✓" : "✗"}` : ""}${s.ok === false && !s.target ? "FAILED" : ""} |`,
);
process.stdout.write(
  [
    `${ROWS.toLocaleString("en-US")} customers on ${machine.cores}× ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}`,
    "",
    "| stage | wall | peak RSS | CPU | throughput | target |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    `peak RSS of any process: ${peak} MiB (target ≤ 4096 MiB ${peak <= 4096 ? "✓" : "✗"})`,
    "",
  ].join("\n"),
);
if (process.env.SCALE_KEEP === "1") process.stderr.write(`work directory kept: ${work}\n`);
else await rm(work, { recursive: true, force: true });
