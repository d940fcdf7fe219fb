/**
 * `npm run bench:soak -- --minutes 10 [--rate 400] [--out bench/results/soak-<stamp>.json]`: a memory
 * soak of `engagetrack serve` on loopback only (issue 19: does RSS keep growing under
 * `/v1/customers`?).
 *
 * Builds a model and snapshot the way bench/cases/server-load.bench.ts does (--rows customers,
 * default 5000), starts the server as its own process with its shared store in a temp folder
 * (embedded PGlite) or at ENGAGETRACK_TEST_DATABASE_URL when that is set, and drives it with
 * autocannon over keep-alive connections at a fixed --rate: GET /v1/customers/<id> over every
 * customer in a shuffled order, and one request in --nudge-every as POST /v1/nudges (cooldown 0:
 * every event a fresh decision and a store write). A --warmup phase comes first, then the measured
 * --minutes.
 *
 * Every 10 s it records the server's RSS (/proc/<pid>/status VmRSS), its heap and external memory
 * from its own /metrics, and the requests answered, errors and p99 of those 10 s. Every minute it
 * also asks the server (through bench/soak/soak-probe.mjs, over the IPC channel) for its memory
 * right after a forced full GC, V8's heap spaces, and PGlite's WebAssembly memory, and reads
 * /proc/<pid>/smaps for the resident split (glibc's main heap, file mappings, other anonymous).
 * With --heap-snapshots (default on) it writes a V8 heap snapshot after the warm-up and one after
 * the last minute (SIGUSR2: the server runs with --heapsnapshot-signal), for bench/soak/heap-diff.ts.
 * Writing a snapshot pauses the server for seconds and costs memory of its own: the samples mark it.
 *
 * Writes the curve to --out (default bench/results/soak-<stamp>.json) and prints one row a minute.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { openSnapshotStore } from "../../core/src/snapshot/index.ts";
import { buildServedModel } from "../../bot/test/fixtures/served-model.ts";

const REPO = join(import.meta.dirname, "../..");
const KEY = "soak-key-0123456789abcdef";
const SAMPLE_MS = 10_000;

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    warmup: { type: "string", default: "60" },
    rate: { type: "string", default: "400" },
    connections: { type: "string", default: "10" },
    rows: { type: "string", default: "5000" },
    "nudge-every": { type: "string", default: "5" },
    "heap-snapshots": { type: "boolean", default: true },
    "no-heap-snapshots": { type: "boolean", default: false },
    "snapshot-dir": { type: "string" },
    "malloc-arena-max": { type: "string" },
    out: { type: "string" },
  },
});
const MINUTES = Number(args.minutes);
const WARMUP_S = Number(args.warmup);
const RATE = Number(args.rate);
const CONNECTIONS = Number(args.connections);
const ROWS = Number(args.rows);
const NUDGE_EVERY = Number(args["nudge-every"]);
const HEAP_SNAPSHOTS = args["heap-snapshots"] && !args["no-heap-snapshots"];
for (const [name, v] of Object.entries({ MINUTES, WARMUP_S, RATE, CONNECTIONS, ROWS, NUDGE_EVERY }))
  if (!(Number.isFinite(v) && v > 0)) throw new Error(`invalid ${name}: ${v}`);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const out = resolve(args.out ?? join(REPO, "bench/results", `soak-${stamp}.json`));

/** Resident memory of the process, from /proc/<pid>/smaps, in MiB. */
interface ResidentSplit {
  /** glibc's main arena (brk heap). */
  brkHeap: number;
  /** Mapped files: node, onnxruntime and other shared libraries, mmapped files. */
  files: number;
  /** Every other anonymous mapping: V8's heap pages, thread arenas, WebAssembly memory, stacks. */
  anonymous: number;
}

interface Probe {
  /** VmRSS right after the forced GC (what is left once the garbage is gone). */
  rssAfterGc: number;
  heapUsedAfterGc: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  oldSpace: number;
  largeObjectSpace: number;
  codeSpace: number;
  /** PGlite's WebAssembly memories, in MiB (they only grow). */
  wasm: number;
  wasmMemories: number[];
  resident: ResidentSplit;
}

interface Sample {
  /** Seconds since the load began (the warm-up's start). */
  t: number;
  phase: "idle" | "warmup" | "soak" | "after";
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  /** Requests answered since the previous sample (about 10 s), per second. */
  rps: number;
  p99Ms: number;
  errors: number;
  /** Once a minute: after a forced full GC, and the resident split. */
  probe?: Probe;
  note?: string;
}

const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

