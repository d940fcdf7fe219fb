/** Runs tasks at most `concurrency` at a time, in arrival order. */
export interface WorkQueue {
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

/**
 * A small FIFO work queue for answers. Answering a question holds the event loop for tens of
 * milliseconds at a time (an Arquero query over a million customers, TreeSHAP, a PNG); a burst of
 * a hundred slash commands answered all at once would interleave that work with the requests still
 * arriving, and their acknowledgements would wait behind it past Slack's 3 s. With a few answers
 * at a time, and a turn of the event loop before each one starts, new requests are read and
 * acknowledged between answers.
 *
 * @example
 * const queue = createWorkQueue(2);
 * const reply = await queue.run(() => services.ask(text, asker));
 */
export function createWorkQueue(concurrency: number): WorkQueue {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error(`invalid concurrency: ${concurrency}`);
  let running = 0;
  const queued: Array<() => void> = [];
  const next = () => {
    if (running >= concurrency) return;
    const start = queued.shift();
    if (!start) return;
    running++;
    // A turn of the event loop first: pending I/O (new requests, their acknowledgements) goes ahead.
    setImmediate(start);
  };
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queued.push(() => {
          task()
            .then(resolve, reject)
            .finally(() => {
              running--;
              next();
            });
        });
        next();
      });
    },
    get waiting() {
      return queued.length;
    },
  };
}
