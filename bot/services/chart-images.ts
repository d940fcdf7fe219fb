import {
  chartFromSnapshot,
  type ChartRenderer,
  type ChartSources,
  type RenderedChart,
  type TrendPoint,
} from "../../core/src/charts/server.ts";
import {
  analyzeDeclaredExperiment,
  declaredExperiment,
  DEFAULT_EXPERIMENT_CONFIG,
  type ExperimentConfig,
} from "../../core/src/experiments/index.ts";
import { InsightError } from "../../core/src/report/index.ts";
import { explainCustomer } from "../../core/src/score/index.ts";
import { chartSpec, type ChartRequest as ReplyChartRequest } from "../conversation/index.ts";
import { bookSnapshot } from "../conversation/owner-book.ts";
import type { ChartRequest } from "./chart-token.ts";
import { createLruCache } from "./lru-cache.ts";
import type { ServingLease } from "./serving-state.ts";

/** How a chart was served: from the cache, freshly rendered, or refused by the blank-chart guard. */
export type ChartOutcome = "cache-hit" | "png" | "text";

/** Chart images drawn from the serving snapshot, cached per snapshot. */
export interface ChartImages {
  /**
   * The chart's PNG, or its text table when the image was refused (blank-chart guard). Throws
   * `InsightError("unknown-customer")` for a customer not in the snapshot, and an Error when the
   * chart cannot be drawn from this snapshot.
   */
  render(lease: ServingLease, request: ChartRequest): Promise<RenderedChart>;
  /**
   * A chart of a conversation reply (its data travels in the request), cached by its `cacheKey`:
   * the same segment chart asked twice on one snapshot renders once.
   */
  renderReply(request: ReplyChartRequest): Promise<RenderedChart>;
}

export interface ChartImagesOptions {
  renderer: ChartRenderer;
  /** Published snapshots, for the risk trend. */
  history: () => Promise<readonly TrendPoint[]>;
  /** Configured experiments, which add to the one a data set declares (default: the built-in config). */
  experiments?: ExperimentConfig;
  maxEntries?: number;
  maxBytes?: number;
  onRender?: (outcome: ChartOutcome) => void;
}

/**
 * Renders charts for chart links and adapters through one warm renderer, with an LRU cache keyed
 * by snapshot, chart, customer and size (a newer snapshot misses, so images never go stale), and
 * one render shared by concurrent requests for the same image.
 *
 * @example
 * const images = createChartImages({ renderer: createChartRenderer(), history: () => serving.history() });
 * const out = await images.render(lease, { chart: "risk-distribution" });
 */
export function createChartImages(options: ChartImagesOptions): ChartImages {
  const cache = createLruCache<RenderedChart>({
    maxEntries: options.maxEntries ?? 256,
    maxWeight: options.maxBytes ?? 64 * 2 ** 20,
    weigh: (r) => (r.kind === "png" ? r.png.byteLength : r.text.length * 2) + r.alt.length * 2,
  });
  const pending = new Map<string, Promise<RenderedChart>>();

  const draw = async (lease: ServingLease, request: ChartRequest): Promise<RenderedChart> => {
    const { model } = lease;
    // An owner's link charts their book only: the same snapshot filtered by the owner column.
    const snapshot =
      request.owner === undefined ? lease.snapshot : bookSnapshot(lease.snapshot, request.owner);
    const sources: ChartSources = { snapshot };
    if (request.chart === "shap-waterfall") {
      const id = request.customerID ?? "";
      const scored = snapshot.lookup(id);
      if (!scored)
        throw new InsightError(
          "unknown-customer",
          `no customer ${JSON.stringify(id)} in snapshot ${snapshot.manifest.id}`,
        );
      sources.explanation = await explainCustomer(model, scored.customer);
    }
    if (request.chart === "risk-trend") sources.history = await options.history();
    if (request.chart === "ab-variants") {
      // The same analysis as `engagetrack experiment`, so the chart agrees with the verdict: the
      // experiment the data set's contract declares; none declared, no chart of arms.
      const declared = declaredExperiment(snapshot.dataset, options.experiments ?? DEFAULT_EXPERIMENT_CONFIG);
      if (!declared) {
        throw new Error(
          `the ${snapshot.dataset.name} data set declares no experiment: there are no arms to chart`,
        );
      }
      sources.experiment = analyzeDeclaredExperiment(snapshot.table, declared);
    }
    const spec = chartFromSnapshot(request.chart, sources, { width: request.width, height: request.height });
    return options.renderer.png(spec);
  };

  const cached = (key: string, draw: () => Promise<RenderedChart>): Promise<RenderedChart> => {
    const hit = cache.get(key);
    if (hit) {
      options.onRender?.("cache-hit");
      return Promise.resolve(hit);
    }
    let p = pending.get(key);
    if (!p) {
      p = draw()
        .then((rendered) => {
          cache.set(key, rendered);
          options.onRender?.(rendered.kind);
          return rendered;
        })
        .finally(() => pending.delete(key));
      pending.set(key, p);
    }
    return p;
  };

  return {
    renderReply: (request) =>
      cached(`reply|${request.cacheKey}`, () => options.renderer.png(chartSpec(request))),
    async render(lease, request) {
      const key = [
        lease.snapshot.manifest.id,
        request.chart,
        request.customerID ?? "",
        request.owner === undefined ? "" : JSON.stringify(request.owner),
        request.width ?? "",
        request.height ?? "",
      ].join("|");
      return cached(key, () => draw(lease, request));
    },
  };
}
