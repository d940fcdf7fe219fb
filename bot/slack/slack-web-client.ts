import { LogLevel, WebClient, WebClientEvent, type Logger as SlackLogger } from "@slack/web-api";
import type { Counter } from "prom-client";
import type { Logger } from "../../core/src/log/index.ts";

export interface SlackWebClientOptions {
  /** Bot token (xoxb-…). */
  token: string;
  /** Base of the Web API, with a trailing slash; default Slack's. Tests and proxies point it elsewhere. */
  apiUrl?: string;
  logger: Pick<Logger, "debug" | "info" | "warn" | "error">;
  /** Counts each 429 the client waited out, by API method (`engagetrack_slack_retries_total`). */
  retries?: Counter<"method" | "reason">;
  /** Retries of failed calls (network errors, 5xx); 429s are always waited out. Default 3. */
  maxRetries?: number;
  /** Per-request timeout (ms); default 10 s. */
  timeoutMs?: number;
}

/**
 * The one way EngageTrack talks to Slack's Web API (the Slack app and the digests share it): a
 * `WebClient` that waits out 429s for the `Retry-After` Slack sends (never rejects them), retries
 * network errors and 5xx a few times with backoff, counts both in the metrics, and logs through our
 * pino logger (so the token is redacted like every other secret).
 *
 * @example
 * const slack = createSlackWebClient({ token, apiUrl: "http://127.0.0.1:4010/api/", logger });
 * await slack.chat.postMessage({ channel: "C123", text: "hello" });
 */
export function createSlackWebClient(options: SlackWebClientOptions): WebClient {
  const log = options.logger;
  const logger: SlackLogger = {
    debug: (...msg) => log.debug({ slack: msg.map(String).join(" ") }, "slack web api"),
    info: (...msg) => log.debug({ slack: msg.map(String).join(" ") }, "slack web api"),
    warn: (...msg) => log.warn({ slack: msg.map(String).join(" ") }, "slack web api"),
    error: (...msg) => log.error({ slack: msg.map(String).join(" ") }, "slack web api"),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    logger,
    rejectRateLimitedCalls: false,
    retryConfig: {
      retries: options.maxRetries ?? 3,
      factor: 2,
      minTimeout: 200,
      maxTimeout: 5_000,
      randomize: true,
    },
    timeout: options.timeoutMs ?? 10_000,
  });
  client.on(WebClientEvent.RATE_LIMITED, (retryAfterSeconds: number, { url }: { url: string }) => {
    const method = url.split("/").filter(Boolean).pop() ?? "unknown";
    options.retries?.inc({ method, reason: "rate-limited" });
    log.warn({ method, retryAfterSeconds }, "slack rate-limited the call: waiting for Retry-After");
  });
  return client;
}
