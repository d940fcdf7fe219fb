// The Teams asker's identity for "my accounts": the sender's object id, and the e-mail of the
// connector's conversation member, once per user per TTL; a member the connector does not know
// (404) is known by object id only; an object id the owners file names needs no lookup.
import type { TurnContext } from "botbuilder";
import { describe, expect, it } from "vitest";
import { parseOwnerDirectory } from "../../services/owner-directory.ts";
import { createTeamsIdentities, TEAMS_PROFILE_TTL_MS } from "../../teams/teams-identity.ts";
import { silentLogger } from "../fixtures/conversation-fixture.ts";

const AAD = "6f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
const context = (from: { id: string; aadObjectId?: string }) =>
  ({ activity: { from, conversation: { id: "a:1" } } }) as unknown as TurnContext;

describe("teams identities", () => {
  it("takes the e-mail of the conversation member, once per user per TTL", async () => {
    const asked: string[] = [];
    let now = 0;
    const identify = createTeamsIdentities({
      logger: silentLogger(),
      clock: () => now,
      getMember: async (_c, id) => (asked.push(id), { email: "Sam@Example.com" }),
    });
    const sam = context({ id: "29:1sam", aadObjectId: AAD });
    expect(await identify(sam)()).toEqual({ teamsAadId: AAD, email: "Sam@Example.com" });
    now = TEAMS_PROFILE_TTL_MS - 1;
    await identify(sam)();
    expect(asked).toEqual(["29:1sam"]);
    now = TEAMS_PROFILE_TTL_MS;
    await identify(sam)();
    expect(asked).toEqual(["29:1sam", "29:1sam"]);
  });

  it("a member the connector does not know is known by object id only; other failures are thrown", async () => {
    const missing = createTeamsIdentities({
      logger: silentLogger(),
      getMember: async () => {
        throw Object.assign(new Error("not found"), { statusCode: 404 });
      },
    });
    expect(await missing(context({ id: "29:1x", aadObjectId: AAD }))()).toEqual({ teamsAadId: AAD });
    const down = createTeamsIdentities({
      logger: silentLogger(),
      getMember: async () => {
        throw Object.assign(new Error("bad gateway"), { statusCode: 502 });
      },
    });
    await expect(down(context({ id: "29:1y", aadObjectId: AAD }))()).rejects.toThrow("bad gateway");
  });

  it("an object id the owners file names needs no lookup", async () => {
    const identify = createTeamsIdentities({
      owners: parseOwnerDirectory(
        `owners:\n  - owner: Sam Ortiz\n    teams: ${AAD.toUpperCase()}\n`,
        "o.yaml",
      ),
      logger: silentLogger(),
      getMember: async () => {
        throw new Error("must not be asked");
      },
    });
    expect(await identify(context({ id: "29:1sam", aadObjectId: AAD }))()).toEqual({ teamsAadId: AAD });
  });
});
