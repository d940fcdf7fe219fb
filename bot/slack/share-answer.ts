import type { Logger } from "../../core/src/log/index.ts";

/**
 * Removes the ephemeral answer a "Share in channel" button was pressed on, once the shared answer
 * is in the channel (Slack deletes an ephemeral message through the press's response_url with
 * `delete_original`). A failure is logged: the shared answer is out, which is what matters.
 */
export async function deleteSharedOriginal(
  responseUrl: string,
  logger: Pick<Logger, "warn">,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  try {
    const res = await fetchFn(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ delete_original: true }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel();
    if (res.status !== 200)
      logger.warn({ status: res.status }, "slack: shared answer's original not deleted");
  } catch (err) {
    logger.warn({ err }, "slack: shared answer's original not deleted");
  }
}
