// Every nudge the server serves is an exposure in the shared store, once per customer, arm and
// strategy: /v1/nudges (app events) and chat (the card, "nudge <id>"), on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { openStore, type Store } from "../../../core/src/store/index.ts";
import { testPostgres } from "../../../core/test/fixtures/postgres-server.ts";
import { storeEngines } from "../../../core/test/fixtures/store-engines.ts";
import { buildServedModel, type ServedModel } from "../fixtures/served-model.ts";
import { AUTH, startTestServer, type TestServer } from "../fixtures/test-server.ts";

const pg = await testPostgres();
let served: ServedModel;
let ids: string[];
let snapshotId: string;

beforeAll(async () => {
  served = await buildServedModel();
  const snapshot = (await openSnapshotStore(served.snapshotsDir).latest())!;
  ids = snapshot.table.array("customerID") as string[];
  snapshotId = snapshot.manifest.id;
}, 120_000);
afterAll(async () => {
  served?.remove();
  if (!("skip" in pg)) await pg.stop();
});

for (const engine of storeEngines(pg, "nx")) {
  describe.skipIf(engine.skip !== undefined)(
    `nudge exposures from the server on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ""}`,
    () => {
      let store: Store;
      let api: TestServer;
      beforeAll(async () => {
        store = await openStore({ ...engine.options(), sweepMs: 0 });
        api = await startTestServer(served, { ENGAGETRACK_NUDGE_COOLDOWN_SECONDS: "0" }, { store });
      }, 120_000);
      afterAll(async () => {
        await api?.close();
        await store?.close();
      });

      const event = (customerID: string, e: "login" | "refresh") =>
        fetch(`${api.url}/v1/nudges`, {
          method: "POST",
          headers: { ...AUTH, "content-type": "application/json" },
          body: JSON.stringify({ customerID, event: e }),
        }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { nudge: { variant: string; strategy: string } },
        }));

      it("/v1/nudges: one exposure per customer, arm and strategy, however often it is served", async () => {
        const first = await event(ids[0], "login");
        expect(first.status).toBe(200);
        await event(ids[0], "refresh");
        await event(ids[0], "login");
        await event(ids[1], "login");
        const rows = await api.services.exposures.read("nudge-strategy-2026");
        const mine = rows.filter((r) => r.customerId === ids[0]);
        expect(mine).toHaveLength(1);
        expect(mine[0]).toMatchObject({
          arm: first.body.nudge.variant,
          strategy: first.body.nudge.strategy,
          surface: "api",
          snapshotId,
          replica: store.replica,
        });
        expect(rows.map((r) => r.customerId)).toContain(ids[1]);
      });

      it("chat: the card and the regenerated nudge on Slack are exposures with their surface", async () => {
        await api.services.ask(ids[5], { id: "U0CSM", surface: "slack" });
        await api.services.ask(`nudge ${ids[5]}`, { id: "U0CSM", surface: "slack" });
        const rows = (await api.services.exposures.read("nudge-strategy-2026")).filter(
          (r) => r.customerId === ids[5],
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({ surface: "slack", snapshotId });
      });
    },
  );
}
