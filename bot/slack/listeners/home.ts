import type { App } from "@slack/bolt";
import { checkAccess } from "../access-policy.ts";
import { afterAcknowledgement } from "../answer-pipeline.ts";
import { homeSummary } from "../home-summary.ts";
import { homeView, refusedHomeView } from "../home-view.ts";
import type { SlackDeps } from "../slack-deps.ts";
import { SlackError, slackErrorCode } from "../slack-error.ts";
import { SLACK_COMMAND } from "./commands.ts";

/** The Home tab: published when opened (the top at-risk and the asker's figures, or why not). */
export function register(bolt: App, deps: SlackDeps): void {
  const { config, services, client, metrics, identify, track } = deps;
  const logger = services.logger;

  bolt.event("app_home_opened", async ({ event }) => {
    if (event.tab !== "home") return;
    await track(publishHome(event.user));
  });

  async function publishHome(user: string): Promise<void> {
    await afterAcknowledgement();
    const started = performance.now();
    const access = checkAccess(config, { user, direct: true });
    try {
      if (!access.allowed) {
        metrics.interactions.inc({ kind: "home", outcome: "refused" });
        services.audit({
          actor: user,
          surface: "slack",
          action: "home",
          outcome: "denied",
          errorCode: access.code,
          latencyMs: Math.round(performance.now() - started),
          shown: { via: "home" },
        });
        await client.views.publish({ user_id: user, view: refusedHomeView(access.text) });
        return;
      }
      const status = services.serving.status();
      const asker = { id: user, surface: "slack" as const, identify: identify(user) };
      const top = status.ready ? await services.ask("top at-risk 5", asker) : null;
      // With access by owner, the asker's own figures (home-summary.ts).
      const { summary, reason } = await homeSummary(services.serving, services.owners, asker);
      await client.views.publish({
        user_id: user,
        view: homeView({
          snapshot: status.snapshot,
          summary,
          reason,
          top,
          command: SLACK_COMMAND,
        }),
      });
      metrics.interactions.inc({ kind: "home", outcome: "answered" });
    } catch (err) {
      const code = err instanceof SlackError ? err.code : "slack-api";
      metrics.interactions.inc({ kind: "home", outcome: "failed" });
      logger.error({ err, code, slackError: slackErrorCode(err) }, "slack: home tab not published");
      services.audit({
        actor: user,
        surface: "slack",
        action: "home",
        outcome: "error",
        errorCode: code,
        latencyMs: Math.round(performance.now() - started),
        shown: { via: "home" },
      });
    }
  }
}
