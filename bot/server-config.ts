/**
 * The server's configuration, read once from the environment by the composition root
 * (bot/server.ts) and validated. Every bad setting is reported at once, one line each; secret
 * values are never echoed. LLM, nudge and usage-log settings are the CLI's (`insightConfigFrom`), so
 * both read the same variables the same way.
 */
import { randomBytes as cryptoRandomBytes } from "node:crypto";
import { isIP } from "node:net";
import { z } from "zod";
import {
  DEFAULT_STORE_DIR,
  insightConfigFrom,
  readEnvSettings,
  type InsightConfig,
} from "../core/src/index.ts";
import { NOTEBOOKS_DIST } from "../notebooks/site.ts";
import { slackConfigFrom, type SlackConfig } from "./slack/slack-config.ts";

/** One bearer key of the /v1 API, named for logs, metrics and audit events (the name is not secret). */
export interface ApiKey {
  name: string;
  key: string;
}

export interface ServerConfig {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Base of absolute links (chart URLs), without a trailing slash; default the listening address. */
  publicUrl?: string;
  /**
   * Host names besides the loopback names and the public URL's host that the server answers
   * (lower-case; `*.example.com` matches any name under example.com); other `Host`s get 421.
   */
  allowedHosts: readonly string[];
  apiKeys: readonly ApiKey[];
  /** Requests per minute per API key (token bucket: bursts up to this many). */
  rateLimitPerMinute: number;
  charts: {
    /** HMAC-SHA256 key of chart links. */
    secret: Buffer;
    /** True when no secret was configured and a random one was made for this process. */
    ephemeralSecret: boolean;
    ttlSeconds: number;
  };
  /** The Microsoft Teams bot (`/api/messages`); undefined when it is not configured (not mounted). */
  teams?: TeamsConfig;
  /** The Slack app (SLACK_* settings: /slack/events or Socket Mode); undefined when it is not configured (not mounted). */
  slack?: SlackConfig;
  /** How often the snapshots directory is checked for a newer snapshot; 0 = never. */
  snapshotPollMs: number;
  /** How long SIGTERM waits for in-flight requests before closing their connections. */
  shutdownTimeoutMs: number;
  /** Model and snapshot directories, LLM, nudge cooldown and strategies, usage log. */
  insight: InsightConfig;
  /**
   * Where the state replicas share lives: the PostgreSQL server at `DATABASE_URL`, or (unset) the
   * embedded PGlite in `dir` (`ENGAGETRACK_STORE_DIR`, default data/store), which one process holds.
   */
  store: { databaseUrl?: string; dir: string };
  /** Who may look customers up from the notebooks site (`/notebooks/api/customers/:id`). */
  notebooks: NotebookAccess;
  /** Limits on client connections (bot/http/connection-limits.ts). */
  connections: ConnectionLimits;
  /**
   * The owners file (`ENGAGETRACK_OWNERS_FILE`, YAML): who owns which accounts in chat, the leads,
   * and whether access follows ownership (bot/services/owner-directory.ts); undefined: none.
   */
  ownersFile?: string;
}

/** How long a connection may go without a complete request header, and how many may be open. */
export interface ConnectionLimits {
  /** A connection without a complete request header this long after connecting or its last answer is closed (ms). */
  idleTimeoutMs: number;
  /** Open connections at most; more are closed at once. */
  max: number;
}

/**
 * How the notebooks site's customer lookup is guarded. A static page cannot hold an API key, so
 * the lookup has its own same-origin route with one of three policies: `loopback` (default: only
 * requests made on this machine, not through a proxy — `npm start` on a laptop), `proxy` (an
 * authenticating proxy in front, e.g. oauth2-proxy behind the NGINX ingress, sets `userHeader`;
 * requests without it are refused), or `off` (only the customers bundled with the site).
 */
