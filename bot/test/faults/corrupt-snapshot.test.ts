// Fault: a corrupt snapshot or model file appears. While snapshot A serves, a newer snapshot B
// turns up whose Arrow file is truncated, whose bytes no longer match the manifest's SHA-256, or
// which needs a retrained model whose model.onnx is corrupt: the reload fails, /readyz stays 200
// and names the file in its warning, /metrics counts the failed reload, answers keep coming from
// A. At start-up with only a corrupt snapshot (or model, or manifest), /readyz is 503 with the
// reason, naming the file; with a good older snapshot beside a corrupt newest, the older serves.
import { cpSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSnapshotStore, type Manifest } from "../../../core/src/snapshot/index.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { AUTH, startTestServer, type TestServer } from "../fixtures/test-server.ts";

let served: ServedModel;
let a: Manifest;
let ids: string[];
beforeAll(async () => {
  served = await buildServedModel();
  const store = openSnapshotStore(served.snapshotsDir);
  [a] = await store.list();
  ids = ((await store.open(a.id)).table.array("customerID") as string[]).slice(0, 5);
}, 120_000);
afterAll(() => served?.remove());

/** A fresh snapshots directory holding a copy of A, and a fresh copy of the model. */
function workspace(withA = true): { dir: string; modelDir: string; snapshotsDir: string } {
  const dir = mkdtempSync(join(served.dir, "faults-"));
  const snapshotsDir = join(dir, "snapshots");
  const modelDir = join(dir, "model");
  cpSync(served.modelDir, modelDir, { recursive: true });
  if (withA) cpSync(join(served.snapshotsDir, a.id), join(snapshotsDir, a.id), { recursive: true });
  return { dir, modelDir, snapshotsDir };
}

/** Publishes a copy of A as `id` (created an hour later), then applies `damage` to its directory. */
function copyOfA(
  snapshotsDir: string,
  id: string,
  damage: (dir: string) => void = () => undefined,
  manifest: (m: Manifest) => Manifest = (m) => m,
): string {
  const dir = join(snapshotsDir, id);
  cpSync(join(served.snapshotsDir, a.id), dir, { recursive: true });
  const later = new Date(Date.parse(a.createdAt) + 3600_000).toISOString();
  writeFileSync(
    join(dir, "manifest.json"),
    `${JSON.stringify(manifest({ ...a, id, createdAt: later }), null, 2)}\n`,
  );
  damage(dir);
  return dir;
}
const truncate = (dir: string) => truncateSync(join(dir, "customers.arrow"), Math.floor(a.file.bytes / 2));
const flipMiddle = (dir: string) => {
  const path = join(dir, "customers.arrow");
  const bytes = readFileSync(path);
  for (let i = 0; i < 64; i++) bytes[(bytes.length >> 1) + i] ^= 0xff;
  writeFileSync(path, bytes);
};

