import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuditEventInput } from "../../core/src/log/index.ts";
import type { ServerServices } from "../services/index.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What a handler may add to its request's audit event. */
export type AuditDetails = Partial<
  Pick<AuditEventInput, "actor" | "surface" | "customerID" | "shown" | "engine" | "snapshotId" | "modelHash">
>;

/** One request being handled. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Path parameters, decoded: `/v1/customers/:id` → `{ id }`; a trailing `*` → `{ "*": rest }`. */
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
  readonly services: ServerServices;
  /** Adds facts to this request's audit event (routes with `audit` only). */
  audit(details: AuditDetails): void;
}

/**
 * One entry of the server's route table. Adapters (Slack, Teams) mount their transport's endpoints
 * the same way as the API: `app.route({ method: "POST", path: "/slack/events", handle })`; the
 * handler gets the raw request (body unread, so signatures can be checked on the exact bytes).
 */
export interface Route {
  method: HttpMethod;
  /**
   * `/v1/customers/:id`; a parameter may carry a literal suffix (`/charts/:token.png`); a final
   * `*` matches the rest of the path (`/slack/*`).
   */
  path: string;
  /** Label in metrics; default `path`. Keep it low-cardinality. */
  name?: string;
  /**
   * Audit action for a user-facing API route ("nudge.event", "report"): the server writes one
   * audit event (surface "api") per request, outcome from the status. Omit for health and
   * metrics, and for adapters that audit each interaction themselves (Slack, Teams).
   */
  audit?: string;
  handle(ctx: RouteContext): Promise<void> | void;
}
