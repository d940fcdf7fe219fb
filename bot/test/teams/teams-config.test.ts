// The `teams` section of serverConfigFrom: when /api/messages is mounted, and with what auth.
import { describe, expect, it } from "vitest";
import { serverConfigFrom, ServerConfigError } from "../../server-config.ts";

const APP_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const TENANT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const SECRET = "bot-client-secret-value~123";

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    serverConfigFrom(env);
  } catch (err) {
    if (err instanceof ServerConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a configuration error");
}

describe("serverConfigFrom: teams", () => {
  it("off when nothing is set (the route is not mounted)", () => {
    expect(serverConfigFrom({}).teams).toBeUndefined();
    expect(serverConfigFrom({ ENGAGETRACK_TEAMS_NO_AUTH: "false" }).teams).toBeUndefined();
  });

  it("an app ID and password: Bot Framework auth, MultiTenant by default, store under data/", () => {
    expect(serverConfigFrom({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET }).teams).toEqual({
      auth: "bot-framework",
      appId: APP_ID,
      appPassword: SECRET,
      appType: "MultiTenant",
      storePath: "data/teams/conversations.json",
    });
    expect(
      serverConfigFrom({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: SECRET,
        MicrosoftAppType: "singletenant",
        MicrosoftAppTenantId: TENANT,
        ENGAGETRACK_TEAMS_STORE: "/var/lib/et/teams.json",
      }).teams,
    ).toMatchObject({ appType: "SingleTenant", tenantId: TENANT, storePath: "/var/lib/et/teams.json" });
    expect(
      serverConfigFrom({
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: "UserAssignedMSI",
        MicrosoftAppTenantId: TENANT,
      }).teams,
    ).toEqual({
      auth: "bot-framework",
      appId: APP_ID,
      appType: "UserAssignedMSI",
      tenantId: TENANT,
      storePath: "data/teams/conversations.json",
    });
  });

  it("says what is missing or wrong for each app type, never echoing the password", () => {
    const problems = [
      ...problemsOf({ MicrosoftAppId: APP_ID }),
      ...problemsOf({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: SECRET,
        MicrosoftAppType: "SingleTenant",
      }),
      ...problemsOf({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: SECRET,
        MicrosoftAppType: "UserAssignedMSI",
      }),
      ...problemsOf({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, MicrosoftAppType: "Personal" }),
      ...problemsOf({ MicrosoftAppId: "my-bot", MicrosoftAppPassword: SECRET }),
      ...problemsOf({ MicrosoftAppPassword: SECRET }),
    ];
    expect(problems).toEqual([
      "MicrosoftAppPassword: required with MicrosoftAppType=MultiTenant (the bot's client secret)",
      "MicrosoftAppTenantId: required with MicrosoftAppType=SingleTenant",
      "MicrosoftAppPassword=(hidden): must not be set with MicrosoftAppType=UserAssignedMSI",
      "MicrosoftAppTenantId: required with MicrosoftAppType=UserAssignedMSI",
      'MicrosoftAppType="Personal": must be one of MultiTenant, SingleTenant, UserAssignedMSI',
      'MicrosoftAppId="my-bot": must be the bot\'s app ID (a GUID)',
      "MicrosoftAppPassword is set but MicrosoftAppId is not: set the bot's app ID too, or unset MicrosoftAppPassword",
    ]);
    expect(problems.join("\n")).not.toContain(SECRET);
  });

  it("no auth only on request, only on a loopback HOST, and never with an app ID", () => {
    for (const HOST of ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
      expect(serverConfigFrom({ HOST, ENGAGETRACK_TEAMS_NO_AUTH: "true" }).teams).toEqual({
        auth: "none",
        appId: "",
        appType: "MultiTenant",
        storePath: "data/teams/conversations.json",
      });
    expect(problemsOf({ HOST: "0.0.0.0", ENGAGETRACK_TEAMS_NO_AUTH: "true" })).toEqual([
      'ENGAGETRACK_TEAMS_NO_AUTH=true with HOST="0.0.0.0": an unauthenticated /api/messages is only allowed on a loopback HOST (127.0.0.1, ::1); set MicrosoftAppId and MicrosoftAppPassword to serve Teams',
    ]);
    expect(
      problemsOf({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, ENGAGETRACK_TEAMS_NO_AUTH: "true" }),
    ).toEqual([
      "ENGAGETRACK_TEAMS_NO_AUTH=true with MicrosoftAppId set: a registered bot always checks tokens; unset one of them",
    ]);
    expect(problemsOf({ ENGAGETRACK_TEAMS_NO_AUTH: "yes" })).toEqual([
      'ENGAGETRACK_TEAMS_NO_AUTH="yes": must be true or false',
    ]);
  });
});
