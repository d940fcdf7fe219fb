import { createHmac, timingSafeEqual } from "node:crypto";

/** Why a signed token was refused. */
export type SignedTokenFailure = "malformed" | "bad-signature";

/**
 * Signs a URL-safe body: `<body>.<base64url HMAC-SHA256 of kind + "." + body>`. The kind ("reply-chart",
 * "summary") is part of what is signed, so a token of one kind is never accepted as another even
 * with the same secret.
 *
 * @example
 * const token = signToken("summary", Buffer.from('{"id":"7590-VHVEG"}').toString("base64url"), secret);
 */
export function signToken(kind: string, body: string, secret: Buffer): string {
  return `${body}.${mac(kind, body, secret).toString("base64url")}`;
}

/**
 * The body of a token signed by `signToken` with the same kind and secret (signature compared in
 * constant time before anything is parsed), or why not.
 */
export function verifyToken(
  kind: string,
  token: string,
  secret: Buffer,
  maxLength: number,
): { ok: true; body: string } | { ok: false; reason: SignedTokenFailure } {
  if (token.length > maxLength || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/.test(token))
    return { ok: false, reason: "malformed" };
  const dot = token.indexOf(".");
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = mac(kind, body, secret);
  if (given.byteLength !== expected.byteLength || !timingSafeEqual(given, expected))
    return { ok: false, reason: "bad-signature" };
  return { ok: true, body };
}

const mac = (kind: string, body: string, secret: Buffer) =>
  createHmac("sha256", secret).update(`${kind}.${body}`, "utf8").digest();
