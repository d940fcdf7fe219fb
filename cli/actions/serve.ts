/**
 * `engagetrack serve`: the one HTTP server (bot/server.ts) — the nudge API, customer insights,
 * signed chart links, health, readiness and metrics; chat adapters mount on it. Configured from the
 * environment only (PORT, HOST, ENGAGETRACK_API_KEYS, …; see the README). Runs until SIGTERM or
 * SIGINT, drains in-flight requests, exits 0. Bad settings: all listed, exit 2.
 */
import type { CliIo } from "../cli-io.ts";
import { StoreError } from "../../core/src/store/index.ts";
import { CliError } from "../cli-error.ts";

export async function action(io: CliIo): Promise<number | void> {
  // Loaded on demand: the other commands need none of the server's modules.
  const { serve, ServerConfigError } = await import("../../bot/server.ts");
  try {
    await serve(io.env);
  } catch (err) {
    if (err instanceof ServerConfigError) throw new CliError(err.code, err.message, { cause: err });
    if (err instanceof StoreError) throw new CliError(err.code, err.message, { cause: err });
    throw err;
  }
}
