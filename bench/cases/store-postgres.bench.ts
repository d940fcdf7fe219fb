/**
 * The store on a PostgreSQL server over loopback (ENGAGETRACK_TEST_DATABASE_URL, or a throwaway
 * cluster like the tests'; skipped saying why without one): open time (connect + migrations) and
 * per-operation latency (ms).
 */
import { defineCase } from "../harness.ts";
import {
  postgresSkipReason,
  testPostgres,
  type TestPostgres,
} from "../../core/test/fixtures/postgres-server.ts";
import { measureStore } from "./store-ops.ts";

export default defineCase<TestPostgres>({
  name: "store: PostgreSQL over loopback, open + 2,000 of each operation",
  runs: 5,
  warmup: 1,
  skip: postgresSkipReason,
  async setup() {
    const server = await testPostgres();
    if ("skip" in server) throw new Error(server.skip);
    return server;
  },
  async run(server, ctx) {
    ctx.report(
      await measureStore({ databaseUrl: server.url, schema: `b_${Math.random().toString(36).slice(2, 10)}` }),
    );
  },
  teardown: (server) => server.stop(),
});