const readyz = async (s: TestServer) => {
  const res = await fetch(`${s.url}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const reloads = async (s: TestServer, outcome: string) => {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const m = new RegExp(`^engagetrack_snapshot_reloads_total\\{outcome="${outcome}"\\} (\\d+)$`, "m").exec(
    text,
  );
  return m ? Number(m[1]) : 0;
};
/** Every answer for a few customers comes from snapshot `id`. */
const expectAnswersFrom = async (s: TestServer, id: string) => {
  for (const customerID of ids) {
    const res = await fetch(`${s.url}/v1/customers/${customerID}`, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { snapshot: { id: string } }).snapshot.id).toBe(id);
  }
};

describe("a corrupt newer snapshot while A serves", () => {
  const cases: Array<[string, (dir: string) => void, (m: Manifest) => Manifest, (dir: string) => RegExp]> = [
    [
      "a truncated customers.arrow",
      truncate,
      (m) => m,
      (dir) =>
        new RegExp(
          `^cannot load snapshot B-truncated: snapshot file has ${Math.floor(a.file.bytes / 2)} bytes, manifest says ${a.file.bytes}: ${escape(join(dir, "customers.arrow"))}$`,
        ),
    ],
    [
      "a customers.arrow of the right size whose bytes differ from the manifest's sha256",
      flipMiddle,
      (m) => m,
      (dir) =>
        new RegExp(
          `^cannot load snapshot B-altered: snapshot file does not match its manifest sha256: ${escape(join(dir, "customers.arrow"))}$`,
        ),
    ],
  ];
  for (const [what, damage, manifest, reason] of cases) {
    it(`${what}: the reload fails once, /readyz stays 200 naming the file, answers come from A, then a good one swaps in`, async () => {
      const ws = workspace();
      const id = what.startsWith("a truncated") ? "B-truncated" : "B-altered";
      const s = await startTestServer(ws, {}, {}, "corrupt");
      try {
        expect(s.services.serving.status().snapshot?.id).toBe(a.id);
        const bDir = copyOfA(ws.snapshotsDir, id, damage, manifest);
        expect(await s.services.serving.reload()).toBe("failed");
        expect(await s.services.serving.reload()).toBe("unchanged"); // immutable: not retried at every poll
        const ready = await readyz(s);
        expect(ready.status).toBe(200);
        expect(ready.body).toMatchObject({ status: "ready", snapshot: { id: a.id } });
        expect(ready.body.warning).toMatch(reason(bDir));
        expect(await reloads(s, "failed")).toBe(1);
        await expectAnswersFrom(s, a.id);
        // One warning in the operational log, not one per poll.
        expect(s.logs.filter((l) => l.includes("snapshot reload failed")).length).toBe(1);

        copyOfA(
          ws.snapshotsDir,
          "C-good",
          () => undefined,
          (m) => ({
            ...m,
            createdAt: new Date(Date.parse(a.createdAt) + 7200_000).toISOString(),
          }),
        );
        expect(await s.services.serving.reload()).toBe("swapped");
        expect((await readyz(s)).body).toMatchObject({ snapshot: { id: "C-good" }, warning: null });
        await expectAnswersFrom(s, "C-good");
      } finally {
        await s.close();
      }
    });
  }

  it("the bytes-altered file would load without the hash check: the check is what refuses it", async () => {
    const ws = workspace();
    copyOfA(ws.snapshotsDir, "B-altered", flipMiddle);
    const store = openSnapshotStore(ws.snapshotsDir);
    expect((await store.open("B-altered")).size).toBe(a.rows);
    await expect(store.open("B-altered", { verify: true })).rejects.toThrow(
      "does not match its manifest sha256",
    );
  });

  it("a retrained snapshot whose model.onnx is corrupt: refused with the model file named; A and its model keep serving", async () => {
    const ws = workspace();
    const s = await startTestServer(ws, {}, {}, "corrupt-model");
    try {
      // Snapshot B says it was scored by a retrained model; the deployed model.onnx is cut short.
      copyOfA(ws.snapshotsDir, "B-retrained", undefined, (m) => ({
        ...m,
        model: { name: "model", hash: "f".repeat(64) },
      }));
      truncateSync(join(ws.modelDir, "model.onnx"), 100);
      expect(await s.services.serving.reload()).toBe("failed");
      const ready = await readyz(s);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: "ready", snapshot: { id: a.id } });
      expect(ready.body.warning).toMatch(
        new RegExp(
          `^cannot load the model from ${escape(ws.modelDir)}: corrupt model file: .*\\(${escape(join(ws.modelDir, "model.onnx"))}\\)$`,
        ),
      );
      expect(await reloads(s, "failed")).toBeGreaterThanOrEqual(1);
      await expectAnswersFrom(s, a.id);
    } finally {
      await s.close();
    }
  });
});

describe("start-up with a corrupt snapshot or model", () => {
  const notReady = async (ws: { dir: string; modelDir: string; snapshotsDir: string }) => {
    const s = await startTestServer(ws, {}, {}, "corrupt-start");
    try {
      const ready = await readyz(s);
      expect(ready.status).toBe(503);
      const res = await fetch(`${s.url}/v1/customers/${ids[0]}`, { headers: AUTH });
      expect(res.status).toBe(503);
      expect(await (await fetch(`${s.url}/metrics`)).text()).toContain("engagetrack_ready 0");
      return ready.body.reason as string;
    } finally {
      await s.close();
    }
  };

  it("only a truncated snapshot: 503, the reason names its file", async () => {
    const ws = workspace(false);
    const bDir = copyOfA(ws.snapshotsDir, "B-truncated", truncate);
    expect(await notReady(ws)).toMatch(
      new RegExp(
        `^cannot load snapshot B-truncated: snapshot file has \\d+ bytes, manifest says \\d+: ${escape(join(bDir, "customers.arrow"))}$`,
      ),
    );
  });

  it("only a snapshot whose manifest is not JSON: 503, the reason names the manifest", async () => {
    const ws = workspace(false);
    const bDir = copyOfA(ws.snapshotsDir, "B-manifest", (dir) =>
      writeFileSync(join(dir, "manifest.json"), '{"schemaVersion": 1, "id": "B-mani'),
    );
    expect(await notReady(ws)).toBe(
      `no usable snapshot in ${ws.snapshotsDir}: B-manifest skipped (invalid manifest: ${join(bDir, "manifest.json")} is not JSON); publish a good one with \`npm start\` or \`engagetrack score --snapshots ${ws.snapshotsDir}\``,
    );
  });

  it("a corrupt model.onnx: 503, the reason names the model file", async () => {
    const ws = workspace();
    writeFileSync(join(ws.modelDir, "model.onnx"), "not an onnx model");
    expect(await notReady(ws)).toMatch(
      new RegExp(
        `^cannot load the model from .*: corrupt model file: .*\\(${escape(join(ws.modelDir, "model.onnx"))}\\)$`,
      ),
    );
  });

  it("a corrupt newest snapshot beside a good older one: the older serves, /readyz warns why", async () => {
    const ws = workspace();
    const bDir = copyOfA(ws.snapshotsDir, "B-truncated", truncate);
    const s = await startTestServer(ws, {}, {}, "corrupt-fallback");
    try {
      const ready = await readyz(s);
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: "ready", snapshot: { id: a.id } });
      expect(ready.body.warning).toContain(join(bDir, "customers.arrow"));
      await expectAnswersFrom(s, a.id);
      expect(await reloads(s, "failed")).toBe(1);
      expect(await reloads(s, "swapped")).toBe(1);
      expect(await s.services.serving.reload()).toBe("unchanged");
    } finally {
      await s.close();
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
