import type { ServerApp } from "../server-app.ts";
import type { Route } from "./route.ts";
import { sendJson } from "./send.ts";

/** `GET /healthz`: the process is up and serving HTTP (liveness). */
export function healthzRoute(): Route {
  return {
    method: "GET",
    path: "/healthz",
    handle: (ctx) => sendJson(ctx.res, 200, { status: "ok" }),
  };
}

/**
 * `GET /readyz`: 200 with the snapshot and model when both are loaded; 503 with the reason (no
 * snapshot yet and what to run, a model that does not match, shutting down) otherwise.
 */
export function readyzRoute(app: Pick<ServerApp, "draining">): Route {
  return {
    method: "GET",
    path: "/readyz",
    handle(ctx) {
      const s = ctx.services.serving.status();
      if (app.draining()) return sendJson(ctx.res, 503, { status: "not-ready", reason: "shutting down" });
      if (!s.ready || !s.snapshot || !s.model)
        return sendJson(ctx.res, 503, { status: "not-ready", reason: s.reason });
      sendJson(ctx.res, 200, {
        status: "ready",
        snapshot: { id: s.snapshot.id, createdAt: s.snapshot.createdAt, rows: s.snapshot.rows },
        model: s.model,
        // A failed reload while the older snapshot keeps serving.
        warning: s.reason,
      });
    },
  };
}
