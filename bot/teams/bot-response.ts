import type { ServerResponse } from "node:http";
import type { Response as BotResponse } from "botbuilder";
import { send, sendJson } from "../http/index.ts";

/** What a refused request's body says, by status: botbuilder's own text may hold internals. */
const REFUSALS: Record<number, { code: string; message: string }> = {
  400: { code: "bad-activity", message: "the request is not a Bot Framework activity" },
  401: { code: "teams-unauthorized", message: "the request does not carry a valid Bot Framework token" },
  403: { code: "teams-forbidden", message: "the request's token is not for this bot" },
  405: { code: "method-not-allowed", message: "use POST here" },
};

/**
 * Node's ServerResponse in the shape botbuilder's `CloudAdapter.process` writes to (Express's
 * `status`/`header`/`send`/`end`). Invoke responses are sent as JSON; an error status gets the
 * server's `{"error":{"code","message"}}` body instead of botbuilder's message, so no internal
 * detail or stack trace reaches the caller.
 *
 * @example
 * await adapter.process({ body, headers: req.headers, method: req.method }, botResponse(res), (c) => bot.run(c));
 */
export function botResponse(res: ServerResponse): BotResponse {
  let status = 200;
  let body: unknown;
  const headers: Record<string, string> = {};
  const response: BotResponse = {
    socket: res.socket,
    status(code: number) {
      status = code;
      return response;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
      return response;
    },
    send(value?: unknown) {
      body = value;
      return response;
    },
    end() {
      if (res.headersSent) return response;
      if (status >= 400) {
        const refusal = REFUSALS[status] ?? { code: "internal", message: "internal error (logged)" };
        sendJson(res, status, { error: refusal }, headers);
      } else if (body === undefined || body === null || body === "") {
        res.writeHead(status, { "content-length": "0", ...headers });
        res.end();
      } else if (typeof body === "string" || Buffer.isBuffer(body)) {
        send(res, status, headers["content-type"] ?? "text/plain; charset=utf-8", body, headers);
      } else {
        sendJson(res, status, body, headers);
      }
      return response;
    },
  };
  return response;
}