export interface NotebookAccess {
  mode: "loopback" | "proxy" | "off";
  /** Lower-case header naming the signed-in user in `proxy` mode (recorded as the audit actor). */
  userHeader: string;
  /**
   * `proxy` mode: the proxy's addresses as `address/prefix` (IPv4 or IPv6); the user header is
   * trusted only on connections from them. Empty = any address (then `proxySecret` is set).
   */
  trustedProxies: readonly string[];
  /** `proxy` mode: the value the proxy sends in `x-engagetrack-proxy-secret` (never logged). */
  proxySecret?: string;
  /** The built site served at `/notebooks/` (default notebooks/dist). */
  dist: string;
}

/** Start-up refused: each entry names one setting and what is wrong with it. */
export class ServerConfigError extends Error {
  readonly code = "bad-config";
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      `invalid configuration (${problems.length} ${problems.length === 1 ? "setting" : "settings"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ServerConfigError";
    this.problems = problems;
  }
}

export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
export const DEFAULT_CHART_URL_TTL_SECONDS = 24 * 3600;
export const DEFAULT_SNAPSHOT_POLL_SECONDS = 30;
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 10;
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 15;
export const DEFAULT_MAX_CONNECTIONS = 1000;
/** Shortest accepted chart signing secret and API key (characters). */
export const MIN_SECRET_LENGTH = 32;
export const MIN_API_KEY_LENGTH = 16;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const seconds = (max: number) => z.coerce.number().finite().min(0).max(max);

const schema = z.object({
  PORT: int(0, 65_535).default(DEFAULT_PORT),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+$/, "a host name or IP address")
    .default(DEFAULT_HOST),
  ENGAGETRACK_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .refine((u) => !/[?#]/.test(u), "no query or fragment")
    .optional(),
  ENGAGETRACK_API_KEYS: z.string().optional(),
  ENGAGETRACK_API_RATE_LIMIT: int(1, 1_000_000).default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  ENGAGETRACK_CHART_SIGNING_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters`)
    .optional(),
  ENGAGETRACK_CHART_URL_TTL_SECONDS: int(60, 30 * 24 * 3600).default(DEFAULT_CHART_URL_TTL_SECONDS),
  ENGAGETRACK_SNAPSHOT_POLL_SECONDS: seconds(24 * 3600).default(DEFAULT_SNAPSHOT_POLL_SECONDS),
  ENGAGETRACK_SHUTDOWN_TIMEOUT_SECONDS: seconds(600).default(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS),
  ENGAGETRACK_NOTEBOOK_ACCESS: z.enum(["loopback", "proxy", "off"]).default("loopback"),
  ENGAGETRACK_NOTEBOOK_USER_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, "an HTTP header name")
    .default("x-auth-request-email"),
  ENGAGETRACK_NOTEBOOKS_DIST: z.string().optional(),
  ENGAGETRACK_IDLE_TIMEOUT_SECONDS: z.coerce
    .number()
    .finite()
    .min(0.1)
    .max(600)
    .default(DEFAULT_IDLE_TIMEOUT_SECONDS),
  ENGAGETRACK_MAX_CONNECTIONS: int(1, 1_000_000).default(DEFAULT_MAX_CONNECTIONS),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/i, "a postgres:// or postgresql:// URL")
    .optional(),
  ENGAGETRACK_STORE_DIR: z.string().min(1).default(DEFAULT_STORE_DIR),
  ENGAGETRACK_OWNERS_FILE: z.string().trim().min(1).optional(),
  ENGAGETRACK_ALLOWED_HOSTS: z.string().optional(),
  ENGAGETRACK_TRUSTED_PROXIES: z.string().optional(),
  ENGAGETRACK_PROXY_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters`)
    .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces (it travels in a header)")
    .optional(),
});

const SECRET = new Set([
  "DATABASE_URL",
  "ENGAGETRACK_API_KEYS",
  "ENGAGETRACK_CHART_SIGNING_SECRET",
  "ENGAGETRACK_PROXY_SECRET",
  "MicrosoftAppPassword",
]);

export interface ServerConfigOptions {
  /** Random bytes for an ephemeral chart secret; default node:crypto. */
  randomBytes?: (size: number) => Buffer;
}

/**
 * Reads and validates the server's settings; throws `ServerConfigError` listing every bad one.
 *
 * @example
 * const config = serverConfigFrom({ PORT: "8080", ENGAGETRACK_API_KEYS: "shop:0123456789abcdef" });
 * config.apiKeys; // [{ name: "shop", key: "0123456789abcdef" }]
 */
export function serverConfigFrom(env: NodeJS.ProcessEnv, options: ServerConfigOptions = {}): ServerConfig {
  const problems: string[] = [];
  const read = readEnvSettings(schema, env, SECRET);
  if (!read.ok) problems.push(...read.problems);
  const apiKeys = parseApiKeys(read.present.ENGAGETRACK_API_KEYS, problems);
  const allowedHosts = parseAllowedHosts(read.present.ENGAGETRACK_ALLOWED_HOSTS, problems);
  const trustedProxies = parseTrustedProxies(read.present.ENGAGETRACK_TRUSTED_PROXIES, problems);
  if (
    read.present.ENGAGETRACK_NOTEBOOK_ACCESS === "proxy" &&
    trustedProxies.length === 0 &&
    read.present.ENGAGETRACK_PROXY_SECRET === undefined
  )
    problems.push(
      "ENGAGETRACK_NOTEBOOK_ACCESS=proxy needs ENGAGETRACK_TRUSTED_PROXIES (the proxy's addresses) or ENGAGETRACK_PROXY_SECRET (a header only the proxy adds), or any caller could name itself any user",
    );
  const teams = parseTeams(env, read.ok ? read.settings.HOST : DEFAULT_HOST, problems);
  const slack = slackConfigFrom(env, problems);
  let insight: InsightConfig | undefined;
  try {
    insight = insightConfigFrom(env);
  } catch (err) {
    // insightConfigFrom reports its settings as one "invalid configuration: a; b" message; list them
    // one by one beside ours.
    const message = (err as Error).message.replace(/^invalid configuration:\s*/, "");
    problems.push(...message.split("; "));
  }
  if (problems.length > 0 || !read.ok || !insight) throw new ServerConfigError(problems);

  const c = read.settings;
  const secret = c.ENGAGETRACK_CHART_SIGNING_SECRET;
  return {
    host: c.HOST,
    port: c.PORT,
    publicUrl: c.ENGAGETRACK_PUBLIC_URL?.replace(/\/+$/, ""),
    allowedHosts,
    apiKeys,
    rateLimitPerMinute: c.ENGAGETRACK_API_RATE_LIMIT,
    charts: {
      secret: secret ? Buffer.from(secret, "utf8") : (options.randomBytes ?? cryptoRandomBytes)(32),
      ephemeralSecret: !secret,
      ttlSeconds: c.ENGAGETRACK_CHART_URL_TTL_SECONDS,
    },
    ...(teams && { teams }),
    ...(slack && { slack }),
    snapshotPollMs: Math.round(c.ENGAGETRACK_SNAPSHOT_POLL_SECONDS * 1000),
    shutdownTimeoutMs: Math.round(c.ENGAGETRACK_SHUTDOWN_TIMEOUT_SECONDS * 1000),
    insight,
    store: {
      ...(c.DATABASE_URL !== undefined && { databaseUrl: c.DATABASE_URL }),
      dir: c.ENGAGETRACK_STORE_DIR,
    },
    notebooks: {
      mode: c.ENGAGETRACK_NOTEBOOK_ACCESS,
      userHeader: c.ENGAGETRACK_NOTEBOOK_USER_HEADER.toLowerCase(),
      trustedProxies,
      ...(c.ENGAGETRACK_PROXY_SECRET !== undefined && { proxySecret: c.ENGAGETRACK_PROXY_SECRET }),
      dist: c.ENGAGETRACK_NOTEBOOKS_DIST ?? NOTEBOOKS_DIST,
    },
    connections: {
      idleTimeoutMs: Math.round(c.ENGAGETRACK_IDLE_TIMEOUT_SECONDS * 1000),
      max: c.ENGAGETRACK_MAX_CONNECTIONS,
    },
    ...(c.ENGAGETRACK_OWNERS_FILE !== undefined && { ownersFile: c.ENGAGETRACK_OWNERS_FILE }),
  };
}

export type TeamsAppType = "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
export const TEAMS_APP_TYPES: readonly TeamsAppType[] = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];
export const DEFAULT_TEAMS_STORE = "data/teams/conversations.json";

/**
 * The Teams bot's settings (botbuilder's variable names). With `MicrosoftAppId` set, every request
 * to /api/messages must carry a Bot Framework token for it. Without one, the bot is mounted only
 * when `ENGAGETRACK_TEAMS_NO_AUTH=true` on a loopback HOST (tests, the Bot Framework Emulator).
 */
export interface TeamsConfig {
  /** "bot-framework": tokens checked for `appId`; "none": no checks (loopback only). */
  auth: "bot-framework" | "none";
  /** The bot's Microsoft App ID; empty when auth is "none". */
  appId: string;
  appPassword?: string;
  appType: TeamsAppType;
  tenantId?: string;
  /**
   * The conversations file of an older version (`ENGAGETRACK_TEAMS_STORE`): imported into the
   * shared store once, then renamed `<name>.imported`. The references now live in the store.
   */
  storePath: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/i;

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The Teams settings, or undefined when Teams is off; problems name the setting, never a secret. */
function parseTeams(env: NodeJS.ProcessEnv, host: string, problems: string[]): TeamsConfig | undefined {
  const get = (key: string) => {
    const v = env[key]?.trim();
    return v ? v : undefined;
  };
  const appId = get("MicrosoftAppId");
  const password = get("MicrosoftAppPassword");
  const rawType = get("MicrosoftAppType");
  const tenantId = get("MicrosoftAppTenantId");
  const noAuthRaw = get("ENGAGETRACK_TEAMS_NO_AUTH");
  const storePath = get("ENGAGETRACK_TEAMS_STORE") ?? DEFAULT_TEAMS_STORE;
  let noAuth = false;
  if (noAuthRaw !== undefined) {
    if (noAuthRaw !== "true" && noAuthRaw !== "false")
      problems.push(`ENGAGETRACK_TEAMS_NO_AUTH=${JSON.stringify(noAuthRaw)}: must be true or false`);
    noAuth = noAuthRaw === "true";
  }
  const appType = TEAMS_APP_TYPES.find((t) => t.toLowerCase() === (rawType ?? "MultiTenant").toLowerCase());
  if (!appType)
    problems.push(
      `MicrosoftAppType=${JSON.stringify(rawType)}: must be one of ${TEAMS_APP_TYPES.join(", ")}`,
    );
  if (tenantId !== undefined && !TENANT.test(tenantId))
    problems.push(`MicrosoftAppTenantId=${JSON.stringify(tenantId)}: must be a tenant ID (a GUID) or domain`);

  if (appId === undefined) {
    for (const [key, value] of [
      ["MicrosoftAppPassword", password],
      ["MicrosoftAppType", rawType],
      ["MicrosoftAppTenantId", tenantId],
    ] as const) {
      if (value !== undefined)
        problems.push(`${key} is set but MicrosoftAppId is not: set the bot's app ID too, or unset ${key}`);
    }
    if (!noAuth) return undefined;
    if (!isLoopbackHost(host)) {
      problems.push(
        `ENGAGETRACK_TEAMS_NO_AUTH=true with HOST=${JSON.stringify(host)}: an unauthenticated /api/messages is only allowed on a loopback HOST (127.0.0.1, ::1); set MicrosoftAppId and MicrosoftAppPassword to serve Teams`,
      );
      return undefined;
    }
    return { auth: "none", appId: "", appType: "MultiTenant", storePath };
  }

  if (!GUID.test(appId))
    problems.push(`MicrosoftAppId=${JSON.stringify(appId)}: must be the bot's app ID (a GUID)`);
  if (noAuth)
    problems.push(
      "ENGAGETRACK_TEAMS_NO_AUTH=true with MicrosoftAppId set: a registered bot always checks tokens; unset one of them",
    );
  if (appType === "UserAssignedMSI") {
    if (password !== undefined)
      problems.push("MicrosoftAppPassword=(hidden): must not be set with MicrosoftAppType=UserAssignedMSI");
    if (tenantId === undefined)
      problems.push("MicrosoftAppTenantId: required with MicrosoftAppType=UserAssignedMSI");
  } else if (appType) {
    if (password === undefined)
      problems.push(
        `MicrosoftAppPassword: required with MicrosoftAppType=${appType} (the bot's client secret)`,
      );
    if (appType === "SingleTenant" && tenantId === undefined)
      problems.push("MicrosoftAppTenantId: required with MicrosoftAppType=SingleTenant");
  }
  return {
    auth: "bot-framework",
    appId,
    ...(password !== undefined && { appPassword: password }),
    appType: appType ?? "MultiTenant",
    ...(tenantId !== undefined && { tenantId }),
    storePath,
  };
}

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const WILDCARD = new RegExp(`^\\*\\.${LABEL}(?:\\.${LABEL})+$`);

