import { describe, expect, it } from "vitest";
import { checkAccess } from "../../slack/index.ts";

const open = { allowedUsers: null, allowedChannels: null };
const listed = { allowedUsers: new Set(["U0ALICE"]), allowedChannels: new Set(["C0GENERAL"]) };

describe("checkAccess", () => {
  it("without allow-lists anyone may ask anywhere", () => {
    expect(checkAccess(open, { user: "U0ANY", channel: "C0ANY", direct: false })).toEqual({ allowed: true });
  });

  it("refuses users not listed, anywhere, naming their ID so an admin can add it", () => {
    const d = checkAccess(listed, { user: "U0MALLORY", channel: "C0GENERAL", direct: false });
    expect(d).toMatchObject({ allowed: false, code: "user-not-allowed" });
    expect(d.allowed || d.text).toMatch(/U0MALLORY/);
    expect(checkAccess(listed, { user: "U0MALLORY", direct: true })).toMatchObject({ allowed: false });
  });

  it("refuses channels not listed, but not DMs or the Home tab, which nobody else sees", () => {
    expect(checkAccess(listed, { user: "U0ALICE", channel: "C0RANDOM", direct: false })).toMatchObject({
      allowed: false,
      code: "channel-not-allowed",
    });
    expect(checkAccess(listed, { user: "U0ALICE", channel: "D0ALICE", direct: true })).toEqual({
      allowed: true,
    });
    expect(checkAccess(listed, { user: "U0ALICE", direct: true })).toEqual({ allowed: true });
  });
});
