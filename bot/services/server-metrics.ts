import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { LogHealth } from "../../core/src/log/index.ts";
import type { ServingStatus } from "./serving-state.ts";

type HttpLabels = "route" | "method" | "status";

/**
 * The server's Prometheus metrics, in one registry shared by every listener. Adapters add their
 * own to `registry` (e.g. `engagetrack_slack_retries_total`).
 */
export interface ServerMetrics {
  readonly registry: Registry;
  readonly requests: Counter<HttpLabels>;
  readonly latency: Histogram<HttpLabels>;
  readonly inFlight: Gauge;
  /** Nudges the rule engine answered although the LLM was asked, by reason code. */
  readonly llmFallbacks: Counter<"reason">;
  readonly rateLimited: Counter<"key">;
  readonly chartRenders: Counter<"outcome">;
  readonly snapshotReloads: Counter<"outcome">;
  /** The exposition text and its content type. */
  text(): Promise<{ contentType: string; body: string }>;
}

export interface ServerMetricsOptions {
  /** The serving state's status, read at each scrape (snapshot age and rows, readiness). */
  status: () => ServingStatus | undefined;
  /** The usage log's health, read at each scrape (lines lost, whether it can be written). */
  usageLog?: () => LogHealth;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** Process metrics (CPU, memory, event-loop lag, GC); default true. */
  processMetrics?: boolean;
}

/**
 * Sampling interval of the event-loop delay histogram (ms). `nodejs_eventloop_lag_*` values include
 * it: an idle loop reads about this much; the lag is the excess.
 */
export const EVENT_LOOP_RESOLUTION_MS = 10;

/** Latency buckets (seconds): fine below 100 ms, where the API's target is. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Creates the registry: request counts and latency histograms by route and status, LLM fallbacks,
 * rate-limit refusals, chart renders, snapshot reloads, age and rows, readiness, the usage log's
 * health and lost lines, and Node's process metrics (including `nodejs_eventloop_lag_*`, reset at
 * each scrape).
 *
 * @example
 * const metrics = createServerMetrics({ status: () => serving.status(), clock: Date.now });
 * const { contentType, body } = await metrics.text();
 */
export function createServerMetrics(options: ServerMetricsOptions): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics ?? true)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_RESOLUTION_MS });
  const status = options.status;
  new Gauge({
    name: "engagetrack_ready",
    help: "1 when a model and snapshot are loaded and requests can be answered.",
    registers,
    collect() {
      this.set(status()?.ready ? 1 : 0);
    },
  });
  new Gauge({
    name: "engagetrack_snapshot_age_seconds",
    help: "Age of the serving snapshot (now minus its createdAt).",
    registers,
    collect() {
      const manifest = status()?.snapshot;
      if (manifest) this.set((options.clock() - Date.parse(manifest.createdAt)) / 1000);
      else this.reset();
    },
  });
  new Gauge({
    name: "engagetrack_snapshot_rows",
    help: "Customers in the serving snapshot.",
    registers,
    collect() {
      const manifest = status()?.snapshot;
      if (manifest) this.set(manifest.rows);
      else this.reset();
    },
  });
  const usageLog = options.usageLog;
  if (usageLog) {
    new Gauge({
      name: "engagetrack_usage_log_healthy",
      help: "1 while the usage (audit) log can be written; 0 from a failed write (disk full) until a line is written again.",
      registers,
      collect() {
        this.set(usageLog().healthy ? 1 : 0);
      },
    });
    new Counter({
      name: "engagetrack_log_write_failures_total",
      help: "Usage (audit) log lines lost: their write failed, or they came while the log could not be written.",
      registers,
      collect() {
        this.reset();
        this.inc(usageLog().failedLines);
      },
    });
  }
  const metrics: ServerMetrics = {
    registry,
    requests: new Counter({
      name: "engagetrack_http_requests_total",
      help: "HTTP requests by route, method and status.",
      labelNames: ["route", "method", "status"],
      registers,
    }),
    latency: new Histogram({
      name: "engagetrack_http_request_duration_seconds",
      help: "HTTP request latency by route, method and status.",
      labelNames: ["route", "method", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    inFlight: new Gauge({
      name: "engagetrack_http_requests_in_flight",
      help: "HTTP requests being handled.",
      registers,
    }),
    llmFallbacks: new Counter({
      name: "engagetrack_llm_fallbacks_total",
      help: "Nudges the rule engine answered although the LLM was asked, by reason.",
      labelNames: ["reason"],
      registers,
    }),
    rateLimited: new Counter({
      name: "engagetrack_api_rate_limited_total",
      help: "API requests refused by the per-key rate limit, by key name.",
      labelNames: ["key"],
      registers,
    }),
    chartRenders: new Counter({
      name: "engagetrack_chart_renders_total",
      help: "Chart images served: cache-hit, png (rendered), text (refused by the blank-chart guard).",
      labelNames: ["outcome"],
      registers,
    }),
    snapshotReloads: new Counter({
      name: "engagetrack_snapshot_reloads_total",
      help: "Snapshot reloads: swapped (a newer snapshot serves) or failed (the older one keeps serving).",
      labelNames: ["outcome"],
      registers,
    }),
    async text() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
  return metrics;
}