const served = await buildServedModel({ rows: ROWS });
const ids = shuffle(
  (await openSnapshotStore(served.snapshotsDir).latest())!.table.array("customerID") as string[],
);
const databaseUrl = process.env.ENGAGETRACK_TEST_DATABASE_URL;
const store: { engine: string; env: Record<string, string> } = databaseUrl
  ? { engine: "postgresql", env: { DATABASE_URL: databaseUrl } }
  : { engine: "pglite", env: { ENGAGETRACK_STORE_DIR: join(served.dir, "store") } };
const snapshotDir = resolve(args["snapshot-dir"] ?? join(served.dir, "heap"));
mkdirSync(snapshotDir, { recursive: true });

const server = await startServer({
  ENGAGETRACK_MODEL_DIR: served.modelDir,
  ENGAGETRACK_SNAPSHOTS_DIR: served.snapshotsDir,
  ENGAGETRACK_USAGE_LOG: join(served.dir, "usage.log"),
  ENGAGETRACK_API_KEYS: `soak:${KEY}`,
  ENGAGETRACK_API_RATE_LIMIT: "1000000",
  ENGAGETRACK_NUDGE_COOLDOWN_SECONDS: "0",
  ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0",
  LOG_LEVEL: "warn",
  LLM_API_KEY: "",
  ...(args["malloc-arena-max"] && { MALLOC_ARENA_MAX: args["malloc-arena-max"] }),
  ...store.env,
});
process.stderr.write(
  `soak: server pid ${server.child.pid} at ${server.url}, store ${store.engine}, ${ids.length} customers, ` +
    `${RATE} req/s (1 in ${NUDGE_EVERY} a nudge), warm-up ${WARMUP_S} s, soak ${MINUTES} min\n`,
);

const samples: Sample[] = [];
const heapSnapshots: { t: number; file: string; ms: number }[] = [];
const started = performance.now();
const elapsed = () => Math.round((performance.now() - started) / 100) / 10;
let window: number[] = [];
let windowStart = performance.now();
let windowErrors = 0;
let phase: Sample["phase"] = "warmup";
let pending: string | undefined;
let stopping = false;
let printedHeader = false;

const sampler = (async () => {
  let n = 0;
  while (!stopping) {
    await sleepUntil(started + (n + 1) * SAMPLE_MS, () => stopping);
    if (stopping) break;
    n++;
    samples.push(await sample(n % 6 === 0));
    printRow(samples.at(-1)!);
  }
})();

try {
  // The server started and warmed, before any request: the baseline.
  const idle = await sample(true);
  idle.phase = "idle";
  samples.push(idle);
  printRow(idle);
  await load(WARMUP_S);
  if (HEAP_SNAPSHOTS) await heapSnapshot("after warm-up");
  phase = "soak";
  await load(MINUTES * 60);
  phase = "after";
  stopping = true;
  await sampler;
  await sleep(2000);
  const last = await sample(true);
  last.note = [last.note, "load stopped 2 s before"].filter(Boolean).join("; ");
  samples.push(last);
  printRow(last);
  if (HEAP_SNAPSHOTS) await heapSnapshot("end");
} finally {
  stopping = true;
  server.child.kill("SIGTERM");
  await server.exited;
}

