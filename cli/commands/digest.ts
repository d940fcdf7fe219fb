/**
 * `engagetrack digest --once [--slot <ISO time>] [--schedule <name>] [--json]`: one digest run — the
 * latest due slot of each schedule in the digests file (or the given slot), claimed, sent and
 * recorded in the ledger (in the shared store) once per destination; what a Kubernetes CronJob
 * runs. Exit 1 when a destination failed (recorded, retried by the next run); exit 2 when the store
 * cannot be used (the embedded one held by a running `serve`, an unreachable DATABASE_URL).
 *
 * `engagetrack digest --dry-run [--schedule <name>] [--slot <ISO time>] [--json]`: the digest of the
 * newest snapshot as Markdown (or the report as JSON), compared with what the schedule's first
 * destination received last; nothing is sent or recorded.
 *
 * Configured by the environment (see the README): ENGAGETRACK_DIGESTS, DATABASE_URL (or
 * ENGAGETRACK_STORE_DIR), ENGAGETRACK_DIGEST_OUTBOX, SLACK_BOT_TOKEN, ENGAGETRACK_PUBLIC_URL,
 * ENGAGETRACK_MODEL_DIR, ENGAGETRACK_SNAPSHOTS_DIR; upgrades: ENGAGETRACK_DIGEST_LEDGER (an older
 * version's ledger folder, imported by `--once` before its first claim).
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function register(program: Command, lazy: LazyAction): void {
  program
    .command("digest")
    .description("Scheduled churn digests: send the due ones once (--once), or preview one (--dry-run).")
    .option("--once", "run the due slot of each schedule once (what a CronJob runs), then exit")
    .option("--dry-run", "print the digest as Markdown; send and record nothing")
    .option(
      "--slot <time>",
      "this slot (ISO 8601, a fire time of the schedule) instead of the latest due one",
    )
    .option("--schedule <name>", "only this schedule")
    .option("--json", "machine-readable output: the outcomes (--once) or the report (--dry-run)")
    .addHelpText(
      "after",
      "\nSchedules and destinations: data/digests.json (ENGAGETRACK_DIGESTS). Ledger: the shared store\n(DATABASE_URL, else data/store: ENGAGETRACK_STORE_DIR). Outbox: data/outbox (ENGAGETRACK_DIGEST_OUTBOX).\nSlack: SLACK_BOT_TOKEN.",
    )
    .action(lazy(() => import("../actions/digest.ts")));
}
