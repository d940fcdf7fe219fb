import type { WebClient } from "@slack/web-api";

export interface SlackUpload {
  channel: string;
  /** Into this thread, when set. */
  threadTs?: string;
  bytes: Buffer;
  filename: string;
  title: string;
  /** Screen-reader description of an image (Slack caps it at 1,000 characters). */
  altText?: string;
}

/** Longest alt text Slack accepts (`alt_txt_too_large` beyond it). */
export const MAX_ALT_TEXT = 1000;

/**
 * Uploads one file into a channel (or thread) the way Slack's external upload works, in its three
 * calls: `files.getUploadURLExternal`, a POST of the bytes to the returned URL, and
 * `files.completeUploadExternal`. We make the calls ourselves rather than through the SDK's
 * `files.uploadV2` because Slack's method takes the image description as `alt_txt`, and the SDK
 * (8.2) sends it as `alt_text`, which Slack ignores: the chart's alt text would be lost. Rate
 * limits and retries are the web client's (429 → wait for Retry-After).
 *
 * @example
 * await uploadFile(client, { channel: "C1", threadTs: ts, bytes: png, filename: "why.png", title: "Why", altText: "…" });
 */
export async function uploadFile(client: WebClient, upload: SlackUpload): Promise<{ fileId: string }> {
  const target = await client.files.getUploadURLExternal({
    filename: upload.filename,
    length: upload.bytes.byteLength,
    ...(upload.altText ? { alt_txt: upload.altText.slice(0, MAX_ALT_TEXT) } : {}),
  } as Parameters<WebClient["files"]["getUploadURLExternal"]>[0]);
  if (!target.upload_url || !target.file_id)
    throw new Error("files.getUploadURLExternal returned no upload_url or file_id");
  const sent = await fetch(target.upload_url, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: new Uint8Array(upload.bytes),
    signal: AbortSignal.timeout(30_000),
  });
  if (!sent.ok) throw new Error(`slack file upload failed: HTTP ${sent.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: upload.title }],
    channel_id: upload.channel,
    ...(upload.threadTs ? { thread_ts: upload.threadTs } : {}),
  });
  return { fileId: target.file_id };
}
