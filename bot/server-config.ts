/**
 * The server's configuration, read once from the environment by the composition root
 * (bot/server.ts) and validated. Every bad setting is reported at once, one line each; secret
 * values are never echoed. LLM, nudge and usage-log settings are the CLI's (`insightConfigFrom`), so
 * both read the same variables the same way.
 */
import { CodedError } from "../core/src/errors/index.ts";
import { randomBytes as cryptoRandomBytes } from "node:crypto";
import { isIP } from "node:net";
import {
  DEFAULT_HOST,
  insightConfigFrom,
  NOTEBOOK_SETTINGS,
  readSettings,
  SERVER_SETTINGS,
  STORE_SETTINGS,
  type InsightConfig,
} from "../core/src/settings/index.ts";
import { NOTEBOOKS_DIST } from "../notebooks/site.ts";
import { slackConfigFrom, type SlackConfig } from "./slack/slack-config.ts";
import { teamsConfigFrom, type TeamsConfig } from "./teams/teams-settings.ts";

export {
  isLoopbackHost,
  DEFAULT_TEAMS_STORE,
  TEAMS_APP_TYPES,
  type TeamsAppType,
  type TeamsConfig,
} from "./teams/teams-settings.ts";
export {
  DEFAULT_CHART_URL_TTL_SECONDS,
  DEFAULT_HOST,
  DEFAULT_IDLE_TIMEOUT_SECONDS,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_SHUTDOWN_TIMEOUT_SECONDS,
  DEFAULT_SNAPSHOT_POLL_SECONDS,
  MIN_SECRET_LENGTH,
} from "../core/src/settings/index.ts";

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
export class ServerConfigError extends CodedError<"bad-config"> {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      "bad-config",
      `invalid configuration (${problems.length} ${problems.length === 1 ? "setting" : "settings"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "ServerConfigError";
    this.problems = problems;
  }
}

/** Shortest accepted API key (characters). */
export const MIN_API_KEY_LENGTH = 16;

/** The settings the server reads itself (besides the insight, Slack, Teams and digest ones). */
const SERVER_CONFIG_SETTINGS = {
  ...SERVER_SETTINGS.settings,
  ...STORE_SETTINGS.settings,
  ENGAGETRACK_NOTEBOOKS_DIST: NOTEBOOK_SETTINGS.settings.ENGAGETRACK_NOTEBOOKS_DIST,
};

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
  const read = readSettings(env, SERVER_CONFIG_SETTINGS);
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
  const teams = teamsConfigFrom(env, read.ok ? read.settings.HOST : DEFAULT_HOST, problems);
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
