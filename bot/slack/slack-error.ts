import { CodedError } from "../../core/src/errors/index.ts";

/**
 * Stable codes of what can go wrong between a question and its Slack answer. The asker sees one
 * friendly sentence with the code; the log gets the code, Slack's own error string and the cause.
 */
export type SlackErrorCode =
  /** A Web API call failed (Slack's error string is logged beside it). */
  | "slack-api"
  /** The answer could not be delivered to the response_url. */
  | "response-url"
  /** Anything else. */
  | "unexpected";

/** A failure at the Slack edge, with its stable code. */
export class SlackError extends CodedError<SlackErrorCode> {
  constructor(code: SlackErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = "SlackError";
  }
}

/**
 * What the asker reads when their answer failed: no stack trace, no Slack internals, the code to
 * quote.
 *
 * @example
 * friendlyError("slack-api"); // "Sorry, I could not post the answer here. Please try again in a minute (error code: slack-api)."
 */
export function friendlyError(code: SlackErrorCode): string {
  return code === "unexpected"
    ? `Sorry, something went wrong answering that. Please try again in a minute (error code: ${code}).`
    : `Sorry, I could not post the answer here. Please try again in a minute (error code: ${code}).`;
}

/**
 * Slack's error string of a failed Web API call (`channel_not_found`, also inside a `SlackError`),
 * else the error's code (`slack_webapi_request_error`), for logs and branching.
 */
export function slackErrorCode(err: unknown): string {
  const e = err as { data?: { error?: string }; code?: string } | undefined;
  if (e?.data?.error) return e.data.error;
  // Ours wraps the client's: Slack's reason is in the cause.
  if (err instanceof SlackError && err.cause !== undefined) return slackErrorCode(err.cause);
  return e?.code ?? "unknown";
}
