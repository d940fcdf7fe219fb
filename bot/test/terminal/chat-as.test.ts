// "My accounts" in the terminal (issue 20): `chat --as <owner or e-mail>` and ENGAGETRACK_CHAT_USER
// say who asks, ENGAGETRACK_OWNERS_FILE is read as the server reads it; in-process through the
// CLI's run(), over the accounts table with an owner column (not Telco).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../../cli/test/fixtures/run-in-process.ts";
import { accountsOwnersWorkspace, OWNER_COLUMN } from "../../../core/test/fixtures/accounts-owners.ts";
import type { AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";

let ws: AccountsWorkspace;
let tmp: string;
let book: (owner: string) => { accounts: number; ids: Set<string> };

beforeAll(async () => {
  ws = await accountsOwnersWorkspace({ rows: 600 });
  tmp = await mkdtemp(join(tmpdir(), "et-chat-as-"));
  const ids = ws.snapshot.table.array("account_id") as string[];
  const owners = ws.snapshot.table.array(OWNER_COLUMN) as (string | null)[];
  const status = ws.snapshot.table.array("status") as string[];
  book = (owner) => {
    const rows = [...ids.keys()].filter((i) => owners[i] === owner);
    return {
      accounts: rows.filter((i) => status[i] !== "churned").length,
      ids: new Set(rows.map((i) => ids[i])),
    };
  };
}, 60_000);
afterAll(async () => {
  await ws?.model.release();
  await ws?.close();
  await rm(tmp, { recursive: true, force: true });
});

let runs = 0;
const args = () => [
  "--charts-dir",
  join(tmp, `charts-${++runs}`),
  "--model",
  ws.modelDir,
  "--snapshots",
  ws.snapshotsDir,
];
const env = (extra: Record<string, string> = {}) => ({
  ENGAGETRACK_USAGE_LOG: join(tmp, `logs-${runs}`, "usage.log"),
  ENGAGETRACK_CHAT_USER: "",
  ENGAGETRACK_OWNERS_FILE: "",
  ...extra,
});

describe("my accounts in the terminal", () => {
  it("chat --as <owner value> answers over that owner's accounts", async () => {
    const r = await runInProcess(["chat", "--as", "Dana Whitfield", ...args()], env(), {
      stdin: "my top at-risk 3\nhow many of my accounts are high risk?\n",
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const dana = book("Dana Whitfield");
    expect(r.stdout).toContain(
      `Over your ${dana.accounts} accounts (owner Dana Whitfield):\nTop 3 at-risk customers`,
    );
    const listed = [...r.stdout.matchAll(/tell me about (AC\d+)/g)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThan(0);
    for (const id of listed) expect(dana.ids.has(id)).toBe(true);
  });

  it("ENGAGETRACK_CHAT_USER names the asker by e-mail (an owner value here)", async () => {
    const r = await runInProcess(
      ["ask", "my accounts", ...args()],
      env({ ENGAGETRACK_CHAT_USER: "Lee@Example.com" }),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Over your ${book("lee@example.com").accounts} accounts (owner lee@example.com):`,
    );
  });

  it("nobody named: one sentence on how to say who you are", async () => {
    const r = await runInProcess(["ask", "my accounts", ...args()], env());
    expect(r.stdout.trim().replace(/\s+/g, " ")).toBe(
      "I don't know which accounts are yours: run chat --as <owner or e-mail> (or set ENGAGETRACK_CHAT_USER), with your e-mail in the owners file (ENGAGETRACK_OWNERS_FILE) or an owner value as in the data.",
    );
  });

  it("with access: owners in the owners file, another owner's account is refused", async () => {
    const file = join(tmp, "owners.yaml");
    await writeFile(file, "owners:\n  - owner: Sam Ortiz\n    email: sam@example.com\naccess: owners\n");
    const danas = [...book("Dana Whitfield").ids][0];
    const r = await runInProcess(
      ["ask", `why is ${danas} at risk`, ...args()],
      env({ ENGAGETRACK_OWNERS_FILE: file, ENGAGETRACK_CHAT_USER: "sam@example.com" }),
    );
    expect(r.stdout.trim().replace(/\s+/g, " ")).toBe(
      `${danas} is not one of your accounts, so I can't show it or act on it here; ask its owner or a lead.`,
    );
  });

  it("a bad owners file stops the command with one sentence naming the file, line and field", async () => {
    const file = join(tmp, "bad-owners.yaml");
    await writeFile(file, "owners:\n  - owner: Sam Ortiz\n    email: not-an-email\n");
    const r = await runInProcess(["ask", "my accounts", ...args()], env({ ENGAGETRACK_OWNERS_FILE: file }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /owners file ".*bad-owners\.yaml", line 3, owners\[0\]\.email: not an e-mail address/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
