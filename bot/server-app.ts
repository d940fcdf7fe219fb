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

/**
 * One listener kind: `register(app)` mounts its routes and hooks (Slack's starter app does the
 * same); bot/server.ts lists them in `LISTENERS`. Handlers get node's raw request with the body
 * unread, so a transport can verify signatures over the exact bytes and answer in its own time (the
 * server measures the response, not the handler). Transports audit their own interactions.
 *
 * @example
 * // bot/slack/index.ts: Bolt's HTTPReceiver without its own server (Socket Mode: start in onStart).
 * export function register(app: ServerApp): void {
 *   const receiver = new HTTPReceiver({ signingSecret, endpoints: "/slack/events", processBeforeResponse: false });
 *   const bolt = new App({ token, receiver });
 *   bolt.command("/engage", …); // answers from bot/conversation with app.services
 *   app.route({ method: "POST", path: "/slack/events", name: "slack-events",
 *     handle: ({ req, res }) => receiver.requestListener(req, res) });
 *   app.onClose(() => bolt.stop());
 * }
 * // bot/teams/index.ts: botbuilder's CloudAdapter on /api/messages (parse the body with readJsonBody).
 */
export type Listener = (app: ServerApp) => void;
