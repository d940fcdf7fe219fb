import { z } from "zod";
import { MAX_EXPORT, MAX_LIST, type ExportList } from "../conversation/index.ts";
import { signToken, verifyToken } from "./signed-token.ts";

const KIND = "export";
/** Longest export token (characters): the list's filters travel in it. */
export const MAX_EXPORT_TOKEN_LENGTH = 4096;

export type ExportTokenCheck =
  | { ok: true; list: ExportList; snapshotId: string; expiresAt: number }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" };

/**
 * Signed, expiring download links of a CSV export (`/exports/<token>.csv`): Teams cards link the
 * file (a bot cannot attach a file to a channel or group-chat message; in a personal chat only
 * through the user's consent to a OneDrive upload). The token carries the list asked for and
 * the snapshot it was drawn from; the file is drawn again from that snapshot when the link is
 * opened, so it is the same file.
 */
export interface ExportLinks {
  url(list: ExportList, snapshotId: string, options?: { ttlSeconds?: number }): string;
  path(list: ExportList, snapshotId: string, options?: { ttlSeconds?: number }): string;
  /** Checks a token from a request path (without `.csv`). */
  verify(token: string): ExportTokenCheck;
}

export interface ExportLinksOptions {
  secret: Buffer;
  ttlSeconds: number;
  /** Base of absolute links, without a trailing slash. */
  baseUrl: () => string;
  /** Milliseconds since the epoch. */
  clock: () => number;
}

const filter = z.union([
  z.strictObject({
    column: z.string().min(1).max(200),
    op: z.enum(["in", "not-in"]),
    values: z
      .array(z.union([z.string().max(200), z.number()]))
      .min(1)
      .max(50),
  }),
  z.strictObject({
    column: z.string().min(1).max(200),
    op: z.enum(["<", "<=", ">", ">=", "="]),
    value: z.number(),
  }),
]);
const listSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("top-at-risk"),
    limit: z.number().int().min(1).max(Math.max(MAX_EXPORT, MAX_LIST)).nullable(),
    filters: z.array(filter).max(20),
    rankBy: z.enum(["revenue", "probability"]),
    owner: z.string().min(1).max(200).optional(),
  }),
  z.strictObject({
    kind: z.literal("segment"),
    column: z.string().min(1).max(200),
    owner: z.string().min(1).max(200).optional(),
  }),
]);
const payloadSchema = z.strictObject({
  v: z.literal(1),
  s: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/),
  l: listSchema,
  e: z.number().int().positive(),
});

/**
 * Export links signed with the chart signing secret under their own kind (a chart or summary
 * token is never an export token).
 *
 * @example
 * const links = createExportLinks({ secret, ttlSeconds: 86400, baseUrl: () => "https://et.example.com", clock: Date.now });
 * links.url({ kind: "top-at-risk", limit: null, filters: [], rankBy: "revenue" }, snapshot.manifest.id);
 * // https://et.example.com/exports/eyJ2Ijox….csv
 */
export function createExportLinks(options: ExportLinksOptions): ExportLinks {
  const path: ExportLinks["path"] = (list, snapshotId, o = {}) => {
    const payload = payloadSchema.parse({
      v: 1,
      s: snapshotId,
      l: list,
      e: Math.floor(options.clock() / 1000 + (o.ttlSeconds ?? options.ttlSeconds)),
    });
    const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
    const token = signToken(KIND, body, options.secret);
    if (token.length > MAX_EXPORT_TOKEN_LENGTH) throw new Error("export link too long: too many filters");
    return `/exports/${token}.csv`;
  };
  return {
    path,
    url: (list, snapshotId, o) => `${options.baseUrl()}${path(list, snapshotId, o)}`,
    verify(token) {
      const checked = verifyToken(KIND, token, options.secret, MAX_EXPORT_TOKEN_LENGTH);
      if (!checked.ok) return checked;
      let payload: z.infer<typeof payloadSchema>;
      try {
        payload = payloadSchema.parse(JSON.parse(Buffer.from(checked.body, "base64url").toString("utf8")));
      } catch {
        return { ok: false, reason: "malformed" };
      }
      if (payload.e <= options.clock() / 1000) return { ok: false, reason: "expired" };
      return { ok: true, list: payload.l as ExportList, snapshotId: payload.s, expiresAt: payload.e };
    },
  };
}