/** `a.example.com,*.corp.example.com` → lower-case names; a bare `*` or `*.tld` is refused. */
function parseAllowedHosts(raw: string | undefined, problems: string[]): string[] {
  const hosts: string[] = [];
  for (const entry of (raw ?? "").split(",")) {
    const host = entry.trim().toLowerCase();
    if (host === "") continue;
    const ipv6 = /^\[(.+)\]$/.exec(host);
    if (HOST_NAME.test(host) || WILDCARD.test(host) || (ipv6 && isIP(ipv6[1]) === 6)) hosts.push(host);
    else
      problems.push(
        `ENGAGETRACK_ALLOWED_HOSTS=${JSON.stringify(entry.trim())}: must be host names without port or scheme, or *.name.tld wildcards`,
      );
  }
  return hosts;
}

/** `10.0.0.0/8,fd00::/8,192.0.2.7` → `address/prefix` entries; a /0 (every address) is refused. */
function parseTrustedProxies(raw: string | undefined, problems: string[]): string[] {
  const proxies: string[] = [];
  for (const entry of (raw ?? "").split(",")) {
    const text = entry.trim();
    if (text === "") continue;
    const [address, prefix, extra] = text.split("/");
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    const length = prefix === undefined ? bits : Number(prefix);
    if (
      family === 0 ||
      extra !== undefined ||
      !/^\d{1,3}$/.test(prefix ?? "0") ||
      length < 1 ||
      length > bits
    )
      problems.push(
        `ENGAGETRACK_TRUSTED_PROXIES=${JSON.stringify(text)}: must be IPv4 or IPv6 addresses or CIDRs (e.g. 10.244.0.0/16), not every address`,
      );
    else proxies.push(`${address.toLowerCase()}/${length}`);
  }
  return proxies;
}

