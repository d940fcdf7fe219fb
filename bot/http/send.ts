import type { ServerResponse } from "node:http";
import type { HttpError } from "./http-error.ts";

/** Sends `body` as compact JSON with `status`. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(body), headers);
}

/** Sends plain text (a final newline is added when missing). */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, "text/plain; charset=utf-8", text.endsWith("\n") ? text : `${text}\n`, headers);
}

/** `{"error":{"code","message"}}` with the error's status and headers. */
export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { error: { code: error.code, message: error.message } }, { ...error.headers });
}

/** Sends a body of any type (PNG, Prometheus text). */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  res.writeHead(status, {
    "content-type": contentType,
    "content-length": String(bytes.byteLength),
    "x-content-type-options": "nosniff",
    ...headers,
  });
  res.end(bytes);
}
