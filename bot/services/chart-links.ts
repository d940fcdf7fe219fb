import { signChartToken, verifyChartToken, type ChartRequest, type ChartTokenCheck } from "./chart-token.ts";

/** Signed, expiring links to chart images (`/charts/<token>.png`). */
export interface ChartLinks {
  /** Absolute URL of the chart, valid for the configured time (or `ttlSeconds`). */
  url(request: ChartRequest, options?: { ttlSeconds?: number }): string;
  /** The path part only (`/charts/<token>.png`). */
  path(request: ChartRequest, options?: { ttlSeconds?: number }): string;
  /** Checks a token from a request path (without `.png`). */
  verify(token: string): ChartTokenCheck;
}

export interface ChartLinksOptions {
  secret: Buffer;
  ttlSeconds: number;
  /** Base of absolute links, without a trailing slash (the public URL, or where the server listens). */
  baseUrl: () => string;
  /** Milliseconds since the epoch. */
  clock: () => number;
}

/**
 * Chart links for every surface: the Teams adapter links images by URL (cards are size-capped),
 * the API and the start banner print them.
 *
 * @example
 * const links = createChartLinks({ secret, ttlSeconds: 86400, baseUrl: () => "https://et.example.com", clock: Date.now });
 * links.url({ chart: "shap-waterfall", customerID: "7590-VHVEG" }); // https://et.example.com/charts/eyJ2Ijox….png
 */
export function createChartLinks(options: ChartLinksOptions): ChartLinks {
  const path: ChartLinks["path"] = (request, o = {}) =>
    `/charts/${signChartToken(request, options.secret, options.clock() / 1000 + (o.ttlSeconds ?? options.ttlSeconds))}.png`;
  return {
    path,
    url: (request, o) => `${options.baseUrl()}${path(request, o)}`,
    verify: (token) => verifyChartToken(token, options.secret, options.clock() / 1000),
  };
}