const soak = samples.filter((s) => s.phase === "soak");
const probes = samples.filter((s) => s.probe);
const report = {
  machine: {
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
  },
  settings: {
    minutes: MINUTES,
    warmupSeconds: WARMUP_S,
    rate: RATE,
    connections: CONNECTIONS,
    customers: ids.length,
    nudgeEvery: NUDGE_EVERY,
    store: store.engine,
    mallocArenaMax: args["malloc-arena-max"] ?? null,
  },
  summary: {
    soakRps: Math.round(soak.reduce((a, s) => a + s.rps, 0) / Math.max(1, soak.length)),
    errors: samples.reduce((a, s) => a + s.errors, 0),
    rssFirstSoakMiB: soak[0]?.rssMiB,
    rssLastSoakMiB: soak.at(-1)?.rssMiB,
    rssMaxMiB: Math.max(...samples.map((s) => s.rssMiB)),
    rssAfterGcFirstSoakMiB: probes.find((s) => s.phase === "soak")?.probe?.rssAfterGc,
    rssAfterGcLastMiB: probes.at(-1)?.probe?.rssAfterGc,
    heapAfterGcFirstMiB: probes.find((s) => s.phase === "soak")?.probe?.heapUsedAfterGc,
    heapAfterGcLastMiB: probes.at(-1)?.probe?.heapUsedAfterGc,
  },
  heapSnapshots: heapSnapshots.map((h) => ({ ...h, file: relative(REPO, h.file) })),
  samples,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
process.stderr.write(`soak: wrote ${relative(REPO, out)}\n`);
if (HEAP_SNAPSHOTS)
  process.stderr.write(
    `soak: heap snapshots kept in ${snapshotDir}: npx tsx bench/soak/heap-diff.ts ${heapSnapshots.map((h) => h.file).join(" ")}\n`,
  );
// The model, snapshot and store go; the heap snapshots stay (in the temp folder unless --snapshot-dir).
if (!HEAP_SNAPSHOTS || args["snapshot-dir"]) served.remove();

/** One load phase of `seconds` at the fixed rate, customers and nudges interleaved. */
async function load(seconds: number): Promise<void> {
  let i = 0;
  const next = () => ids[i++ % ids.length];
  const auth = { authorization: `Bearer ${KEY}` };
  const customer: autocannon.Request = {
    method: "GET",
    path: "/v1/customers/x",
    headers: auth,
    setupRequest: (req) => ({ ...req, path: `/v1/customers/${next()}` }),
  };
  const nudge: autocannon.Request = {
    method: "POST",
    path: "/v1/nudges",
    headers: { ...auth, "content-type": "application/json" },
    setupRequest: (req) => ({ ...req, body: JSON.stringify({ customerID: next(), event: "login" }) }),
  };
  // Each connection cycles through the list: NUDGE_EVERY - 1 customers, then a nudge.
  const requests = [...Array.from({ length: NUDGE_EVERY - 1 }, () => customer), nudge];
  let finish!: (err: Error | null) => void;
  const done = new Promise<void>((ok, fail) => (finish = (err) => (err ? fail(err) : ok())));
  const instance = autocannon(
    {
      url: server.url,
      connections: CONNECTIONS,
      overallRate: RATE,
      duration: seconds,
      timeout: 30,
      requests,
    },
    (err) => finish(err),
  );
  instance.on("response", (_client, status, _bytes, ms) => {
    window.push(ms);
    if (status < 200 || status >= 300) windowErrors++;
  });
  instance.on("reqError", () => windowErrors++);
  await done;
}

async function sample(probe: boolean): Promise<Sample> {
  const latencies = window.sort((a, b) => a - b);
  const errors = windowErrors;
  const seconds = (performance.now() - windowStart) / 1000;
  window = [];
  windowErrors = 0;
  windowStart = performance.now();
  const s: Sample = {
    t: elapsed(),
    phase,
    rssMiB: rssMiB(server.child.pid!),
    ...(await metricsMemory()),
    rps: Math.round(latencies.length / seconds),
    p99Ms: latencies.length ? Math.round(latencies[Math.floor(latencies.length * 0.99)]! * 10) / 10 : NaN,
    errors,
  };
  if (pending) {
    s.note = pending;
    pending = undefined;
  }
  if (probe) s.probe = await probeServer();
  return s;
}

function rssMiB(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : NaN;
}

function residentSplit(pid: number): ResidentSplit {
  const split = { brkHeap: 0, files: 0, anonymous: 0 };
  let kind: keyof ResidentSplit = "anonymous";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const header = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ (\d+)\s*(.*)$/.exec(line);
    if (header) {
      const [, inode, name] = header;
      kind = name === "[heap]" ? "brkHeap" : inode !== "0" ? "files" : "anonymous";
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) split[kind] += Number(rss[1]) * 1024;
  }
  return { brkHeap: mib(split.brkHeap), files: mib(split.files), anonymous: mib(split.anonymous) };
}

async function metricsMemory(): Promise<Pick<Sample, "heapUsedMiB" | "heapTotalMiB" | "externalMiB">> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const read = (name: string) => {
    const m = new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text);
    return m ? mib(Number(m[1])) : NaN;
  };
  return {
    heapUsedMiB: read("nodejs_heap_size_used_bytes"),
    heapTotalMiB: read("nodejs_heap_size_total_bytes"),
    externalMiB: read("nodejs_external_memory_bytes"),
  };
}

/** The server's memory right after a full GC (bench/soak/soak-probe.mjs answers on the IPC channel). */
function probeServer(): Promise<Probe> {
  const child = server.child;
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not answer the memory probe")), 30_000);
    const onMessage = (m: {
      soak?: string;
      memory: NodeJS.MemoryUsage;
      spaces: Record<string, number>;
      wasmSizes: number[];
    }) => {
      if (m?.soak !== "probe") return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolvePromise({
        heapUsedAfterGc: mib(m.memory.heapUsed),
        heapTotal: mib(m.memory.heapTotal),
        external: mib(m.memory.external),
        arrayBuffers: mib(m.memory.arrayBuffers),
        oldSpace: mib(m.spaces.old_space ?? 0),
        largeObjectSpace: mib(m.spaces.large_object_space ?? 0),
        codeSpace: mib(m.spaces.code_space ?? 0),
        wasm: mib(m.wasmSizes.reduce((a, b) => a + b, 0)),
        wasmMemories: m.wasmSizes.map(mib),
        rssAfterGc: rssMiB(child.pid!),
        resident: residentSplit(child.pid!),
      });
    };
    child.on("message", onMessage);
    child.send({ soak: "probe" });
  });
}

