import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverConfigFrom } from "../../server-config.ts";
import {
  loadOwnerDirectory,
  OwnerDirectoryError,
  parseOwnerDirectory,
} from "../../services/owner-directory.ts";

const OWNERS = ["Dana Whitfield", "Sam Ortiz", "lee@example.com"];

const FILE = `# Who owns which accounts
owners:
  - owner: Dana Whitfield
    email: Dana@Example.com
    slack: U0123ABCD
    teams: 6f0c1a2b-0000-4000-8000-000000000001
  - owner: sam ortiz
    email: sam@example.com
leads: [lead@example.com, U0999LEAD]
access: owners
`;

describe("owner directory", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "owners-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("maps a Slack ID, a Teams object id or an e-mail (any case) to the owner value in the data", () => {
    const d = parseOwnerDirectory(FILE, "owners.yaml");
    expect(d.access).toBe("owners");
    expect(d.resolve({ slackUserId: "U0123ABCD" }, OWNERS)).toEqual({ owner: "Dana Whitfield", lead: false });
    expect(d.resolve({ teamsAadId: "6F0C1A2B-0000-4000-8000-000000000001" }, OWNERS)).toEqual({
      owner: "Dana Whitfield",
      lead: false,
    });
    expect(d.resolve({ email: "dana@example.COM" }, OWNERS)).toEqual({
      owner: "Dana Whitfield",
      lead: false,
    });
    // Written in another case in the file: the data's spelling is the one returned.
    expect(d.resolve({ email: "sam@example.com" }, OWNERS)).toEqual({ owner: "Sam Ortiz", lead: false });
  });

  it("knows leads by e-mail or Slack ID, and nobody else is guessed", () => {
    const d = parseOwnerDirectory(FILE, "owners.yaml");
    expect(d.resolve({ email: "LEAD@example.com" }, OWNERS)).toEqual({ owner: null, lead: true });
    expect(d.resolve({ slackUserId: "U0999LEAD" }, OWNERS)).toEqual({ owner: null, lead: true });
    expect(d.resolve({ slackUserId: "U7777", email: "someone@example.com" }, OWNERS)).toEqual({
      owner: null,
      lead: false,
    });
    expect(d.resolve({}, OWNERS)).toEqual({ owner: null, lead: false });
  });

  it("without a file, an e-mail that is a value of the owner column is that owner, and access is all", async () => {
    const d = await loadOwnerDirectory(undefined);
    expect(d.access).toBe("all");
    expect(d.file).toBeUndefined();
    expect(d.resolve({ email: "Lee@Example.com", slackUserId: "U1" }, OWNERS)).toEqual({
      owner: "lee@example.com",
      lead: false,
    });
    expect(d.resolve({ email: "dana@example.com" }, OWNERS)).toEqual({ owner: null, lead: false });
    expect(d.destinationsFor("lee@example.com")).toEqual({ email: "lee@example.com" });
    expect(d.destinationsFor("Dana Whitfield")).toEqual({});
  });

  it("gives each owner's chat destinations for per-owner digests", () => {
    const d = parseOwnerDirectory(FILE, "owners.yaml");
    expect(d.destinationsFor("Dana Whitfield")).toEqual({
      slack: "U0123ABCD",
      teams: "6f0c1a2b-0000-4000-8000-000000000001",
      email: "Dana@Example.com",
    });
    expect(d.destinationsFor("Sam Ortiz")).toEqual({ email: "sam@example.com" });
    expect(d.destinationsFor("Nobody")).toEqual({});
  });

  it("loads the file named by the setting", async () => {
    const path = join(dir, "owners.yaml");
    await writeFile(path, FILE);
    const d = await loadOwnerDirectory(path);
    expect(d.file).toBe(path);
    expect(d.access).toBe("owners");
    expect(d.resolve({ slackUserId: "U0123ABCD" }, OWNERS).owner).toBe("Dana Whitfield");
  });

  it("access defaults to all; an empty file maps nobody", () => {
    expect(parseOwnerDirectory("owners:\n  - owner: A\n    email: a@x.io\n", "o.yaml").access).toBe("all");
    expect(parseOwnerDirectory("", "o.yaml").resolve({ email: "a@x.io" }, ["B"])).toEqual({
      owner: null,
      lead: false,
    });
  });

  const bad: [string, string, RegExp][] = [
    [
      "a bad e-mail",
      "owners:\n  - owner: A\n    email: not-an-email\n",
      /^owners file "o\.yaml", line 3, owners\[0\]\.email: /,
    ],
    [
      "an unknown key",
      "owners:\n  - owner: A\n    email: a@x.io\n    mail: b@x.io\n",
      /line 2, owners\[0\]: unknown key "mail"/,
    ],
    ["a missing owner", "owners:\n  - email: a@x.io\n", /line 2, owners\[0\]\.owner: missing/],
    ["no identity", "owners:\n  - owner: A\n", /line 2, owners\[0\]: .*email, slack or teams/],
    ["a bad access", "access: some\n", /line 1, access: expected one of "all", "owners"/],
    ["a bad Slack ID", "owners:\n  - owner: A\n    slack: dana\n", /line 3, owners\[0\]\.slack: /],
    [
      "an e-mail mapped twice",
      "owners:\n  - owner: A\n    email: a@x.io\n  - owner: B\n    email: A@x.io\n",
      /line 5, owners\[1\]\.email: "A@x\.io" is already mapped to "A"/,
    ],
    [
      "an owner listed twice",
      "owners:\n  - owner: A\n    email: a@x.io\n  - owner: A\n    email: b@x.io\n",
      /line 4, owners\[1\]\.owner: "A" is listed twice/,
    ],
    ["not yaml", "owners: [\n", /^owners file "o\.yaml", line \d+: not valid YAML/],
    ["a list at the top", "- a\n", /line 1: expected a mapping with owners, leads and access/],
  ];
  it.each(bad)("refuses %s in one sentence naming the file, line and field", (_, text, message) => {
    let error: unknown;
    try {
      parseOwnerDirectory(text, "o.yaml");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OwnerDirectoryError);
    const m = (error as Error).message;
    expect(m).toMatch(message);
    expect(m).not.toMatch(/\n| {4}at /);
  });

  it("the server reads the file's name from ENGAGETRACK_OWNERS_FILE (none when unset)", () => {
    expect(serverConfigFrom({ ENGAGETRACK_OWNERS_FILE: " config/owners.yaml " }).ownersFile).toBe(
      "config/owners.yaml",
    );
    expect(serverConfigFrom({}).ownersFile).toBeUndefined();
  });

  it("the example in docs/my-accounts.md is a valid owners file", async () => {
    const doc = await readFile(join(import.meta.dirname, "../../../docs/my-accounts.md"), "utf8");
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)![1];
    const d = parseOwnerDirectory(example, "docs/my-accounts.md");
    expect(d.resolve({ slackUserId: "U0999LEAD" }, [])).toEqual({ owner: null, lead: true });
    expect(d.resolve({ email: "dana@example.com" }, ["Dana Whitfield"]).owner).toBe("Dana Whitfield");
  });

  it("names the setting when the file cannot be read", async () => {
    await expect(loadOwnerDirectory(join(dir, "missing.yaml"))).rejects.toThrow(
      /^owners file ".*missing\.yaml" \(ENGAGETRACK_OWNERS_FILE\) was not found$/,
    );
  });
});
