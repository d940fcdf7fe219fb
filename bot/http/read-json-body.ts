import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.ts";

/** Largest JSON body the API reads (bytes). */
export const MAX_JSON_BODY_BYTES = 16 * 1024;

/**
 * Reads a JSON request body: `Content-Type: application/json` (415 otherwise), at most `maxBytes`
 * (413, checked against Content-Length before reading and while reading), valid JSON (400).
 *
 * @example
 * const body = await readJsonBody(ctx.req); // unknown: validate it next
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") {
    throw new HttpError(
      "unsupported-media-type",
      `send the body as JSON with "Content-Type: application/json" (got ${type ? JSON.stringify(type) : "none"})`,
    );
  }
  const tooLarge = () => new HttpError("body-too-large", `request body is larger than ${maxBytes} bytes`);
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) return void chunks.push(chunk);
      // Stop collecting but let the rest drain: destroying the request would also destroy the
      // socket, and the caller could not read the 413.
      req.off("data", onData);
      req.resume();
      reject(tooLarge());
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
  });
  const text = body.toString("utf8");
  if (text.trim() === "") throw new HttpError("bad-json", "request body is empty: send a JSON object");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError("bad-json", `request body is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
