import { deflateRawSync, inflateRawSync } from "node:zlib";
import { z } from "zod";
import {
  chartRequest,
  type ChartInput,
  type ChartRequest as ReplyChartRequest,
} from "../conversation/index.ts";
import type { ChartLinks } from "./chart-links.ts";
import { signToken, verifyToken } from "./signed-token.ts";

/** The charts a conversation reply can carry. */
export const REPLY_CHART_NAMES = [
  "shap-waterfall",
  "risk-distribution",
  "contract-segmentation",
  "plan-segmentation",
  "engagement-levels",
  "usage-frequency",
  "payment-delay",
  "support-calls",
  "segment-bars",
  "ab-variants",
] as const satisfies readonly ChartInput["chart"][];
// Compile-time: a chart added to ChartInput must be listed above.
const _everyChartListed: [Exclude<ChartInput["chart"], (typeof REPLY_CHART_NAMES)[number]>] extends [never]
  ? true
  : never = true;
void _everyChartListed;

/**
 * Longest reply-chart token (characters). Its data travels in the URL; a chart whose data does
 * not fit gets no link, and the card shows its text table instead.
 */
export const MAX_REPLY_CHART_TOKEN_LENGTH = 3072;
/** Largest inflated payload accepted (bytes): a bound on what a token can make the server parse. */
const MAX_PAYLOAD_BYTES = 256 * 1024;
const KIND = "reply-chart";

export type ReplyChartTokenCheck =
  | { ok: true; chart: ReplyChartRequest; expiresAt: number }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

/** Signed, expiring links to the charts of conversation replies (`/charts/r/<token>.png`). */
export interface ReplyChartLinks {
  /**
   * Absolute URL of the chart's PNG, or undefined when its data is too large for a link (show
   * `chart.text` instead). A customer's SHAP waterfall links to the customer chart
   * (`/charts/<token>.png`), drawn from the serving snapshot.
   */
  url(chart: ReplyChartRequest, options?: { ttlSeconds?: number }): string | undefined;
  /** The path part only, or undefined as for `url`. */
  path(chart: ReplyChartRequest, options?: { ttlSeconds?: number }): string | undefined;
  /** Checks a token from a request path (without `.png`) and rebuilds the chart it carries. */
  verify(token: string): ReplyChartTokenCheck;
}

export interface ReplyChartLinksOptions {
  secret: Buffer;
  ttlSeconds: number;
  /** Base of absolute links, without a trailing slash. */
  baseUrl: () => string;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** The customer chart links, reused for a customer's waterfall. */
  customerLinks?: ChartLinks;
  /** Default `MAX_REPLY_CHART_TOKEN_LENGTH`. */
  maxTokenLength?: number;
}

const payloadSchema = z.strictObject({
  v: z.literal(1),
  /** Expiry, seconds since the epoch. */
  e: z.number().int().positive(),
  /** The chart's id in its reply ("segment-contract"). */
  i: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/),
  c: z.strictObject({ chart: z.enum(REPLY_CHART_NAMES), input: z.unknown() }),
});

/**
 * Chart links that need no server-side state, so any replica can serve them: the token carries
 * the chart's input itself (JSON → deflate-raw → base64url), signed with HMAC-SHA256 and an
 * expiry; the server redraws the chart from it (`services.charts.renderReply`, cached by key).
 *
 * @example
 * const links = createReplyChartLinks({ secret, ttlSeconds: 86400, baseUrl: () => "https://et.example.com", clock: Date.now });
 * const url = links.url(reply.charts[0]) ?? undefined; // https://et.example.com/charts/r/hVLLbts….png
 */
export function createReplyChartLinks(options: ReplyChartLinksOptions): ReplyChartLinks {
  const maxLength = options.maxTokenLength ?? MAX_REPLY_CHART_TOKEN_LENGTH;
  const path: ReplyChartLinks["path"] = (chart, o = {}) => {
    const ttl = o.ttlSeconds ?? options.ttlSeconds;
    const customerID = chart.chart === "shap-waterfall" ? chart.input.customerID : undefined;
    if (options.customerLinks && customerID !== undefined) {
      try {
        return options.customerLinks.path({ chart: "shap-waterfall", customerID }, { ttlSeconds: ttl });
      } catch {
        // An ID the customer links refuse: the chart's own data still makes a link.
      }
    }
    const payload = {
      v: 1,
      e: Math.floor(options.clock() / 1000 + ttl),
      i: chart.id,
      c: { chart: chart.chart, input: chart.input },
    };
    const json = JSON.stringify(payload, (_key, value: unknown) =>
      typeof value === "number" && !Number.isFinite(value) ? { $num: String(value) } : value,
    );
    const body = deflateRawSync(Buffer.from(json, "utf8"), { level: 9 }).toString("base64url");
    const token = signToken(KIND, body, options.secret);
    return token.length > maxLength ? undefined : `/charts/r/${token}.png`;
  };
  return {
    path,
    url(chart, o) {
      const p = path(chart, o);
      return p === undefined ? undefined : `${options.baseUrl()}${p}`;
    },
    verify(token) {
      const checked = verifyToken(KIND, token, options.secret, maxLength);
      if (!checked.ok) return checked;
      let payload: z.infer<typeof payloadSchema>;
      let chart: ReplyChartRequest;
      try {
        const json = inflateRawSync(Buffer.from(checked.body, "base64url"), {
          maxOutputLength: MAX_PAYLOAD_BYTES,
        }).toString("utf8");
        payload = payloadSchema.parse(JSON.parse(json, revive));
        // Rebuilt with the conversation layer's own function: same title, alt text, table and cache key.
        chart = chartRequest(payload.c as ChartInput, payload.i);
      } catch {
        return { ok: false, reason: "malformed" };
      }
      if (payload.e <= options.clock() / 1000) return { ok: false, reason: "expired" };
      return { ok: true, chart, expiresAt: payload.e };
    },
  };
}

function revive(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const n = (value as { $num?: unknown }).$num;
    if (keys.length === 1 && (n === "NaN" || n === "Infinity" || n === "-Infinity")) return Number(n);
  }
  return value;
}