/** Sends SIGUSR2 and waits for the .heapsnapshot file to be complete. */
async function heapSnapshot(label: string): Promise<void> {
  const before = new Set(readdirSync(snapshotDir));
  const t0 = performance.now();
  server.child.kill("SIGUSR2");
  let file: string | undefined;
  let size = -1;
  for (;;) {
    await sleep(500);
    file ??= readdirSync(snapshotDir).find((f) => f.endsWith(".heapsnapshot") && !before.has(f));
    if (!file) continue;
    // Complete: it stopped growing, ends the JSON document, and the server answers again.
    const now = statSync(join(snapshotDir, file)).size;
    if (now > 0 && now === size && endsDocument(join(snapshotDir, file), now) && (await answers())) break;
    size = now;
  }
  const ms = Math.round(performance.now() - t0);
  heapSnapshots.push({ t: elapsed(), file: join(snapshotDir, file), ms });
  pending = `heap snapshot (${label}, ${ms} ms)`;
  process.stderr.write(`soak: heap snapshot ${label}: ${file} (${mib(size)} MiB, ${ms} ms)\n`);
}

function endsDocument(file: string, size: number): boolean {
  const fd = openSync(file, "r");
  try {
    const tail = Buffer.alloc(2);
    readSync(fd, tail, 0, 2, size - 2);
    return tail.toString() === "]}";
  } finally {
    closeSync(fd);
  }
}

async function answers(): Promise<boolean> {
  try {
    return (await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) })).status < 500;
  } catch {
    return false;
  }
}

function printRow(s: Sample): void {
  if (!s.probe) return;
  if (!printedHeader) {
    printedHeader = true;
    process.stderr.write(
      "   t s  phase   RSS MiB  heap MiB  | after GC: RSS  heap  heap total  wasm  other anon  brk heap  files |  req/s  p99 ms  errors\n",
    );
  }
  const p = s.probe;
  const cell = (v: number | undefined, w: number) => String(v ?? "").padStart(w);
  // Anonymous memory that is neither V8's heap nor PGlite's: malloc arenas, onnxruntime, stacks.
  const other = p && Math.round((p.resident.anonymous - p.heapTotal - p.wasm) * 10) / 10;
  process.stderr.write(
    `${cell(Math.round(s.t), 6)}  ${s.phase.padEnd(6)} ${cell(s.rssMiB, 8)} ${cell(s.heapUsedMiB, 9)}  ` +
      `${cell(p?.rssAfterGc, 15)} ${cell(p?.heapUsedAfterGc, 5)} ${cell(p?.heapTotal, 11)} ${cell(p?.wasm, 5)} ` +
      `${cell(other, 11)} ${cell(p?.resident.brkHeap, 9)} ${cell(p?.resident.files, 6)}  ` +
      `${cell(s.rps, 6)} ${cell(s.p99Ms, 7)} ${cell(s.errors, 7)}${s.note ? `  ${s.note}` : ""}\n`,
  );
}

interface SoakServer {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/**
 * `engagetrack serve` as bot/test/fixtures/serve-process.ts starts it, plus --expose-gc, the
 * memory probe, an IPC channel for it, and SIGUSR2 heap snapshots into the snapshot folder.
 */
async function startServer(env: Record<string, string>): Promise<SoakServer> {
  const child = spawn(
    process.execPath,
    [
      "--expose-gc",
      "--heapsnapshot-signal=SIGUSR2",
      `--diagnostic-dir=${snapshotDir}`,
      "--import",
      join(REPO, "bench/soak/soak-probe.mjs"),
      "--import",
      "tsx",
      join(REPO, "cli/main.ts"),
      "serve",
    ],
    {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: "1", PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );
  let err = "";
  child.stdout!.resume();
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
    if (err.length > 1 << 16) err = err.slice(-(1 << 15));
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  // Never leave the server behind (the probe also stops it when this process's channel closes).
  process.once("exit", () => child.kill("SIGTERM"));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 120_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        child.stderr!.off("data", check);
        resolveUrl(m[1]);
      }
    };
    child.stderr!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening:\n${err}`));
    });
  });
  void exited.then((code) => {
    if (!stopping)
      process.stderr.write(`soak: the server exited with ${code} during the soak:\n${err.slice(-4000)}\n`);
  });
  return { child, url, exited };
}

/** A seeded Fisher–Yates shuffle, so every run asks for the customers in the same order. */
function shuffle<T>(xs: T[]): T[] {
  let seed = 19;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function sleepUntil(at: number, stop: () => boolean): Promise<void> {
  while (!stop() && performance.now() < at) await sleep(Math.min(250, at - performance.now()));
}
