/**
 * A fake Slack Web API on 127.0.0.1 (no real network): enough of chat.postMessage,
 * conversations.history, and the three calls of files.uploadV2 for digests, with posts kept in
 * memory so a test counts them — also across processes, which reach it through SLACK_API_URL.
 * auth.test answers a bot identity, so a whole `engagetrack serve` (Bolt) can use it too.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakePost {
  channel: string;
  text: string;
  ts: string;
  threadTs?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  at: number;
}

export interface FakeSlack {
  /** With a trailing slash, as SLACK_API_URL. */
  apiUrl: string;
  /** Messages posted (thread replies included), in order. */
  posts: FakePost[];
  /**
   * Files completed (files.completeUploadExternal), with their alt text; each is also a message of
   * the channel's history (`files: [{ id, name, title }]`), as Slack shares it.
   */
  uploads: {
    channel: string;
    title?: string;
    altText?: string;
    bytes: number;
    filename?: string;
    ts: string;
  }[];
  /** Every API call by method, in order, with its time. */
  calls: { method: string; at: number }[];
  /** Answer the next `n` calls of `method` with 429 and Retry-After `seconds`. */
  rateLimit(method: string, n: number, seconds: number): void;
  /** Answer every call of `method` with `{ ok: false, error }` (until cleared with null). */
  fail(method: string, error: string | null): void;
  /**
   * Every later call of `method` takes effect at once (a post is in the channel, and in its
   * history) but is answered only after `ms` (0 to stop): a sender killed meanwhile never hears
   * that its post went through.
   */
  delay(method: string, ms: number): void;
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function fields(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) {
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const posts: FakePost[] = [];
  const uploads: FakeSlack["uploads"] = [];
  const calls: FakeSlack["calls"] = [];
  const limits = new Map<string, { n: number; seconds: number }>();
  const failures = new Map<string, string>();
  const pending = new Map<string, { bytes: number; altText?: string; filename?: string }>();
  const delays = new Map<string, number>();
  const held = new Set<ReturnType<typeof setTimeout>>();
  let seq = 0;
  let base = "";

  const server: Server = createServer(async (req, res) => {
    const raw = await body(req);
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const wait = delays.get(path.replace(/^\/api\//, "")) ?? 0;
    const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      const answer = () => {
        if (res.destroyed) return; // the caller is gone (killed)
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(json));
      };
      if (wait <= 0) return answer();
      const timer = setTimeout(() => {
        held.delete(timer);
        answer();
      }, wait);
      held.add(timer);
    };
    if (path.startsWith("/upload/")) {
      const id = path.slice("/upload/".length);
      const file = pending.get(id);
      if (file) file.bytes = raw.byteLength;
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("OK - 200");
      return;
    }
    const method = path.replace(/^\/api\//, "");
    calls.push({ method, at: Date.now() });
    const limit = limits.get(method);
    if (limit && limit.n > 0) {
      limit.n--;
      send(429, { ok: false, error: "ratelimited" }, { "retry-after": String(limit.seconds) });
      return;
    }
    const failure = failures.get(method);
    if (failure) {
      send(200, { ok: false, error: failure });
      return;
    }
    const f = fields(req, raw);
    switch (method) {
      case "auth.test":
        send(200, {
          ok: true,
          team: "EngageTrack Test",
          user: "engagetrack",
          team_id: "T0TEST",
          user_id: "U0ENGAGE",
          bot_id: "B0ENGAGE",
        });
        return;
      case "chat.postMessage": {
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, "0")}`;
        posts.push({
          channel: String(f.channel),
          text: String(f.text ?? ""),
          ts,
          threadTs: f.thread_ts ? String(f.thread_ts) : undefined,
          blocks: f.blocks as unknown[] | undefined,
          metadata: f.metadata as FakePost["metadata"],
          at: Date.now(),
        });
        send(200, { ok: true, channel: f.channel, ts, message: { ts, text: f.text } });
        return;
      }
      case "conversations.history": {
        const oldest = Number(f.oldest ?? 0);
        const shared = uploads
          .filter((u) => u.channel === f.channel && Number(u.ts) >= oldest)
          .map((u) => ({
            type: "message",
            ts: u.ts,
            text: "",
            files: [{ name: u.filename, title: u.title }],
          }));
        const messages = [
          ...posts
            .filter((p) => p.channel === f.channel && !p.threadTs && Number(p.ts) >= oldest)
            .map((p) => ({
              type: "message",
              ts: p.ts,
              text: p.text,
              ...(f.include_all_metadata === "true" || f.include_all_metadata === true
                ? { metadata: p.metadata }
                : {}),
            })),
          ...shared,
        ].sort((a, b) => Number(b.ts) - Number(a.ts));
        send(200, { ok: true, messages, has_more: false });
        return;
      }
      case "files.getUploadURLExternal": {
        const id = `F${String(++seq).padStart(8, "0")}`;
        pending.set(id, {
          bytes: 0,
          altText: f.alt_txt ? String(f.alt_txt) : undefined,
          filename: f.filename ? String(f.filename) : undefined,
        });
        send(200, { ok: true, upload_url: `${base}upload/${id}`, file_id: id });
        return;
      }
      case "files.completeUploadExternal": {
        const files = f.files as { id: string; title?: string }[];
        for (const file of files) {
          const p = pending.get(file.id);
          uploads.push({
            channel: String(f.channel_id),
            title: file.title,
            altText: p?.altText,
            bytes: p?.bytes ?? 0,
            filename: p?.filename,
            ts: `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, "0")}`,
          });
        }
        send(200, { ok: true, files: files.map((x) => ({ id: x.id })) });
        return;
      }
      default:
        send(200, { ok: true });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}/`;
  return {
    apiUrl: `${base}api/`,
    posts,
    uploads,
    calls,
    rateLimit: (method, n, seconds) => void limits.set(method, { n, seconds }),
    fail: (method, error) => void (error === null ? failures.delete(method) : failures.set(method, error)),
    delay: (method, ms) => void delays.set(method, ms),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of held) clearTimeout(timer);
        held.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
