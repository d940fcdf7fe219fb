import type { Route } from "./http/route.ts";
import type { ServerServices } from "./services/index.ts";

/**
 * What a listener gets to mount itself on the one server: the shared services, the route table
 * and lifecycle hooks. The API registers its routes here; the Slack adapter mounts Bolt's
 * receiver on `/slack/events` (or starts Socket Mode in `onStart`), the Teams adapter
 * `/api/messages`.
 */
export interface ServerApp {
  readonly services: ServerServices;
  route(route: Route): void;
  /** Runs once the server listens (e.g. open a Socket Mode connection). */
  onStart(hook: () => Promise<void> | void): void;
  /** Runs at shutdown after in-flight requests drained, before the services close. */
  onClose(hook: () => Promise<void> | void): void;
  /** True once shutdown began: /readyz says so and new work should be refused. */
  draining(): boolean;
}

/** One listener kind: `register(app)` mounts its routes and hooks (Slack's starter app does the same). */
export type Listener = (app: ServerApp) => void;
