import { z } from "zod";
import { signToken, verifyToken } from "./signed-token.ts";

const KIND = "summary";
/** Longest summary token (characters): a customer ID and an expiry. */
export const MAX_SUMMARY_TOKEN_LENGTH = 256;

export type SummaryTokenCheck =
  | { ok: true; customerID: string; expiresAt: number }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

/** Signed, expiring download links of a customer's TXT summary (`/summaries/<token>.txt`). */
export interface SummaryLinks {
  /** Absolute URL of the customer's summary, valid for the configured time (or `ttlSeconds`). */
  url(customerID: string, options?: { ttlSeconds?: number }): string;
  path(customerID: string, options?: { ttlSeconds?: number }): string;
  /** Checks a token from a request path (without `.txt`). */
  verify(token: string): SummaryTokenCheck;
}

export interface SummaryLinksOptions {
  secret: Buffer;
  ttlSeconds: number;
  /** Base of absolute links, without a trailing slash. */
  baseUrl: () => string;
  /** Milliseconds since the epoch. */
  clock: () => number;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const payloadSchema = z.strictObject({
  v: z.literal(1),
  id: z.string().regex(ID),
  e: z.number().int().positive(),
});

/**
 * Download links for the TXT summary a chat reply offers (Teams cards link it; the file is drawn
 * when the link is opened, from the serving snapshot). The token is base64url(JSON) signed with
 * the chart signing secret under its own kind, so a chart token is never a summary token.
 *
 * @example
 * const links = createSummaryLinks({ secret, ttlSeconds: 86400, baseUrl: () => "https://et.example.com", clock: Date.now });
 * links.url("7590-VHVEG"); // https://et.example.com/summaries/eyJ2Ijox….txt
 */
export function createSummaryLinks(options: SummaryLinksOptions): SummaryLinks {
  const path: SummaryLinks["path"] = (customerID, o = {}) => {
    if (!ID.test(customerID))
      throw new Error(`invalid customer ID: ${JSON.stringify(customerID.slice(0, 80))}`);
    const payload = {
      v: 1,
      id: customerID,
      e: Math.floor(options.clock() / 1000 + (o.ttlSeconds ?? options.ttlSeconds)),
    };
    const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
    return `/summaries/${signToken(KIND, body, options.secret)}.txt`;
  };
  return {
    path,
    url: (customerID, o) => `${options.baseUrl()}${path(customerID, o)}`,
    verify(token) {
      const checked = verifyToken(KIND, token, options.secret, MAX_SUMMARY_TOKEN_LENGTH);
      if (!checked.ok) return checked;
      let payload: z.infer<typeof payloadSchema>;
      try {
        payload = payloadSchema.parse(JSON.parse(Buffer.from(checked.body, "base64url").toString("utf8")));
      } catch {
        return { ok: false, reason: "malformed" };
      }
      if (payload.e <= options.clock() / 1000) return { ok: false, reason: "expired" };
      return { ok: true, customerID: payload.id, expiresAt: payload.e };
    },
  };
}
