import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliError } from "../../cli-error.ts";
import type { ListReport, ShowReport } from "../../actions/snapshot.ts";
import { runInProcess } from "../fixtures/run-in-process.ts";
import { createPartWriter, shardOf, type Manifest } from "../../../core/src/snapshot/index.ts";
import {
  CURRENT,
  PREVIOUS,
  handRow,
  handSnapshot,
  HAND_SOURCES,
} from "../../../core/test/snapshot/hand-snapshots.ts";
import { toBatch } from "../../../core/test/snapshot/synthetic-scored.ts";

let root: string;
let snapshots: string;
let older: Manifest;
let newer: Manifest;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "engagetrack-snapshot-"));
  snapshots = join(root, "snapshots");
  older = (await handSnapshot(snapshots, PREVIOUS, "2026-11-20T10:00:00Z")).manifest;
  newer = (await handSnapshot(snapshots, CURRENT, "2026-11-21T10:00:00Z")).manifest;
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs `engagetrack snapshot …` in-process and returns what it printed on stdout; throws what failed it. */
async function run(...args: string[]): Promise<string> {
  const r = await runInProcess(["snapshot", ...args]);
  if (r.error !== undefined) throw r.error;
  return r.stdout;
}

async function failure(...args: string[]): Promise<CliError> {
  const error = await run(...args).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe("engagetrack snapshot list", () => {
  it("prints a table, newest first", async () => {
    const out = await run("list", "--snapshots", snapshots);
    expect(out.split("\n")).toEqual([
      // Customers to act on leave the churned out (A and G in the newer snapshot).
      "id                             created                   customers  to act on  high  model",
      `${newer.id}  2026-11-21T10:00:00.000Z  6          4          1     hand`,
      `${older.id}  2026-11-20T10:00:00.000Z  5          5          1     hand`,
      "",
    ]);
  });

  it("prints manifests as JSON", async () => {
    const report = JSON.parse(await run("list", "--snapshots", snapshots, "--json")) as ListReport;
    expect(report).toEqual({ dir: snapshots, snapshots: [newer, older], skipped: [] });
  });

  it("says so when there are none", async () => {
    expect(await run("list", "--snapshots", join(root, "none"))).toBe(
      `no snapshots in ${join(root, "none")}\n`,
    );
  });
});

describe("engagetrack snapshot show", () => {
  it("summarises a snapshot by id, or the latest", async () => {
    const out = await run("show", older.id, "--snapshots", snapshots);
    expect(out).toContain(`${older.id}  created 2026-11-20T10:00:00.000Z`);
    expect(out).toContain("5 customers, 5 to act on: High 1 · Medium 3 · Low 1");
    // PREVIOUS: Contract |.25|,|.25|,0,|1|,|.5| → 2/5 = .4; tenure .25/5 = .05.
    expect(out).toContain("top sources (mean |SHAP|): Contract 0.400, tenure 0.050");
    const latest = JSON.parse(
      await run("show", "latest", "--snapshots", snapshots, "--json", "--verify"),
    ) as ShowReport;
    expect(latest.manifest).toEqual(newer);
    expect(latest.importance.map((i) => i.source)).toEqual(["Contract", "tenure"]);
  });

  it("fails with exit code 2 for an unknown or malformed id, or an empty directory", async () => {
    const unknown = await failure("show", "2020-01-01T00-00-00Z-00000000", "--snapshots", snapshots);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.message).toBe(`no such snapshot: "2020-01-01T00-00-00Z-00000000" in ${snapshots}`);
    expect((await failure("show", "../x", "--snapshots", snapshots)).message).toBe(
      'invalid snapshot id: "../x"',
    );
    const empty = await failure("show", "latest", "--snapshots", join(root, "none"));
    expect([empty.exitCode, empty.message]).toEqual([2, `no snapshots in ${join(root, "none")}`]);
  });
});

describe("engagetrack snapshot commit", () => {
  it("publishes the snapshot once all parts are there, and refuses (exit 2) before", async () => {
    const parts = join(root, "parts");
    const target = join(root, "committed");
    const rows = CURRENT.map(handRow);
    const writeShard = async (shard: number) => {
      const part = await createPartWriter({
        partsDir: parts,
        shard,
        of: 2,
        model: { name: "hand", hash: "h1" },
        dataHash: "d1",
      });
      await part.append(
        toBatch(
          rows.filter((r) => shardOf(r.customer.customerID, 2) === shard),
          HAND_SOURCES,
        ),
      );
      await part.finish();
    };
    await writeShard(0);
    const refused = await failure("commit", "--parts", parts, "--snapshots", target);
    expect([refused.exitCode, refused.message]).toEqual([
      2,
      `cannot commit: missing parts: part-1-of-2 in ${parts}`,
    ]);
    expect(await readdir(target).catch(() => [])).toEqual([]);

    await writeShard(1);
    const out = await run("commit", "--parts", parts, "--snapshots", target);
    const [id] = await readdir(target);
    expect(out).toBe(`published ${id}: 6 customers, 4 to act on: High 1 · Medium 1 · Low 2\n`);
    const listed = JSON.parse(await run("list", "--snapshots", target, "--json")) as ListReport;
    expect(listed.snapshots.map((m) => [m.id, m.rows, m.file.sha256])).toEqual([[id, 6, newer.file.sha256]]);
  });
});
