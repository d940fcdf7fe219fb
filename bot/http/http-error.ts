/**
 * A request that cannot be answered, with a stable code (logs, metrics, audit events) and a helpful
 * sentence for the caller. Route handlers throw these; the request handler turns them into
 * `{"error":{"code","message"}}` with the status. Anything else becomes a 500 that shows no detail.
 */
import { CodedError } from "../../core/src/errors/index.ts";

/**
 * Every HTTP error code and its one status: a condition has one code, a code one status (an expired
 * link is 410 Gone on every route; a link that is not ours is 400, an altered one 403).
 */
export const HTTP_ERROR_STATUS = {
  "not-found": 404,
  "method-not-allowed": 405,
  "missing-api-key": 401,
  "bad-api-key": 401,
  "no-api-keys": 401,
  "rate-limited": 429,
  "too-many-failed-keys": 429,
  "notebook-lookup-off": 403,
  "notebook-lookup-not-local": 403,
  "notebook-user-missing": 401,
  "notebook-cross-site": 403,
  "notebook-proxy-untrusted": 403,
  "misdirected-request": 421,
  "unsupported-media-type": 415,
  "body-too-large": 413,
  "bad-json": 400,
  "bad-request": 400,
  "bad-customer-id": 400,
  "unknown-customer": 404,
  "malformed-chart-link": 400,
  "bad-chart-link": 403,
  "expired-chart-link": 410,
  "malformed-summary-link": 400,
  "bad-summary-link": 403,
  "expired-summary-link": 410,
  "malformed-export-link": 400,
  "bad-export-link": 403,
  "expired-export-link": 410,
  "chart-unavailable": 422,
  "not-ready": 503,
  "model-mismatch": 503,
  "shutting-down": 503,
  internal: 500,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUS;

export class HttpError extends CodedError<HttpErrorCode> {
  /** The code's status (HTTP_ERROR_STATUS). */
  readonly status: number;
  /** Extra response headers (Retry-After, Allow, WWW-Authenticate). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    code: HttpErrorCode,
    message: string,
    options: { headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.name = "HttpError";
    this.status = HTTP_ERROR_STATUS[code];
    this.headers = options.headers ?? {};
  }
}
