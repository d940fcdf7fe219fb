/**
 * Reading a customer table from PostgreSQL: 1M rows × 20 mixed columns (text, smallint, integer,
 * bigint, numeric, double, real, boolean, date, timestamptz, NULLs) streamed through
 * readPostgresRecords in batches. rows/s is the throughput; peak RSS (this process only, not the
 * server) shows that the rows never sit in memory together. Uses ENGAGETRACK_TEST_DATABASE_URL or
 * starts a throwaway cluster, like the tests; skips saying why when neither is possible.
 */
import pg from "pg";
import { defineCase } from "../harness.ts";
import { readPostgresRecords } from "../../core/src/data/index.ts";
import {
  postgresSkipReason,
  testPostgres,
  type TestPostgres,
} from "../../core/test/fixtures/postgres-server.ts";

const ROWS = 1_000_000;
const BATCH_ROWS = 10_000;

// Built by the server from generate_series: loading takes a few seconds and no client memory.
const CREATE_TABLE = `
  CREATE TABLE customers AS
  SELECT
    'C-' || lpad(g::text, 7, '0') AS "customerID",
    (ARRAY['Female', 'Male'])[1 + g % 2] AS gender,
    (g % 7 = 0)::int::smallint AS "SeniorCitizen",
    (g % 3 = 0) AS "Partner",
    (g % 4 = 0) AS "Dependents",
    (g % 72)::int AS tenure,
    (ARRAY['DSL', 'Fiber optic', 'No'])[1 + g % 3] AS "InternetService",
    (ARRAY['Month-to-month', 'One year', 'Two year'])[1 + (g / 3) % 3] AS "Contract",
    (ARRAY['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'])[1 + g % 4]
      AS "PaymentMethod",
    round((18.25 + (g % 10000) / 100.0)::numeric, 2) AS "MonthlyCharges",
    CASE WHEN g % 11 = 0 THEN NULL ELSE round((g % 870000) / 100.0, 2) END AS "TotalCharges",
    g::bigint * 1000003 AS lifetime_events,
    (g % 997) / 7.0::float8 AS engagement_score,
    ((g % 100) / 3.0)::real AS usage_ratio,
    (g % 13)::int AS support_calls,
    date '2019-01-01' + (g % 2000) AS signup_date,
    timestamptz '2024-01-01 00:00:00+00' + g * interval '37.123 seconds' AS last_seen,
    CASE WHEN g % 5 = 0 THEN NULL ELSE 'note for customer ' || g || ' — Ünïcødé' END AS note,
    (ARRAY['A', 'B'])[1 + g % 2] AS variant,
    (g % 4 = 1) AS "Churn"
  FROM generate_series(1, ${ROWS}) AS g
`;

export default defineCase<TestPostgres>({
  name: "postgres read: 1M rows × 20 columns (readPostgresRecords)",
  target: "≥ 100k rows/s, peak RSS flat (well under 300 MiB)",
  runs: 3,
  warmup: 1,
  skip: postgresSkipReason,
  async setup() {
    const server = await testPostgres();
    if ("skip" in server) throw new Error(server.skip); // skip() already said no
    const client = new pg.Client({ connectionString: server.url });
    try {
      await client.connect();
      await client.query(CREATE_TABLE);
      await client.query("VACUUM ANALYZE customers"); // not in the same (implicit) transaction
    } catch (err) {
      await server.stop();
      throw err;
    } finally {
      await client.end();
    }
    return server;
  },
  async run(server, ctx) {
    const t0 = performance.now();
    let rows = -1; // the header is not a row
    let cells = 0;
    for await (const record of readPostgresRecords(server.url, {
      table: "customers",
      batchRows: BATCH_ROWS,
    })) {
      rows++;
      cells += record.cells.length;
    }
    if (rows !== ROWS) throw new Error(`read ${rows} rows, expected ${ROWS}`);
    const seconds = (performance.now() - t0) / 1000;
    ctx.report({
      rowsPerSecond: Math.round(ROWS / seconds),
      cellsPerSecond: Math.round(cells / seconds),
      batchRows: BATCH_ROWS,
      serverStartMs: Math.round(server.startMs),
    });
  },
  teardown: (server) => server.stop(),
});
