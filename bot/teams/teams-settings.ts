/**
 * The Teams bot's settings (botbuilder's variable names), declared through the same mechanism as
 * every other setting (core/src/settings) and parsed here, next to the Teams adapter. With
 * `MicrosoftAppId` set, every request to /api/messages must carry a Bot Framework token for it.
 * Without one, the bot is mounted only when `ENGAGETRACK_TEAMS_NO_AUTH=true` on a loopback HOST
 * (tests, the Bot Framework Emulator).
 */
import { z } from "zod";
import { declareSettings, readSettings, setting } from "../../core/src/settings/index.ts";

export type TeamsAppType = "MultiTenant" | "SingleTenant" | "UserAssignedMSI";
export const TEAMS_APP_TYPES: readonly TeamsAppType[] = ["MultiTenant", "SingleTenant", "UserAssignedMSI"];
export const DEFAULT_TEAMS_STORE = "data/teams/conversations.json";
export const DEFAULT_TEAMS_DEVELOPER = "EngageTrack";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/i;

export const TEAMS_SETTINGS = declareSettings("teams", "bot/README.md", {
  MicrosoftAppId: setting(
    z.string().regex(GUID, "must be the bot's app ID (a GUID)").optional(),
    "The bot's app ID (a GUID); empty: Teams off.",
  ),
  MicrosoftAppPassword: setting(z.string().optional(), "The bot's client secret.", { secret: true }),
  MicrosoftAppType: setting(
    z
      .string()
      .transform((raw, ctx) => {
        const type = TEAMS_APP_TYPES.find((t) => t.toLowerCase() === raw.toLowerCase());
        if (type) return type;
        ctx.addIssue({ code: "custom", message: `must be one of ${TEAMS_APP_TYPES.join(", ")}` });
        return z.NEVER;
      })
      .optional(),
    "MultiTenant, SingleTenant or UserAssignedMSI.",
    { shownDefault: "MultiTenant" },
  ),
  MicrosoftAppTenantId: setting(
    z.string().regex(TENANT, "must be a tenant ID (a GUID) or domain").optional(),
    "Tenant of SingleTenant and UserAssignedMSI bots.",
  ),
  ENGAGETRACK_TEAMS_NO_AUTH: setting(
    z
      .enum(["true", "false"], { message: "must be true or false" })
      .transform((v) => v === "true")
      .default(false),
    "true: no app ID and no token checks (loopback HOST only; tests, the Emulator).",
  ),
  ENGAGETRACK_TEAMS_STORE: setting(
    z.string().min(1).default(DEFAULT_TEAMS_STORE),
    "Upgrades only: the conversations file of a version before the shared store, imported once.",
  ),
  ENGAGETRACK_TEAMS_APP_ID: setting(
    z.string().regex(GUID, "must be a GUID").optional(),
    "App package only: the Teams app's ID (default the bot's).",
    { shownDefault: "the bot's ID" },
  ),
  ENGAGETRACK_TEAMS_DEVELOPER: setting(
    z.string().max(32, "at most 32 characters").default(DEFAULT_TEAMS_DEVELOPER),
    "App package only: the developer name shown in Teams.",
  ),
});

/** The settings the server reads (the app package's two are `npm run teams:package`'s only). */
const {
  MicrosoftAppId,
  MicrosoftAppPassword,
  MicrosoftAppType,
  MicrosoftAppTenantId,
  ENGAGETRACK_TEAMS_NO_AUTH,
  ENGAGETRACK_TEAMS_STORE,
} = TEAMS_SETTINGS.settings;
const TEAMS_BOT_SETTINGS = {
  MicrosoftAppId,
  MicrosoftAppPassword,
  MicrosoftAppType,
  MicrosoftAppTenantId,
  ENGAGETRACK_TEAMS_NO_AUTH,
  ENGAGETRACK_TEAMS_STORE,
};

