// `engagetrack ask` and `engagetrack chat` end to end, in-process through the CLI's run(), over a
// real model and snapshot, chart PNGs on disk, the chat driven through stdin, audit lines read from the log.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliRun } from "../../../cli/test/fixtures/run-cli.ts";
import { runInProcess } from "../../../cli/test/fixtures/run-in-process.ts";
import { auditEventSchema, type AuditEvent } from "../../../core/src/log/index.ts";
import { conversationFixture, type ConversationFixture } from "../fixtures/conversation-fixture.ts";

const SECRET = "sk-test-do-not-log-0123456789abcdef";

let fx: ConversationFixture;
let tmp: string;
let id: string;
beforeAll(async () => {
  fx = await conversationFixture({ trainRows: 1500, seed: 7 });
  tmp = await mkdtemp(join(tmpdir(), "et-ask-"));
  // A High-band customer, so the card has drivers that raise the risk.
  id = (fx.snapshot.table.filter("d => d.band === 'High'").array("customerID") as string[])[0];
});
afterAll(async () => {
  await fx?.close();
  await rm(tmp, { recursive: true, force: true });
});

let runs = 0;
/** Each run gets its own charts folder and usage log. */
function paths() {
  const n = ++runs;
  return { charts: join(tmp, `charts-${n}`), log: join(tmp, `logs-${n}`, "usage.log") };
}
const where = () => ["--model", fx.modelDir, "--snapshots", fx.snapshotsDir];
const env = (log: string) => ({ ENGAGETRACK_USAGE_LOG: log, LLM_API_KEY: SECRET });

async function audits(log: string): Promise<AuditEvent[]> {
  const raw = await readFile(log, "utf8");
  expect(raw).not.toContain(SECRET);
  return raw
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l))
    .filter((l) => l.kind === "audit")
    .map((l) => auditEventSchema.parse(l.audit));
}

async function expectPng(path: string): Promise<void> {
  const bytes = await readFile(path);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(bytes.length).toBeGreaterThan(5000);
}

/** `engagetrack chat` with `input` on stdin, ended as a pipe ends. */
function chat(input: string, args: string[], extraEnv: Record<string, string>): Promise<CliRun> {
  return runInProcess(["chat", ...args], extraEnv, { stdin: input });
}

