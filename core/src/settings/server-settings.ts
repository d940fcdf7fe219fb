/** `engagetrack serve`: listening, links, API keys, limits, and who may use the notebooks' lookup. */
import { z } from "zod";
import { declareSettings, setting } from "./declare-settings.ts";
import { intSetting, secondsSetting } from "./setting-schemas.ts";

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
export const DEFAULT_CHART_URL_TTL_SECONDS = 24 * 3600;
export const DEFAULT_SNAPSHOT_POLL_SECONDS = 30;
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 10;
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 15;
export const DEFAULT_MAX_CONNECTIONS = 1000;
/** Shortest accepted chart signing secret and proxy secret (characters). */
export const MIN_SECRET_LENGTH = 32;

const secret = () => z.string().min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters`);

export const SERVER_SETTINGS = declareSettings("server", "README.md", {
  PORT: setting(
    intSetting(0, 65_535).default(DEFAULT_PORT),
    "Port of `engagetrack serve` (0: any free port).",
  ),
  HOST: setting(
    z
      .string()
      .regex(/^[A-Za-z0-9.:[\]-]+$/, "a host name or IP address")
      .default(DEFAULT_HOST),
    "Address it listens on.",
  ),
  ENGAGETRACK_PUBLIC_URL: setting(
    z
      .url({ protocol: /^https?$/ })
      .refine((u) => !/[?#]/.test(u), "no query or fragment")
      .optional(),
    "Base of absolute links (charts, summaries, digests' notebook links); empty: the listening address.",
  ),
  ENGAGETRACK_ALLOWED_HOSTS: setting(
    z.string().optional(),
    "More host names the server answers, comma-separated (`*.name.tld` wildcards).",
  ),
  ENGAGETRACK_API_KEYS: setting(z.string().optional(), "Bearer keys of the /v1 API as name:key,name:key.", {
    secret: true,
  }),
  ENGAGETRACK_API_RATE_LIMIT: setting(
    intSetting(1, 1_000_000).default(DEFAULT_RATE_LIMIT_PER_MINUTE),
    "Requests per minute per API key.",
  ),
  ENGAGETRACK_CHART_SIGNING_SECRET: setting(
    secret().optional(),
    "HMAC-SHA256 key of chart links; empty: random per process.",
    { secret: true },
  ),
  ENGAGETRACK_CHART_URL_TTL_SECONDS: setting(
    intSetting(60, 30 * 24 * 3600).default(DEFAULT_CHART_URL_TTL_SECONDS),
    "How long a chart link works.",
  ),
  ENGAGETRACK_SNAPSHOT_POLL_SECONDS: setting(
    secondsSetting(0, 24 * 3600).default(DEFAULT_SNAPSHOT_POLL_SECONDS),
    "How often the server looks for a newer snapshot (0: never).",
  ),
  ENGAGETRACK_SHUTDOWN_TIMEOUT_SECONDS: setting(
    secondsSetting(0, 600).default(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS),
    "How long SIGTERM waits for in-flight requests.",
  ),
  ENGAGETRACK_IDLE_TIMEOUT_SECONDS: setting(
    secondsSetting(0.1, 600).default(DEFAULT_IDLE_TIMEOUT_SECONDS),
    "A connection without a complete request header this long is closed.",
  ),
  ENGAGETRACK_MAX_CONNECTIONS: setting(
    intSetting(1, 1_000_000).default(DEFAULT_MAX_CONNECTIONS),
    "Open client connections per server process at most.",
  ),
  ENGAGETRACK_OWNERS_FILE: setting(
    z.string().trim().min(1).optional(),
    "YAML file of who owns which accounts in chat, the leads, and whether access follows ownership.",
  ),
  ENGAGETRACK_NOTEBOOK_ACCESS: setting(
    z.enum(["loopback", "proxy", "off"]).default("loopback"),
    "Who may look customers up from the notebooks site: loopback, proxy or off.",
  ),
  ENGAGETRACK_NOTEBOOK_USER_HEADER: setting(
    z
      .string()
      .regex(/^[A-Za-z0-9-]{1,64}$/, "an HTTP header name")
      .default("x-auth-request-email"),
    "The proxy's user header in proxy mode.",
  ),
  ENGAGETRACK_TRUSTED_PROXIES: setting(
    z.string().optional(),
    "The proxy's addresses or CIDRs, comma-separated (proxy mode; the API's client address).",
  ),
  ENGAGETRACK_PROXY_SECRET: setting(
    secret()
      .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces (it travels in a header)")
      .optional(),
    "Proxy mode: the secret the proxy sends in X-EngageTrack-Proxy-Secret.",
    { secret: true },
  ),
});
