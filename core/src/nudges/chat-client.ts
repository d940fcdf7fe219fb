import { LlmError } from "./llm-error.ts";
import { retryDelayMs } from "./retry-delay.ts";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** One OpenAI-compatible chat-completions endpoint. */
export interface ChatClient {
  readonly model: string;
  /** The assistant's reply text; throws `LlmError` after retries and within the time budget. */
  complete(messages: readonly ChatMessage[]): Promise<string>;
}

/** Together AI's Mixtral, the default model. */
export const DEFAULT_LLM_MODEL = "mistralai/Mixtral-8x7B-Instruct-v0.1";
export const DEFAULT_LLM_BASE_URL = "https://api.together.xyz/v1";
export const DEFAULT_LLM_TIMEOUT_MS = 4000;

export interface ChatClientOptions {
  /** API root, e.g. "https://api.together.xyz/v1"; `/chat/completions` is appended. */
  baseUrl: string;
  apiKey: string;
  model: string;
  fetch?: typeof globalThis.fetch;
  /** Budget for one `complete` call, retries and waits included; default 4000 ms. */
  timeoutMs?: number;
  /** Retries after a 429, a 5xx or a network error; default 2. */
  maxRetries?: number;
  /** Uniform [0, 1) source for backoff jitter. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds since the epoch (deadline, Retry-After dates). */
  now?: () => number;
  temperature?: number;
  maxTokens?: number;
  /** Ask for a JSON object (`response_format: {type: "json_object"}`); default true. */
  jsonMode?: boolean;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A client for any OpenAI-compatible chat-completions endpoint (Together AI, OpenAI, vLLM, Ollama…)
 * over Node's fetch: a strict time budget, retries with jittered exponential backoff on 429 and 5xx
 * that honour `Retry-After` (never waiting past the budget), and typed errors with stable codes.
 *
 * @example
 * const chat = createChatClient({ baseUrl: DEFAULT_LLM_BASE_URL, apiKey, model: DEFAULT_LLM_MODEL });
 * const text = await chat.complete([{ role: "user", content: "Say hi as JSON" }]);
 */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS;
  const maxRetries = options.maxRetries ?? 2;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  if (!(timeoutMs > 0)) throw new RangeError(`invalid LLM timeout: ${timeoutMs}`);
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0))
    throw new RangeError(`invalid LLM retries: ${maxRetries}`);
  let url: string;
  try {
    url = new URL(`${options.baseUrl.replace(/\/+$/, "")}/chat/completions`).href;
  } catch (err) {
    throw new Error(`invalid LLM base URL: ${JSON.stringify(options.baseUrl)}`, { cause: err });
  }

  async function attempt(body: string, remainingMs: number): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), remainingMs);
    try {
      const response = await doFetch(url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          "content-type": "application/json",
          accept: "application/json",
        },
        body,
        signal: controller.signal,
      });
      // Read the body under the same timer: a server can stall after the headers.
      const text = await response.text();
      return new Response(text, { status: response.status, headers: response.headers });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    model: options.model,
    async complete(messages) {
      const body = JSON.stringify({
        model: options.model,
        messages,
        temperature: options.temperature ?? 0.2,
        max_tokens: options.maxTokens ?? 300,
        ...(options.jsonMode === false ? {} : { response_format: { type: "json_object" } }),
      });
      const deadline = now() + timeoutMs;
      for (let tries = 1; ; tries++) {
        const remaining = deadline - now();
        if (remaining <= 0)
          throw new LlmError("timeout", `llm call timed out after ${timeoutMs} ms`, { attempts: tries - 1 });
        let response: Response;
        try {
          response = await attempt(body, remaining);
        } catch (err) {
          if (deadline - now() <= 0 || (err as Error).name === "AbortError") {
            throw new LlmError("timeout", `llm call timed out after ${timeoutMs} ms`, {
              attempts: tries,
              cause: err,
            });
          }
          const failure = new LlmError("network", `llm endpoint unreachable: ${(err as Error).message}`, {
            attempts: tries,
            cause: err,
          });
          await backoff(failure, tries, null, deadline);
          continue;
        }
        const status = response.status;
        if (status === 429 || status >= 500) {
          const failure = new LlmError(
            status === 429 ? "rate-limited" : "server-error",
            `llm endpoint answered ${status}`,
            { status, attempts: tries },
          );
          await backoff(failure, tries, response.headers.get("retry-after"), deadline);
          continue;
        }
        if (status === 401 || status === 403) {
          throw new LlmError("unauthorized", `llm endpoint refused the key (${status})`, {
            status,
            attempts: tries,
          });
        }
        if (status < 200 || status >= 300) {
          throw new LlmError("client-error", `llm endpoint answered ${status}`, { status, attempts: tries });
        }
        return contentOf(await response.text(), tries);
      }
    },
  };

  /** Waits before the next try, or throws `failure` when out of retries or out of time. */
  async function backoff(failure: LlmError, tries: number, retryAfter: string | null, deadline: number) {
    if (tries > maxRetries) throw failure;
    const wait = retryDelayMs(tries - 1, { retryAfter, random: options.random, now });
    if (now() + wait >= deadline) throw failure;
    await sleep(wait);
  }
}

function contentOf(text: string, attempts: number): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new LlmError("bad-response", "llm endpoint sent a body that is not JSON", { attempts, cause: err });
  }
  const content = (json as { choices?: { message?: { content?: unknown } }[] })?.choices?.[0]?.message
    ?.content;
  if (typeof content !== "string") {
    throw new LlmError("bad-response", "llm endpoint sent no choices[0].message.content", { attempts });
  }
  return content;
}
