/**
 * Worker threads for tree growing. `trainBooster` is synchronous, so the calling thread blocks
 * (Atomics.wait) while a phase's tasks run, and takes tasks itself. Tasks are claimed from one
 * shared counter that also carries the phase's generation, so a thread that wakes late can never
 * claim a task of a later phase by mistake; which thread runs a task does not change its result
 * (grow-tasks.ts), so the trees are the same for any number of threads.
 *
 * Workers are started once per process (unref'd: they never keep it alive) and reused by later
 * trainings; each training is a session with its own shared state.
 */
import { Worker } from "node:worker_threads";
import { growScratch, runGrowTask, type GrowState } from "./grow-tasks.ts";
import type { GrowRunner } from "./tree-grower.ts";

/** Int32 slots of a session's control array. */
export const CTL = {
  /** (generation << 16) | next task index. */
  next: 0,
  /** Bumped (and notified) when a phase starts or the session stops. */
  wake: 1,
  /** Tasks of the current phase finished. */
  completed: 2,
  /** Task count of generations with even / odd numbers. */
  tasks0: 3,
  tasks1: 4,
  stop: 5,
  /** 1 when a task threw in a worker. */
  error: 6,
  /** Tasks run by worker threads in this session. */
  byWorkers: 7,
  size: 8,
} as const;

/** Most tasks a phase may have (the task index has 16 bits). */
export const MAX_PHASE_TASKS = 0xffff;

/** Main thread → worker: start working on a session's state. */
export interface GrowSessionMessage {
  readonly type: "session";
  readonly state: GrowState;
  readonly ctl: Int32Array;
}

/**
 * Claims and runs tasks of the current phase until none is left; returns how many it ran. The
 * claim is a compare-and-swap on the generation-tagged counter, so it only succeeds while the
 * phase it read the task count of is still the current one.
 */
export function runClaimedTasks(
  state: GrowState,
  ctl: Int32Array,
  scratch: ReturnType<typeof growScratch>,
): number {
  let ran = 0;
  for (;;) {
    const v = Atomics.load(ctl, CTL.next);
    const generation = v >>> 16;
    const index = v & 0xffff;
    const n = Atomics.load(ctl, generation & 1 ? CTL.tasks1 : CTL.tasks0);
    if (index >= n) return ran;
    if (Atomics.compareExchange(ctl, CTL.next, v, v + 1) !== v) continue;
    try {
      runGrowTask(state, scratch, index);
    } catch {
      Atomics.store(ctl, CTL.error, 1);
    }
    ran++;
    if (Atomics.add(ctl, CTL.completed, 1) + 1 === n) Atomics.notify(ctl, CTL.completed);
  }
}

/**
 * Loads of `ctl[slot]` to try (a few tens of microseconds) before sleeping in Atomics.wait: the
 * caller's work between two phases is that short, and a sleeping thread takes a scheduler tick
 * to wake, far longer than the phase's tasks on a small level.
 */
const SPIN = 4096;
/** A hint to the CPU inside a spin loop (Atomics.pause, when this Node has it). */
const pause: () => void = (Atomics as unknown as { pause?: () => void }).pause?.bind(Atomics) ?? (() => {});

/** Spins until `ctl[slot]` is no longer `seen`, then sleeps; returns whether it changed while spinning. */
function spinUntilChanged(ctl: Int32Array, slot: number, seen: number): boolean {
  for (let i = 0; i < SPIN; i++) {
    if (Atomics.load(ctl, slot) !== seen) return true;
    pause();
  }
  return false;
}

/** The worker side of a session: run tasks as phases start, until the session stops. */
export function workSession(msg: GrowSessionMessage): void {
  const { state, ctl } = msg;
  const scratch = growScratch(0);
  for (;;) {
    const seen = Atomics.load(ctl, CTL.wake);
    const ran = runClaimedTasks(state, ctl, scratch);
    if (ran > 0) Atomics.add(ctl, CTL.byWorkers, ran);
    if (Atomics.load(ctl, CTL.stop) === 1) return;
    if (!spinUntilChanged(ctl, CTL.wake, seen)) Atomics.wait(ctl, CTL.wake, seen);
  }
}

