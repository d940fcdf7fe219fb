// The vitest setup file (vitest.config.ts `setupFiles`): every test file runs with
//
// 1. No outbound network. A socket may connect only to 127.0.0.1, localhost, ::1 or a unix socket
//    (the fake Slack, Teams and LLM servers, PostgreSQL, the test servers, Chromium's devtools).
//    Anything else fails at once (the socket errors with ENETUNREACH) AND fails the test, so code
//    that swallows the error (an LLM client falling back to the rule engine) cannot hide it. This
//    guards net.Socket#connect, under http, https, fetch (undici), pg and tls alike; nock, which two
//    nudge tests use, answers before any socket is made.
// 2. No unexpected warnings. console.warn, console.error and process warnings (process.emitWarning:
//    deprecations, MaxListenersExceeded, …) fail the test that printed them, unless the test said
//    it expects them with expectWarning() (./warnings.ts), or they are on the allow-list below.
//    Output outside any test (collection, beforeAll/afterAll) fails the file at its end.
//
// Child processes (the real-process CLI smoke tests, serve) do not load this file.
import net from "node:net";
import { format } from "node:util";
import { afterAll, afterEach } from "vitest";
import { guardState, takeProblems, type GuardState } from "./warnings.ts";

/**
 * Known, intended output that is not a defect. Keep each entry commented with why it is fine.
 */
const ALLOWED: RegExp[] = [
  // The notebooks browser tests say why they skip when Chromium is missing (notebooks/test/site*.ts).
  /^notebooks browser tests skipped: /,
];

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|0:0:0:0:0:0:0:1|::ffff:127(?:\.\d{1,3}){3})$/i;

const state: GuardState = guardState();

function record(kind: string, message: string): void {
  if (ALLOWED.some((re) => re.test(message))) return;
  const i = state.expected.findIndex((e) => e.pattern.test(message));
  if (i >= 0) {
    state.expected[i].seen++;
    return;
  }
  state.unexpected.push(`${kind}: ${message.split("\n").slice(0, 6).join("\n")}`);
}

// --- warnings ---------------------------------------------------------------------------------
for (const method of ["warn", "error"] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    record(`console.${method}`, format(...args));
    original(...args);
  };
}
process.on("warning", (w: Error) => record("process warning", `${w.name}: ${w.message}`));

// --- network ----------------------------------------------------------------------------------
/** Where a Socket#connect call goes: a unix path, or a host and port. */
function destination(args: unknown[]): { path?: string; host?: string; port?: unknown } {
  // net.connect() passes its already-normalised [options, callback] array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === "object") {
    const o = first as { path?: string; host?: string; port?: unknown };
    return o.path ? { path: o.path } : { host: o.host ?? "localhost", port: o.port };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof args[1] === "string" ? args[1] : "localhost", port: first };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const to = destination(args);
  if (to.path === undefined && !LOOPBACK.test(String(to.host).replace(/^\[|\]$/g, ""))) {
    const message = `outbound network is blocked in tests: connect to ${to.host}:${String(to.port)} (only 127.0.0.1, localhost, ::1 and unix sockets are allowed)`;
    state.blocked.push(message);
    const error = Object.assign(new Error(message), { code: "ENETUNREACH" });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

// --- the checks ---------------------------------------------------------------------------------
afterEach(() => {
  const found = takeProblems();
  if (found) throw new Error(found);
});

afterAll(() => {
  const found = takeProblems();
  if (found) throw new Error(`outside any test: ${found}`);
});
