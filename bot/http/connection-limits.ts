import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Logger } from "../../core/src/log/index.ts";
import type { ConnectionLimits } from "../server-config.ts";

/** How often a refused connection is logged at most (one line with the count since the last). */
const DROP_LOG_INTERVAL_MS = 60_000;

/**
 * Bounds what a client can hold open on `server`:
 * - a connection must deliver a complete request header within `idleTimeoutMs` of connecting, and
 *   again of its previous answer (but never sooner than the keep-alive timeout the server
 *   promised its clients), or it is closed. Node's own `headersTimeout` is not enough: a socket
 *   that never sends a byte is never checked by it, and a client that trickles header bytes
 *   after a keep-alive answer resets the socket's inactivity timer forever (slowloris). A
 *   connection with a request being answered is left alone (`requestTimeout` and the handlers
 *   bound that);
 * - at most `max` connections are open (`server.maxConnections`): more are closed at once, and
 *   logged (code `connection-cap`) at most once a minute.
 *
 * @example
 * const server = createServer({ keepAliveTimeout: 5_000 }, handler);
 * limitConnections(server, { idleTimeoutMs: 15_000, max: 1_000 }, logger);
 */
export function limitConnections(server: Server, limits: ConnectionLimits, logger: Logger): void {
  server.maxConnections = limits.max;
  // After an answer, the client was told `Keep-Alive: timeout=<keepAliveTimeout>`: closing sooner
  // would race its next request on the reused socket.
  const afterAnswerMs = Math.max(limits.idleTimeoutMs, server.keepAliveTimeout + 1_000);
  const state = new WeakMap<Socket, { timer?: NodeJS.Timeout; answering: number }>();

  const arm = (socket: Socket, ms: number) => {
    const s = state.get(socket);
    if (!s) return;
    clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      if (s.answering === 0) socket.destroy();
    }, ms);
    s.timer.unref();
  };

  server.on("connection", (socket: Socket) => {
    state.set(socket, { answering: 0 });
    arm(socket, limits.idleTimeoutMs);
    socket.once("close", () => clearTimeout(state.get(socket)?.timer));
  });

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    const s = state.get(socket);
    if (!s) return;
    s.answering++;
    clearTimeout(s.timer);
    let done = false;
    const answered = () => {
      if (done) return;
      done = true;
      s.answering--;
      if (s.answering === 0 && !socket.destroyed) arm(socket, afterAnswerMs);
    };
    res.once("finish", answered);
    res.once("close", answered);
  });

  let dropped = 0;
  let loggedAt = -Infinity;
  server.on("drop", () => {
    dropped++;
    const now = performance.now();
    if (now - loggedAt < DROP_LOG_INTERVAL_MS) return;
    loggedAt = now;
    logger.warn(
      { code: "connection-cap", max: limits.max, refused: dropped },
      "connection refused: ENGAGETRACK_MAX_CONNECTIONS connections are open",
    );
    dropped = 0;
  });
}
