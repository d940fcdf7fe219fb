/**
 * `engagetrack serve`: the one HTTP server (bot/server.ts) — the nudge API, customer insights,
 * signed chart links, health, readiness and metrics; chat adapters mount on it. Configured from the
 * environment only (PORT, HOST, ENGAGETRACK_API_KEYS, …; see the README). Runs until SIGTERM or
 * SIGINT, drains in-flight requests, exits 0. Bad settings: all listed, exit 2.
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  program
    .command("serve")
    .description(
      "Start the HTTP server: nudge API, customer insights, signed chart links, /healthz, /readyz, /metrics.",
    )
    .action(lazy(() => import("../actions/serve.ts")));
}
