import type { AnyMiddlewareArgs, App } from "@slack/bolt";
import { createDeliveryDedupe } from "./delivery-dedupe.ts";
import type { SlackDeps } from "./slack-deps.ts";
import type { InteractionKind } from "./slack-metrics.ts";

/** Where the middleware leaves a command's or button's pending store check for its listener. */
const FIRST_DELIVERY = "engagetrackFirstDelivery";

/**
 * Registers the global middleware that drops repeated deliveries: every delivery is acknowledged
 * first; a repeated one (same event_id or trigger_id in the shared store, or a retry after a
 * timeout) is acknowledged, counted as `deduped` and dropped. Commands and buttons check the store
 * while their listener acknowledges, and await `isFirst(context)` after acking.
 */
export function register(bolt: App, deps: Pick<SlackDeps, "services" | "metrics">): void {
  const { services, metrics } = deps;
  const logger = services.logger;
  const dedupe = createDeliveryDedupe({ store: services.store, clock: services.clock });

  // The store unreachable: answer (a rare double answer beats a question never answered), and say why.
  const firstDelivery = (key: string) =>
    dedupe.first(key).catch((err: unknown) => {
      logger.error({ err, key }, "slack: cannot check the delivery in the shared store; answering it");
      return true;
    });

  bolt.use(
    async (args: AnyMiddlewareArgs & { next: () => Promise<void>; context: Record<string, unknown> }) => {
      const body = args.body as { event_id?: unknown; trigger_id?: unknown };
      const key =
        typeof body.event_id === "string"
          ? `event:${body.event_id}`
          : typeof body.trigger_id === "string"
            ? `trigger:${body.trigger_id}`
            : undefined;
      const retryNum = Number(args.context.retryNum ?? 0);
      // A command or button waits for its acknowledgement (Slack wants it within 3 s) until the
      // listener acks: its store check runs meanwhile, and the listener awaits it after acking
      // (`isFirst`). Events were acknowledged by Bolt already: checked here.
      if (key?.startsWith("trigger:") && !(retryNum > 0 && args.context.retryReason === "http_timeout")) {
        args.context[FIRST_DELIVERY] = firstDelivery(key).then((first) => {
          if (!first) repeated(args.body, key, retryNum, args.context.retryReason);
          return first;
        });
        await args.next();
        return;
      }
      // A retry after a timeout means the first delivery reached a server (maybe another replica)
      // that is answering it: never a second answer.
      const repeat =
        (retryNum > 0 && args.context.retryReason === "http_timeout") ||
        (key !== undefined && !(await firstDelivery(key)));
      if (repeat) {
        const ack = (args as { ack?: () => Promise<void> }).ack;
        if (ack) await ack();
        repeated(args.body, key, retryNum, args.context.retryReason);
        return;
      }
      await args.next();
    },
  );
  const repeated = (body: unknown, key: string | undefined, retryNum: number, retryReason: unknown) => {
    metrics.interactions.inc({ kind: kindOf(body), outcome: "deduped" });
    logger.info({ key, retryNum, retryReason }, "slack: repeated delivery acknowledged and ignored");
  };
}

/** After acking: whether this command or button press is the first delivery (see the middleware). */
export const isFirst = (context: Record<string, unknown>) =>
  (context[FIRST_DELIVERY] as Promise<boolean> | undefined) ?? Promise.resolve(true);

function kindOf(body: unknown): InteractionKind {
  const b = body as { command?: string; type?: string; event?: { type?: string; channel_type?: string } };
  if (b.command) return "command";
  if (b.type === "block_actions") return "button";
  if (b.event?.type === "app_home_opened") return "home";
  if (b.event?.type === "message") return "dm";
  return "mention";
}
