import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { CHART_NAMES, type ChartName } from "../../core/src/charts/index.ts";

/** What a chart link shows: a chart of the current snapshot, for one customer if it needs one. */
export interface ChartRequest {
  chart: ChartName;
  /** The customer (shap-waterfall). */
  customerID?: string;
  /** An owner (a value of the contract's owner column): risk-distribution over their book only. */
  owner?: string;
  /** CSS pixels; default the chart's own size. */
  width?: number;
  height?: number;
}

export type ChartTokenCheck =
  | { ok: true; request: ChartRequest; expiresAt: number }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

/** Longest token accepted (characters): payloads are small; anything longer is not ours. */
export const MAX_CHART_TOKEN_LENGTH = 512;

const payloadSchema = z.strictObject({
  v: z.literal(1),
  c: z.enum(CHART_NAMES),
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/)
    .optional(),
  o: z.string().min(1).max(200).optional(),
  w: z.number().int().min(200).max(4000).optional(),
  h: z.number().int().min(200).max(4000).optional(),
  /** Expiry, seconds since the epoch. */
  e: z.number().int().positive(),
});

/**
 * Signs a chart request into a URL-safe token: base64url(JSON payload) "." base64url(HMAC-SHA256
 * of the payload part). The payload is readable (chart, customer ID, expiry) but cannot be changed
 * without the secret.
 *
 * @example
 * const token = signChartToken({ chart: "shap-waterfall", customerID: "7590-VHVEG" }, secret, Date.now() / 1000 + 3600);
 */
export function signChartToken(request: ChartRequest, secret: Buffer, expiresAtSeconds: number): string {
  const payload = {
    v: 1,
    c: request.chart,
    ...(request.customerID !== undefined && { id: request.customerID }),
    ...(request.owner !== undefined && { o: request.owner }),
    ...(request.width !== undefined && { w: request.width }),
    ...(request.height !== undefined && { h: request.height }),
    e: Math.floor(expiresAtSeconds),
  };
  const checked = payloadSchema.safeParse(payload);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`invalid chart request: ${issue.path.join(".")}: ${issue.message}`);
  }
  if (request.chart === "shap-waterfall" && request.customerID === undefined)
    throw new Error("invalid chart request: shap-waterfall needs a customer ID");
  if (request.owner !== undefined && request.chart !== "risk-distribution")
    throw new Error("invalid chart request: only risk-distribution charts an owner's book");
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  const token = `${body}.${mac(body, secret).toString("base64url")}`;
  // Only an owner's name can make a payload this long; the verifier would refuse the token.
  if (token.length > MAX_CHART_TOKEN_LENGTH)
    throw new Error("invalid chart request: o: too long for a chart link");
  return token;
}

/**
 * Checks a token's signature (constant time) and expiry against `nowSeconds`. The signature is
 * checked before the payload is parsed, so nothing unsigned is ever interpreted.
 */
export function verifyChartToken(token: string, secret: Buffer, nowSeconds: number): ChartTokenCheck {
  if (token.length > MAX_CHART_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token))
    return { ok: false, reason: "malformed" };
  const [body, signature] = token.split(".");
  const given = Buffer.from(signature, "base64url");
  const expected = mac(body, secret);
  if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad-signature" };
  let payload: z.infer<typeof payloadSchema>;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (payload.e <= nowSeconds) return { ok: false, reason: "expired" };
  return {
    ok: true,
    request: {
      chart: payload.c,
      ...(payload.id !== undefined && { customerID: payload.id }),
      ...(payload.o !== undefined && { owner: payload.o }),
      ...(payload.w !== undefined && { width: payload.w }),
      ...(payload.h !== undefined && { height: payload.h }),
    },
    expiresAt: payload.e,
  };
}

const mac = (body: string, secret: Buffer) => createHmac("sha256", secret).update(body, "utf8").digest();
