import type {
  Activity,
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
} from "botbuilder";
import type { Logger } from "../../core/src/log/index.ts";
import { HttpError, readJsonBody, sendJson, type Route } from "../http/index.ts";
import { botResponse } from "./bot-response.ts";

/** Largest activity accepted (bytes): a message with its entities and a card's submitted data. */
export const MAX_ACTIVITY_BYTES = 256 * 1024;

export interface MessagesRouteOptions {
  adapter: CloudAdapter;
  /** Checks tokens before botbuilder runs; omit with auth off. */
  authentication?: ConfigurationBotFrameworkAuthentication;
  bot: ActivityHandler;
  logger: Logger;
}

/**
 * `POST /api/messages`: Bot Framework activities from Teams (or the Emulator) through botbuilder's
 * `CloudAdapter.process`. The body is read size-limited; with an app ID, a request without a valid
 * Bot Framework token is refused with 401 before botbuilder sees it (logged with its code, no
 * detail to the caller, nothing sent to Teams), and botbuilder checks the token again as usual.
 */
export function messagesRoute(options: MessagesRouteOptions): Route {
  const { adapter, authentication, bot, logger } = options;
  return {
    method: "POST",
    path: "/api/messages",
    name: "teams-messages",
    async handle(ctx) {
      const header = ctx.req.headers.authorization ?? "";
      if (authentication && !/^Bearer \S+$/.test(header)) return refuse("teams-missing-token");
      const body = await readJsonBody(ctx.req, MAX_ACTIVITY_BYTES);
      if (body === null || typeof body !== "object" || Array.isArray(body) || !("type" in body))
        throw new HttpError("bad-request", "send one Bot Framework activity: a JSON object with a type");
      if (authentication) {
        try {
          await authentication.authenticateRequest(body as Activity, header);
        } catch (err) {
          return refuse("teams-bad-token", err);
        }
      }
      await adapter.process(
        { body: body as Record<string, unknown>, headers: ctx.req.headers, method: ctx.req.method },
        botResponse(ctx.res),
        (context) => bot.run(context),
      );

      function refuse(code: string, err?: unknown): void {
        logger.warn(
          { code, reason: err instanceof Error ? err.message.slice(0, 200) : undefined },
          "teams request refused",
        );
        sendJson(ctx.res, 401, {
          error: {
            code: "teams-unauthorized",
            message: "the request does not carry a valid Bot Framework token",
          },
        });
      }
    },
  };
}
