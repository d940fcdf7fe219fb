/**
 * A request that cannot be answered, with a stable code (logs, metrics, audit events) and a helpful
 * sentence for the caller. Route handlers throw these; the request handler turns them into
 * `{"error":{"code","message"}}` with the status. Anything else becomes a 500 that shows no detail.
 */
export type HttpErrorCode =
  | "not-found"
  | "method-not-allowed"
  | "missing-api-key"
  | "bad-api-key"
  | "no-api-keys"
  | "rate-limited"
  | "too-many-failed-keys"
  | "notebook-lookup-off"
  | "notebook-lookup-not-local"
  | "notebook-user-missing"
  | "notebook-cross-site"
  | "notebook-proxy-untrusted"
  | "misdirected-request"
  | "unsupported-media-type"
  | "body-too-large"
  | "bad-json"
  | "bad-request"
  | "bad-customer-id"
  | "unknown-customer"
  | "bad-chart-link"
  | "expired-chart-link"
  | "bad-summary-link"
  | "expired-summary-link"
  | "bad-export-link"
  | "expired-export-link"
  | "chart-unavailable"
  | "not-ready"
  | "model-mismatch"
  | "shutting-down"
  | "internal";

export class HttpError extends Error {
  readonly status: number;
  readonly code: HttpErrorCode;
  /** Extra response headers (Retry-After, Allow, WWW-Authenticate). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    status: number,
    code: HttpErrorCode,
    message: string,
    options: { headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "HttpError";
    this.status = status;
    this.code = code;
    this.headers = options.headers ?? {};
  }
}
