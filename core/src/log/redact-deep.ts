import { isSecretKey, REDACTED, scrubSecrets } from "./scrub-secrets.ts";

const MAX_DEPTH = 10;

/**
 * A copy of `value` that is safe to log: every string scrubbed of secrets and e-mail addresses,
 * every secret-named key (`apiKey`, `token`, `authorization`, `SLACK_SIGNING_SECRET`, …) replaced by
 * `[REDACTED]`, errors turned into plain `{type, message, code, stack, cause}` objects (scrubbed
 * too), cycles cut. Numbers, booleans and null pass through.
 *
 * @example
 * redactDeep({ apiKey: "x", note: "from bob@example.com" }); // { apiKey: "[REDACTED]", note: "from [EMAIL]" }
 */
export function redactDeep(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === "string") return scrubSecrets(value);
  if (typeof value === "bigint") return String(value);
  if (typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[Object]";
  seen.add(value);
  try {
    if (value instanceof Error) return errorObject(value, depth, seen);
    if (value instanceof Date) return value.toISOString();
    if (ArrayBuffer.isView(value)) return `[${value.constructor.name}]`;
    if (value instanceof Map) return walk(Object.fromEntries(value), depth, seen);
    if (value instanceof Set) return walk([...value], depth, seen);
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[scrubSecrets(k)] =
        isSecretKey(k) && v !== null && v !== undefined ? REDACTED : walk(v, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function errorObject(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: scrubSecrets(err.message) };
  const code = (err as { code?: unknown }).code;
  if (code !== undefined) out.code = walk(code, depth + 1, seen);
  if (err.stack) out.stack = scrubSecrets(err.stack);
  // Own enumerable extras (status, url, headers, response bodies) are redacted like any object.
  for (const [k, v] of Object.entries(err)) {
    if (k in out) continue;
    out[scrubSecrets(k)] =
      isSecretKey(k) && v !== null && v !== undefined ? REDACTED : walk(v, depth + 1, seen);
  }
  if (err.cause !== undefined) out.cause = walk(err.cause, depth + 1, seen);
  return out;
}