describe("engagetrack ask", () => {
  it("answers about a customer, writes the waterfall PNG and prints its path; one audit event", async () => {
    const p = paths();
    const r = await runInProcess(
      ["ask", `why is ${id} at risk?`, "--charts-dir", p.charts, ...where()],
      env(p.log),
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const png = join(p.charts, `shap-waterfall-${id}.png`);
    expect(r.stdout).toMatch(new RegExp(`^${id}: High churn risk \\(\\d+%\\)\\n`));
    expect(r.stdout).toContain("\nDrivers:\n");
    expect(r.stdout).toContain(`\nchart: ${png}\n`);
    expect(r.stdout).toContain(`next: drivers ${id} · summary ${id} · nudge ${id}\n`);
    await expectPng(png);
    const [event, ...more] = await audits(p.log);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actor: userInfo().username,
      surface: "terminal",
      action: "ask.customer",
      customerID: id,
      outcome: "ok",
      engine: "rules",
      snapshotId: fx.snapshot.manifest.id,
      modelHash: fx.model.hash,
    });
    expect((await stat(p.log)).mode & 0o777).toBe(0o600);
  });

  it("--json prints the reply and where its charts went (the question may be several words)", async () => {
    const p = paths();
    const r = await runInProcess(
      ["ask", "top", "at-risk", "3", "persona=Student", "--json", "--charts-dir", p.charts, ...where()],
      env(p.log),
    );
    expect(r.code).toBe(0);
    const { reply, outputs } = JSON.parse(r.stdout);
    expect(reply.kind).toBe("top-at-risk");
    expect(reply.ranked).toHaveLength(3);
    expect(reply.title).toMatch(/\(persona=Student\)$/);
    for (const c of reply.ranked as { customerID: string; status: string }[]) {
      expect(c.status).not.toBe("churned");
      expect(fx.snapshot.lookup(c.customerID)?.customer.persona).toBe("Student");
    }
    expect(outputs.charts).toEqual([
      expect.objectContaining({
        id: "risk-distribution",
        kind: "png",
        path: join(p.charts, "risk-distribution.png"),
      }),
    ]);
    await expectPng(outputs.charts[0].path);
  });

  it("writes the summary file", async () => {
    const p = paths();
    const r = await runInProcess(["ask", `summary ${id}`, "--charts-dir", p.charts, ...where()], env(p.log));
    expect(r.code).toBe(0);
    const file = join(p.charts, `${id}-summary.txt`);
    expect(r.stdout).toContain(`file: ${file}\n`);
    expect(await readFile(file, "utf8")).toMatch(new RegExp(`^EngageTrack customer summary: ${id}\\n`));
    expect((await audits(p.log))[0]).toMatchObject({ action: "ask.summary", shown: { format: "txt" } });
  });

  it("an unknown ID: the closest IDs, exit 2, audited as not found", async () => {
    const p = paths();
    const typo = `${id.slice(0, -1)}${id.endsWith("Q") ? "R" : "Q"}`;
    const r = await runInProcess(["ask", typo, "--charts-dir", p.charts, ...where()], env(p.log));
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(new RegExp(`^no customer ${typo}; closest: ${id}`));
    expect(r.stdout).toContain(`try: tell me about ${id}`);
    expect(existsSync(p.charts)).toBe(false);
    expect((await audits(p.log))[0]).toMatchObject({ outcome: "not-found", errorCode: "unknown-customer" });
  });

  it("no snapshot yet: says to run npm start, exit 2, and the failed question is audited", async () => {
    const p = paths();
    const r = await runInProcess(
      ["ask", "help", "--snapshots", join(tmp, "no-snapshots-here"), "--model", fx.modelDir],
      env(p.log),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^engagetrack: no snapshots in .*no-snapshots-here \(run `npm start`/);
    expect(await audits(p.log)).toEqual([
      expect.objectContaining({
        action: "ask",
        surface: "terminal",
        outcome: "invalid",
        errorCode: "no-snapshot",
      }),
    ]);
  });
});

describe("engagetrack chat", () => {
  it("answers two questions through stdin, writes their charts, and stops at exit", async () => {
    const p = paths();
    const r = await chat(
      `why is ${id} at risk\n\nsegment contract\nexit\ntop at-risk 5\n`,
      ["--charts-dir", p.charts, ...where()],
      env(p.log),
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^EngageTrack chat on snapshot .* \([\d,]+ customers\)\. Ask "help"/);
    expect(r.stdout).toContain(`${id}: High churn risk`);
    expect(r.stdout).toContain("Churn risk by contract: ");
    expect(r.stdout).not.toContain("Top 5 at-risk");
    await expectPng(join(p.charts, `shap-waterfall-${id}.png`));
    await expectPng(join(p.charts, "contract-segmentation.png"));
    const events = await audits(p.log);
    expect(events.map((e) => [e.action, e.surface, e.outcome])).toEqual([
      ["ask.customer", "terminal", "ok"],
      ["ask.segment", "terminal", "ok"],
    ]);
  });

  it("ends at end of input (Ctrl-D) and keeps going after a question it cannot answer", async () => {
    const p = paths();
    const r = await chat("segment colour\nhelp\n", ["--charts-dir", p.charts, ...where()], env(p.log));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unknown segment column: "colour"');
    expect(r.stdout).toContain("Ask EngageTrack about customers, segments and experiments:");
    expect((await audits(p.log)).map((e) => e.outcome)).toEqual(["invalid", "ok"]);
  });
});