/** `name:key,name:key` → keys; problems name the pair by position, never its key. */
function parseApiKeys(raw: string | undefined, problems: string[]): ApiKey[] {
  if (raw === undefined) return [];
  const keys: ApiKey[] = [];
  const where = "ENGAGETRACK_API_KEYS=(hidden)";
  const pairs = raw.split(",").map((p) => p.trim());
  pairs.forEach((pair, i) => {
    const at = `${where}: pair ${i + 1} of ${pairs.length}`;
    const colon = pair.indexOf(":");
    if (colon < 0) return void problems.push(`${at} is not name:key`);
    const name = pair.slice(0, colon).trim();
    const key = pair.slice(colon + 1).trim();
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name))
      return void problems.push(`${at}: name must be 1–64 letters, digits, '.', '_' or '-'`);
    if (key.length < MIN_API_KEY_LENGTH || /\s/.test(key))
      return void problems.push(
        `${at} (${name}): key must be at least ${MIN_API_KEY_LENGTH} characters without spaces`,
      );
    if (keys.some((k) => k.name === name)) return void problems.push(`${at}: name ${name} is repeated`);
    if (keys.some((k) => k.key === key))
      return void problems.push(`${at} (${name}): same key as ${keys.find((k) => k.key === key)!.name}`);
    keys.push({ name, key });
  });
  return keys;
}
