/**
 * The one HTTP server and its composition root. `serve(env)` (what `engagetrack serve` runs) reads
 * the configuration once, builds the shared services (logger, model and snapshot with hot reload,
 * nudge engine and cooldown, chart renderer and link signer, metrics, audit log), mounts every
 * listener with `register(app)`, prints how to try it, and on SIGTERM/SIGINT stops accepting,
 * drains in-flight requests, releases the model and returns.
 *
 * Listeners: the HTTP API (bot/http) now; the Slack and Teams adapters append their `register`
 * to `LISTENERS` and mount their endpoints on the same route table and services.
 */
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { register as api } from "./http/index.ts";
import { register as slack } from "./slack/index.ts";
import { register as teams } from "./teams/index.ts";
import { digestListenerFrom } from "./digest/index.ts";
import { createRequestHandler, createRouter } from "./http/index.ts";
import { limitConnections } from "./http/connection-limits.ts";
import { hostGuardWarning } from "./http/host-guard.ts";
import type { Listener, ServerApp } from "./server-app.ts";
import { serverConfigFrom, ServerConfigError, type ServerConfig } from "./server-config.ts";
import { createServices, type ServerServices } from "./services/index.ts";
import { startBanner } from "./start-banner.ts";

export { serverConfigFrom, ServerConfigError, type ServerConfig } from "./server-config.ts";
export { createServices, type ServerServices, type ServiceEffects } from "./services/index.ts";
export type { Listener, ServerApp } from "./server-app.ts";

/** Every listener kind, in mounting order. */
export const LISTENERS: readonly Listener[] = [api, slack, teams];

/** A listening server. */
export interface RunningServer {
  /** Where it listens, e.g. `http://127.0.0.1:3000` (a wildcard host shows as 127.0.0.1). */
  readonly url: string;
  readonly app: ServerApp;
  /**
   * Stops accepting connections, waits for in-flight requests (up to the shutdown timeout, then
   * closes their connections) and runs the listeners' close hooks. The services stay open: close
   * them after (their owner does).
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Default `LISTENERS`. */
  listeners?: readonly Listener[];
}

/**
 * Mounts the listeners on one node:http server and listens on `config.host:config.port`.
 *
 * @example
 * const services = await createServices(config);
 * const server = await startServer(config, services);
 * await fetch(`${server.url}/readyz`);
 * await server.close();
 * await services.close();
 */
export async function startServer(
  config: ServerConfig,
  services: ServerServices,
  options: StartOptions = {},
): Promise<RunningServer> {
  const router = createRouter();
  const startHooks: Array<() => Promise<void> | void> = [];
  const closeHooks: Array<() => Promise<void> | void> = [];
  let draining = false;
  const app: ServerApp = {
    services,
    route: (route) => router.add(route),
    onStart: (hook) => void startHooks.push(hook),
    onClose: (hook) => void closeHooks.push(hook),
    draining: () => draining,
  };
  for (const register of options.listeners ?? LISTENERS) register(app);
  const handler = createRequestHandler(router, services, () => draining);
  const server = createServer(
    { requestTimeout: 60_000, headersTimeout: 20_000, keepAliveTimeout: 5_000 },
    handler,
  );
  limitConnections(server, config.connections, services.logger);
  await listen(server, config.port, config.host);
  const address = server.address() as AddressInfo;
  const url = `http://${hostForUrl(address.address)}:${address.port}`;
  services.listening(url);
  for (const hook of startHooks) await hook();

  let closing: Promise<void> | undefined;
  const close = async () => {
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const inFlight = handler.inFlight();
    if (inFlight > 0) services.logger.info({ inFlight }, "draining in-flight requests");
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      handler.idle().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), config.shutdownTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (!drained)
      services.logger.warn(
        { inFlight: handler.inFlight(), timeoutMs: config.shutdownTimeoutMs },
        "shutdown timeout: closing connections with requests still in flight",
      );
    server.closeAllConnections();
    await closed;
    for (const hook of closeHooks.reverse()) await hook();
  };
  return {
    url,
    app,
    close: () => (closing ??= close()),
  };
}

/** Input and output of `serve`; defaults are the process's own. */
export interface ServeIo {
  /** Operational log (JSON lines). */
  stdout?: NodeJS.WritableStream & { write(s: string): boolean };
  /** The start banner. */
  stderr?: { write(s: string): unknown };
  signals?: Pick<NodeJS.Process, "once" | "off">;
  /** Called once the server listens and the banner is printed (`engagetrack start` opens its chat). */
  onListening?: (url: string) => void;
}

