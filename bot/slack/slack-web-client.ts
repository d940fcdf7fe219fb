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
  const logger = slackLogger(log, "slack web api");
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

/**
 * Slack's logger interface (the Web API client's, Bolt's and its receivers') over our pino logger:
 * Slack's info chatter goes to debug; warnings and errors stay what they are.
 *
 * @example
 * new App({ receiver, authorize, logger: slackLogger(services.logger, "slack bolt") });
 */
export function slackLogger(
  log: Pick<Logger, "debug" | "info" | "warn" | "error">,
  name: string,
): SlackLogger {
  const text = (msg: unknown[]) => ({ slack: msg.map(String).join(" ") });
  return {
    debug: (...msg) => log.debug(text(msg), name),
    info: (...msg) => log.debug(text(msg), name),
    warn: (...msg) => log.warn(text(msg), name),
    error: (...msg) => log.error(text(msg), name),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
