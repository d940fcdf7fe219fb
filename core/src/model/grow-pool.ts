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
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { runBinTask, runRowsTask, type BinState, type RowsState } from "./bin-tasks.ts";
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
  /** States sent so far on the session's port (the tasks of a phase read the last one). */
  states: 8,
  size: 9,
} as const;

/** What the tasks of a phase read and write: a tree grower's state, the binning's, or the sparse rows'. */
export type TaskState = GrowState | BinState | RowsState;

/** Most tasks a phase may have (the task index has 16 bits). */
export const MAX_PHASE_TASKS = 0xffff;

/**
 * Main thread → worker: start working on a session. Each state the session's phases use comes on
 * `port`, sent before the phase opens and numbered in `ctl[CTL.states]`; a worker busy in the
 * session (never returning to its event loop) takes it with receiveMessageOnPort.
 */
export interface GrowSessionMessage {
  readonly type: "session";
  readonly ctl: Int32Array;
  readonly port: MessagePort;
}

/** A worker's view of the session's states. */
interface StateInbox {
  state: TaskState | undefined;
  received: number;
  readonly port: MessagePort | undefined;
}

/** The state of the current phase: the last one sent on the port (the calling thread's inbox is always current). */
function currentState(inbox: StateInbox, ctl: Int32Array): TaskState {
  const sent = Atomics.load(ctl, CTL.states);
  for (let misses = 0; inbox.received < sent;) {
    // Posted before the phase opened, so already queued on the port.
    const m = receiveMessageOnPort(inbox.port!);
    if (m === undefined) {
      if (++misses > 1e7) throw new Error("a tree-growing worker lost its session's state");
      continue;
    }
    inbox.state = m.message as TaskState;
    inbox.received++;
  }
  return inbox.state!;
}

function runTask(state: TaskState, scratch: ReturnType<typeof growScratch>, t: number): void {
  if (!("kind" in state)) runGrowTask(state, scratch, t);
  else if (state.kind === "bin") runBinTask(state, t);
  else runRowsTask(state, t);
}

/**
 * Claims and runs tasks of the current phase until none is left. The claim is a compare-and-swap
 * on the generation-tagged counter, so it only succeeds while the phase it read the task count
 * of is still the current one. A worker counts its task in `byWorkers` before it counts it done.
 */
function runClaimedTasks(
  inbox: StateInbox,
  ctl: Int32Array,
  scratch: ReturnType<typeof growScratch>,
  isWorker: boolean,
): void {
  for (;;) {
    const v = Atomics.load(ctl, CTL.next);
    const generation = v >>> 16;
    const index = v & 0xffff;
    const n = Atomics.load(ctl, generation & 1 ? CTL.tasks1 : CTL.tasks0);
    if (index >= n) return;
    if (Atomics.compareExchange(ctl, CTL.next, v, v + 1) !== v) continue;
    try {
      runTask(currentState(inbox, ctl), scratch, index);
    } catch {
      Atomics.store(ctl, CTL.error, 1);
    }
    if (isWorker) Atomics.add(ctl, CTL.byWorkers, 1);
    if (Atomics.add(ctl, CTL.completed, 1) + 1 === n) Atomics.notify(ctl, CTL.completed);
  }
}

/**
 * Loads of `ctl[slot]` to try (some microseconds) before sleeping in Atomics.wait: the calling
 * thread's work between two phases is often that short, and waking a sleeping thread costs tens
 * of microseconds. Short, because a spinning thread takes the CPU from a descheduled one on a
 * loaded machine (4096 cost ~15% more CPU there than 0 or 512; session 8 in bench/results/issue-22.md).
 */
const SPIN = 512;
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
  const { ctl, port } = msg;
  const inbox: StateInbox = { state: undefined, received: 0, port };
  const scratch = growScratch(0);
  try {
    for (;;) {
      const seen = Atomics.load(ctl, CTL.wake);
      runClaimedTasks(inbox, ctl, scratch, true);
      if (Atomics.load(ctl, CTL.stop) === 1) return;
      if (!spinUntilChanged(ctl, CTL.wake, seen)) Atomics.wait(ctl, CTL.wake, seen);
    }
  } finally {
    port.close();
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
  /** Runs the `nTasks` tasks of a phase over `state` (a tree grower's or the binning's) on every thread. */
  run(state: TaskState, nTasks: number): void;
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
  const ports: MessagePort[] = [];
  for (const w of workers.slice(0, threads - 1)) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    w.postMessage({ type: "session", ctl, port: port2 } satisfies GrowSessionMessage, [port2]);
  }
  const inbox: StateInbox = { state: undefined, received: 0, port: undefined };
  let generation = 0;
  return {
    threads,
    run(state, nTasks) {
      if (nTasks > MAX_PHASE_TASKS)
        throw new Error(`${nTasks} tasks in one phase (at most ${MAX_PHASE_TASKS})`);
      if (state !== inbox.state) {
        for (const port of ports) port.postMessage(state);
        inbox.state = state;
        inbox.received = Atomics.add(ctl, CTL.states, 1) + 1;
      }
      generation = (generation + 1) & 0x7fff;
      Atomics.store(ctl, generation & 1 ? CTL.tasks1 : CTL.tasks0, nTasks);
      Atomics.store(ctl, CTL.completed, 0);
      Atomics.store(ctl, CTL.next, generation << 16);
      Atomics.add(ctl, CTL.wake, 1);
      Atomics.notify(ctl, CTL.wake);
      if (callerRuns) runClaimedTasks(inbox, ctl, scratch, false);
      const waitStart = performance.now();
      // A worker that died mid-task would leave it unfinished: give up after a minute without progress.
      for (let last = -1, idle = 0, spun = false; ;) {
        const done = Atomics.load(ctl, CTL.completed);
        if (done >= nTasks) break;
        if (!spun) {
          spun = true;
          if (spinUntilChanged(ctl, CTL.completed, done)) continue;
        }
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
      for (const port of ports) port.close();
    },
  };
}
