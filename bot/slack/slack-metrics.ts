import { Counter, type Registry } from "prom-client";

/** How an interaction ended: answered, refused by the allow-lists, a repeated delivery, or failed. */
export type InteractionOutcome = "answered" | "refused" | "deduped" | "failed";

/** What started it. */
export type InteractionKind = "command" | "mention" | "dm" | "button" | "home";

export interface SlackMetrics {
  /** 429s waited out and retried, by Web API method (`engagetrack_slack_retries_total`). */
  readonly retries: Counter<"method" | "reason">;
  readonly interactions: Counter<"kind" | "outcome">;
}

/**
 * The Slack app's counters, on the server's registry (reused when already registered, so a second
 * app on the same services does not throw).
 *
 * @example
 * const metrics = createSlackMetrics(services.metrics.registry);
 * metrics.interactions.inc({ kind: "command", outcome: "answered" });
 */
export function createSlackMetrics(registry: Registry): SlackMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] });
  return {
    retries: counter(
      "engagetrack_slack_retries_total",
      "Slack Web API calls answered 429 and retried after Retry-After, by method.",
      ["method", "reason"],
    ),
    interactions: counter(
      "engagetrack_slack_interactions_total",
      "Slack interactions by kind (command, mention, dm, button, home) and outcome (answered, refused, deduped, failed).",
      ["kind", "outcome"],
    ),
  };
}
