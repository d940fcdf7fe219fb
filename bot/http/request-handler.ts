import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuditOutcome } from "../../core/src/log/index.ts";
import { InsightError } from "../../core/src/report/index.ts";
import { NotReadyError, type ServerServices } from "../services/index.ts";
import { CUSTOMER_ID_PATTERN } from "./customer-id.ts";
import { hostPolicyFrom, refuseHost } from "./host-guard.ts";
import { HttpError } from "./http-error.ts";
import type { AuditDetails, RouteContext } from "./route.ts";
import type { Router } from "./router.ts";
import { sendError } from "./send.ts";

/** The server's request listener, with a count of requests in flight for draining. */
export interface RequestHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Requests being handled now. */
  inFlight(): number;
  /** Resolves when no request is in flight. */
  idle(): Promise<void>;
}

/**
 * Routes each request through the table, after refusing (421) a `Host` the server does not answer
 * (see `hostAllowed`: loopback names, the public URL's host, ENGAGETRACK_ALLOWED_HOSTS, the
 * server's own IP address): 404/405 for unknown paths and methods; typed errors to
 * `{"error":{"code","message"}}` (a 500 shows no detail; the log gets the cause); request count
 * and latency by route and status; and, for routes with an `audit` action, one audit event
 * (surface "api") whatever the outcome. Once `draining()` is true, replies close their connection.
 */
export function createRequestHandler(
  router: Router,
  services: ServerServices,
  draining: () => boolean,
): RequestHandler {
  const { metrics, logger } = services;
  const hosts = hostPolicyFrom(services.config);
  let active = 0;
  let waiters: Array<() => void> = [];

  const handle = async (req: IncomingMessage, res: ServerResponse, responded: Promise<void>) => {
    const started = performance.now();
    const method = req.method ?? "GET";
    let routeName = "unmatched";
    let auditAction: string | undefined;
    let details: AuditDetails & { errorCode?: string } = {};
    if (draining()) res.setHeader("connection", "close");
    try {
      // Before routing: a request for another host name (DNS rebinding) reaches no route.
      const misdirected = refuseHost(hosts, req);
      if (misdirected) {
        routeName = "misdirected";
        throw misdirected;
      }
      const url = new URL(req.url ?? "/", "http://localhost");
      let match;
      try {
        match = router.match(method, url.pathname);
      } catch {
        throw new HttpError("bad-request", "malformed escape in the request path");
      }
      if (!match)
        throw new HttpError("not-found", `no such endpoint: ${method} ${url.pathname.slice(0, 200)}`);
      if ("allowed" in match) {
        throw new HttpError("method-not-allowed", `use ${match.allowed.join(" or ")} here`, {
          headers: { allow: match.allowed.join(", ") },
        });
      }
      const { route, params } = match;
      routeName = route.name ?? route.path;
      auditAction = route.audit;
      const ctx: RouteContext = {
        req,
        res,
        params,
        url,
        services,
        audit: (d) => void (details = { ...details, ...d, shown: { ...details.shown, ...d.shown } }),
      };
      await route.handle(ctx);
    } catch (err) {
      const error = toHttpError(err);
      details.errorCode = error.code;
      if (error.status >= 500 && error.code === "internal")
        logger.error({ err, route: routeName }, "request failed");
      if (res.headersSent) res.destroy();
      else sendError(res, error);
    } finally {
      // Adapters (Bolt's receiver, botbuilder) may answer after their handler returns: measure and
      // audit the response, not the handler.
      await responded;
      const seconds = (performance.now() - started) / 1000;
      const labels = { route: routeName, method, status: String(res.statusCode) };
      metrics.requests.inc(labels);
      metrics.latency.observe(labels, seconds);
      if (auditAction) writeAudit(services, auditAction, res.statusCode, details, seconds);
    }
  };

  const listener = ((req, res) => {
    active++;
    metrics.inFlight.inc();
    // Count the request until its response is done (or its connection gone), not until the handler returns.
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      active--;
      metrics.inFlight.dec();
      if (active === 0) {
        const w = waiters;
        waiters = [];
        for (const resolve of w) resolve();
      }
    };
    const responded = new Promise<void>((resolve) => {
      res.once("finish", resolve);
      res.once("close", resolve);
    });
    res.once("finish", finish);
    res.once("close", finish);
    void handle(req, res, responded);
  }) as RequestHandler;
  listener.inFlight = () => active;
  listener.idle = () => (active === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve)));
  return listener;
}

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof NotReadyError)
    return new HttpError("not-ready", `not ready: ${err.message}`, { headers: { "retry-after": "5" } });
  if (err instanceof InsightError) {
    if (err.code === "unknown-customer") return new HttpError("unknown-customer", err.message);
    return new HttpError("model-mismatch", err.message, { headers: { "retry-after": "30" } });
  }
  return new HttpError("internal", "internal error (logged)", { cause: err });
}

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return "ok";
  if (status === 404) return "not-found";
  if (status === 401 || status === 403 || status === 429) return "denied";
  if (status < 500 && status !== 422) return "invalid";
  return "error";
}

function writeAudit(
  services: ServerServices,
  action: string,
  status: number,
  details: AuditDetails & { errorCode?: string },
  seconds: number,
): void {
  const status_ = services.serving.status();
  try {
    services.audit({
      actor: details.actor ?? "anonymous",
      surface: details.surface ?? "api",
      action,
      customerID:
        details.customerID && CUSTOMER_ID_PATTERN.test(details.customerID) ? details.customerID : null,
      shown: { status, ...details.shown },
      engine: details.engine ?? null,
      outcome: outcomeOf(status),
      errorCode: details.errorCode ?? null,
      latencyMs: Math.round(seconds * 10_000) / 10,
      snapshotId: details.snapshotId ?? status_.snapshot?.id ?? null,
      modelHash: details.modelHash ?? status_.model?.hash ?? null,
    });
  } catch (err) {
    services.logger.error({ err, action }, "audit event not written");
  }
}