let workers: Worker[] = [];

function spawnGrowWorker(): Worker {
  const worker = new Worker(new URL("./grow-worker-entry.mjs", import.meta.url), { execArgv: [] });
  worker.unref();
  // A worker that fails to start leaves its share of tasks to the others.
  worker.on("error", () => {
    workers = workers.filter((w) => w !== worker);
  });
  return worker;
}

/** A runner whose tasks go to worker threads; `end()` when the training is done. */
let callerWaitMs = 0;

/**
 * Seconds the calling threads of every pool in this process spent waiting at phase barriers for
 * workers to finish (after running out of tasks to claim): what a descheduled worker costs.
 */
export function growPoolWaitSeconds(): number {
  return callerWaitMs / 1000;
}

export interface GrowPoolRunner extends GrowRunner {
  /** Hands the state to the workers (done by the first `run`). */
  start(state: GrowState): void;
  end(): void;
  /** Tasks the worker threads ran so far. */
  tasksRunByWorkers(): number;
}

/**
 * A runner over `threads` threads (the calling one and threads − 1 workers) for one training, or
 * undefined when workers cannot be started. With `callerRuns: false` the calling thread only
 * waits, so every task runs on a worker (tests use it).
 */
export function growPoolRunner(
  threads: number,
  options: { callerRuns?: boolean } = {},
): GrowPoolRunner | undefined {
  if (!(Number.isInteger(threads) && threads >= 2))
    throw new Error(`invalid worker pool threads: ${threads}`);
  const callerRuns = options.callerRuns ?? true;
  try {
    while (workers.length < threads - 1) workers.push(spawnGrowWorker());
  } catch {
    return undefined;
  }
  const ctl = new Int32Array(new SharedArrayBuffer(4 * CTL.size));
  const scratch = growScratch(0);
  let generation = 0;
  let started = false;
  return {
    threads,
    start(state) {
      if (started) return;
      started = true;
      for (const w of workers.slice(0, threads - 1))
        w.postMessage({ type: "session", state, ctl } satisfies GrowSessionMessage);
    },
    run(state, nTasks) {
      if (nTasks > MAX_PHASE_TASKS)
        throw new Error(`${nTasks} tasks in one phase (at most ${MAX_PHASE_TASKS})`);
      this.start(state);
      generation = (generation + 1) & 0x7fff;
      Atomics.store(ctl, generation & 1 ? CTL.tasks1 : CTL.tasks0, nTasks);
      Atomics.store(ctl, CTL.completed, 0);
      Atomics.store(ctl, CTL.next, generation << 16);
      Atomics.add(ctl, CTL.wake, 1);
      Atomics.notify(ctl, CTL.wake);
      if (callerRuns) runClaimedTasks(state, ctl, scratch);
      const waitStart = performance.now();
      // A worker that died mid-task would leave it unfinished: give up after a minute without progress.
      for (let last = -1, idle = 0; ;) {
        const done = Atomics.load(ctl, CTL.completed);
        if (done >= nTasks) break;
        if (last === -1 && spinUntilChanged(ctl, CTL.completed, done)) continue;
        idle = done === last ? idle + 1 : 0;
        last = done;
        if (idle > 60) throw new Error("a tree-growing worker thread stopped responding");
        Atomics.wait(ctl, CTL.completed, done, 1000);
      }
      callerWaitMs += performance.now() - waitStart;
      if (Atomics.load(ctl, CTL.error) === 1)
        throw new Error("a tree-growing task failed in a worker thread");
    },
    tasksRunByWorkers() {
      return Atomics.load(ctl, CTL.byWorkers);
    },
    end() {
      Atomics.store(ctl, CTL.stop, 1);
      Atomics.add(ctl, CTL.wake, 1);
      Atomics.notify(ctl, CTL.wake);
    },
  };
}