/**
 * The Teams bot's settings (botbuilder's variable names). With `MicrosoftAppId` set, every request
 * to /api/messages must carry a Bot Framework token for it. Without one, the bot is mounted only
 * when `ENGAGETRACK_TEAMS_NO_AUTH=true` on a loopback HOST (tests, the Bot Framework Emulator).
 */
export interface TeamsConfig {
  /** "bot-framework": tokens checked for `appId`; "none": no checks (loopback only). */
  auth: "bot-framework" | "none";
  /** The bot's Microsoft App ID; empty when auth is "none". */
  appId: string;
  appPassword?: string;
  appType: TeamsAppType;
  tenantId?: string;
  /**
   * The conversations file of an older version (`ENGAGETRACK_TEAMS_STORE`): imported into the
   * shared store once, then renamed `<name>.imported`. The references now live in the store.
   */
  storePath: string;
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The Teams settings, or undefined when Teams is off; problems (one line each, added to the
 * caller's) name the setting, never a secret.
 *
 * @example
 * const problems: string[] = [];
 * teamsConfigFrom({ ENGAGETRACK_TEAMS_NO_AUTH: "true" }, "127.0.0.1", problems); // { auth: "none", … }
 */
export function teamsConfigFrom(
  env: NodeJS.ProcessEnv,
  host: string,
  problems: string[],
): TeamsConfig | undefined {
  const read = readSettings(env, TEAMS_BOT_SETTINGS);
  if (!read.ok) problems.push(...read.problems);
  const present = read.present;
  const appId = present.MicrosoftAppId?.trim();
  const password = present.MicrosoftAppPassword?.trim();
  const tenantId = present.MicrosoftAppTenantId?.trim();
  // Read from what was set even when another setting is bad, so every problem is listed at once.
  const rawType = (present.MicrosoftAppType ?? "MultiTenant").trim().toLowerCase();
  const appType = TEAMS_APP_TYPES.find((t) => t.toLowerCase() === rawType);
  const noAuth = present.ENGAGETRACK_TEAMS_NO_AUTH?.trim() === "true";
  const storePath = present.ENGAGETRACK_TEAMS_STORE?.trim() || DEFAULT_TEAMS_STORE;

  if (appId === undefined) {
    for (const key of ["MicrosoftAppPassword", "MicrosoftAppType", "MicrosoftAppTenantId"] as const) {
      if (present[key] !== undefined)
        problems.push(`${key} is set but MicrosoftAppId is not: set the bot's app ID too, or unset ${key}`);
    }
    if (!noAuth) return undefined;
    if (!isLoopbackHost(host)) {
      problems.push(
        `ENGAGETRACK_TEAMS_NO_AUTH=true with HOST=${JSON.stringify(host)}: an unauthenticated /api/messages is only allowed on a loopback HOST (127.0.0.1, ::1); set MicrosoftAppId and MicrosoftAppPassword to serve Teams`,
      );
      return undefined;
    }
    return { auth: "none", appId: "", appType: "MultiTenant", storePath };
  }

  if (noAuth)
    problems.push(
      "ENGAGETRACK_TEAMS_NO_AUTH=true with MicrosoftAppId set: a registered bot always checks tokens; unset one of them",
    );
  if (appType === "UserAssignedMSI") {
    if (password !== undefined)
      problems.push("MicrosoftAppPassword=(hidden): must not be set with MicrosoftAppType=UserAssignedMSI");
    if (tenantId === undefined)
      problems.push("MicrosoftAppTenantId: required with MicrosoftAppType=UserAssignedMSI");
  } else if (appType) {
    if (password === undefined)
      problems.push(
        `MicrosoftAppPassword: required with MicrosoftAppType=${appType} (the bot's client secret)`,
      );
    if (appType === "SingleTenant" && tenantId === undefined)
      problems.push("MicrosoftAppTenantId: required with MicrosoftAppType=SingleTenant");
  }
  return {
    auth: "bot-framework",
    appId,
    ...(password !== undefined && { appPassword: password }),
    appType: appType ?? "MultiTenant",
    ...(tenantId !== undefined && { tenantId }),
    storePath,
  };
}
