/**
 * `engagetrack start` (what `npm start` runs): everything the product does, on embedded defaults,
 * with no credentials — the main job (simulate or read customers, validate, train, score, explain,
 * publish a snapshot), questions answered in the terminal with their charts written as PNGs (on
 * the simulator, one of them over a demo owner's accounts),
 * the notebooks site built, then the one server: the API, chart links, the notebooks at
 * /notebooks/, Slack/Teams when configured, and the digest scheduler, whose catch-up run writes the
 * first digest (Markdown + chart PNG) to the local outbox. On an interactive terminal a chat prompt
 * opens beside the server (its log goes to logs/server.log); Ctrl-C stops everything.
 *
 * Each step before the server is its own `engagetrack` process, exactly the command a person would
 * type, so `npm start` shows the commands it ran. `--no-serve` stops after the digest (scripts,
 * CI), `--no-notebooks` skips the site build (about 20 s).
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  program
    .command("start")
    .description(
      "Everything on embedded defaults: the main job, questions in the terminal, notebooks, digests to the outbox, and the server.",
    )
    .option("--no-serve", "stop after the main job, the questions, the notebooks and the digest")
    .option("--no-notebooks", "do not build the notebooks site")
    .option("--no-chat", "no chat prompt beside the server, even on a terminal")
    .action(lazy(() => import("../actions/start.ts")));
}