/**
 * Runs the server until SIGTERM or SIGINT, then drains and returns. Throws `ServerConfigError`
 * (every bad setting listed) before listening when the configuration cannot work.
 */
export async function serve(env: NodeJS.ProcessEnv, io: ServeIo = {}): Promise<void> {
  const stderr = io.stderr ?? process.stderr;
  const signals = io.signals ?? process;
  const config = serverConfigFrom(env);
  // Scheduled digests run in the serving process unless ENGAGETRACK_DIGESTS_IN_PROCESS=false.
  const digests = digestListenerFrom(env);
  const services = await createServices(config, { logStream: io.stdout ?? process.stdout });
  let server: RunningServer;
  try {
    server = await startServer(config, services, { listeners: [...LISTENERS, digests] });
  } catch (err) {
    await services.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
      throw new ServerConfigError([
        `PORT=${config.port} HOST=${config.host}: cannot listen there (${code}): choose another PORT or HOST`,
      ]);
    }
    throw err;
  }
  if (!config.publicUrl && (config.host === "0.0.0.0" || config.host === "::")) {
    services.logger.warn(
      { url: server.url },
      "ENGAGETRACK_PUBLIC_URL is not set: chart links point at the loopback address, which other machines cannot open",
    );
  }
  const hostWarning = hostGuardWarning(config);
  if (hostWarning) services.logger.warn({ host: config.host }, hostWarning);
  stderr.write(banner(server.url, services));
  services.logger.info({ url: server.url }, "listening");
  io.onListening?.(server.url);
  const signal = await new Promise<string>((resolve) => {
    const stop = (name: string) => {
      signals.off("SIGTERM", onTerm);
      signals.off("SIGINT", onInt);
      resolve(name);
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    signals.once("SIGTERM", onTerm);
    signals.once("SIGINT", onInt);
  });
  services.logger.info({ signal }, "shutting down: no new connections, draining in-flight requests");
  await server.close();
  await services.close();
  services.logger.info("stopped");
}

function banner(url: string, services: ServerServices): string {
  const { config, serving } = services;
  const status = serving.status();
  let sampleCustomer: string | undefined;
  let chartUrl: string | undefined;
  if (status.ready) {
    const lease = serving.acquire();
    try {
      // The data set's own id column (not Telco's customerID: serve crashed on other tables).
      if (lease.snapshot.size > 0)
        sampleCustomer = String(lease.snapshot.table.get(lease.snapshot.idColumn, 0));
    } finally {
      lease.release();
    }
    if (sampleCustomer)
      chartUrl = services.links.url({ chart: "shap-waterfall", customerID: sampleCustomer });
  }
  return startBanner({
    url,
    serving:
      status.snapshot && status.model
        ? { snapshotId: status.snapshot.id, rows: status.snapshot.rows, model: status.model.name }
        : { reason: status.reason ?? "not ready" },
    keyNames: config.apiKeys.map((k) => k.name),
    sampleCustomer,
    chartUrl,
    surfaces: surfaces(url, services),
    chartTtlSeconds: config.charts.ttlSeconds,
    pollSeconds: config.snapshotPollMs / 1000,
  });
}

/** What each face does on this server, so a first run shows where to look. */
function surfaces(url: string, services: ServerServices): string[] {
  const { config } = services;
  const built = existsSync(join(config.notebooks.dist, "index.html"));
  return [
    built
      ? `Notebooks: ${url}/notebooks/ (customer lookup: ${config.notebooks.mode})`
      : "Notebooks: not built yet — npm run notebooks:build",
    config.slack
      ? `Slack: on (${config.slack.mode === "socket" ? "Socket Mode" : `events at ${url}/slack/events`})`
      : "Slack: off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; see the README)",
    config.teams ? `Teams: on at ${url}/api/messages` : "Teams: off (set MicrosoftAppId; see the README)",
    "Digests: on the schedules in data/digests.json (ENGAGETRACK_DIGESTS); no credentials → Markdown + PNG in data/outbox/",
    "Terminal: npx engagetrack chat",
  ];
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function hostForUrl(address: string): string {
  if (address === "0.0.0.0") return "127.0.0.1";
  if (address === "::") return "[::1]";
  return address.includes(":") ? `[${address}]` : address;
}

// `tsx bot/server.ts` runs the server directly (containers); `engagetrack serve` calls `serve`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await serve(process.env);
  } catch (err) {
    process.stderr.write(`engagetrack serve: ${(err as Error).message}\n`);
    process.exitCode = err instanceof ServerConfigError ? 2 : 1;
  }
}
