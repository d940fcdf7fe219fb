/**
 * The tree-growing worker thread (started through grow-worker-entry.mjs): runs the tasks of each
 * session it is sent (see grow-pool.ts), then waits for the next.
 */
import { parentPort } from "node:worker_threads";
import { workSession, type GrowSessionMessage } from "./grow-pool.ts";

const port = parentPort;
if (port === null) throw new Error("grow-worker.ts must run in a worker thread");
port.on("message", (msg: GrowSessionMessage) => {
  if (msg.type === "session") workSession(msg);
});
