import { createServer } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataFileError } from "../../src/data/data-file-error.ts";
import { readCsvRecords, type CsvRecord } from "../../src/data/read-csv-records.ts";
import {
  isPostgresUrl,
  readPostgresRecords,
  redactPostgresUrl,
  type PostgresReadOptions,
} from "../../src/data/read-postgres-records.ts";
import { testPostgres } from "../fixtures/postgres-server.ts";
import { quote, tempDir } from "./customer-csv.ts";

async function readAll(url: string, options: PostgresReadOptions): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const record of readPostgresRecords(url, options)) out.push(record);
  return out;
}

async function readError(url: string, options: PostgresReadOptions): Promise<DataFileError> {
  try {
    await readAll(url, options);
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return err as DataFileError;
  }
  throw new Error("expected the read to fail");
}

/** A port on 127.0.0.1 with nothing listening (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("isPostgresUrl and redactPostgresUrl", () => {
  it("recognises postgres:// and postgresql:// locations only", () => {
    expect(isPostgresUrl("postgres://db/crm")).toBe(true);
    expect(isPostgresUrl("postgresql://app@db:5432/crm")).toBe(true);
    expect(isPostgresUrl("POSTGRES://db/crm")).toBe(true);
    expect(isPostgresUrl("customers.csv")).toBe(false);
    expect(isPostgresUrl("data/postgres://x.csv")).toBe(false);
    expect(isPostgresUrl("mysql://db/crm")).toBe(false);
  });

  it("replaces the password, and only the password, with ***", () => {
    expect(redactPostgresUrl("postgres://app:s3cret@db:5432/crm")).toBe("postgres://app:***@db:5432/crm");
    expect(redactPostgresUrl("postgresql://app:p%40ss@db/crm?sslmode=require")).toBe(
      "postgresql://app:***@db/crm?sslmode=require",
    );
    expect(redactPostgresUrl("postgres://app@db/crm")).toBe("postgres://app@db/crm");
    expect(redactPostgresUrl("postgres://db/crm")).toBe("postgres://db/crm");
    expect(redactPostgresUrl("postgres://db/crm?user=app&password=s3cret&x=1")).toBe(
      "postgres://db/crm?user=app&password=***&x=1",
    );
  });

  it("hides too much rather than too little when the password holds unencoded @ or /", () => {
    for (const url of ["postgres://app:a@b/c@db/crm", "postgres://app:a/b@db/crm"]) {
      const redacted = redactPostgresUrl(url);
      expect(redacted).toBe("postgres://app:***@db/crm");
    }
  });
});

const server = await testPostgres();
const skip = "skip" in server ? server.skip : undefined;

describe.skipIf(skip !== undefined)(
  `readPostgresRecords against a real PostgreSQL server${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    const url = "skip" in server ? "" : server.url;
    const tmp = tempDir();
    let admin: pg.Client;

    const HEADER = [
      "customerID",
      "tenure",
      "visits",
      "MonthlyCharges",
      "score",
      "ratio",
      "active",
      "signup",
      "last_seen",
      "local_seen",
      "note",
    ];
    // What a CSV export of the table holds, cell for cell.
    const ROWS = [
      [
        "C-0001",
        "1",
        "9007199254740993", // past 2^53: must not go through a JS number
        "29.85",
        "29.85",
        "0.1",
        "true",
        "2024-01-02",
        "2024-03-01T09:30:00.000Z",
        "2024-03-01T09:30:00.000Z",
        "plain",
      ],
      [
        "Ünïcødé 日本 🎉",
        "-5",
        "-1",
        "-0.50",
        "1e-7",
        "-2.5",
        "false",
        "1999-12-31",
        "2024-03-01T07:30:00.123Z", // written with a +02 offset; microseconds truncated as in a JS Date
        "2024-06-30T23:59:59.500Z",
        'comma, "quote" and ; DROP TABLE',
      ],
      ["C-0003", "", "", "", "", "", "", "", "", "", ""],
      ["C-0004", "0", "0", "1234567890.12", "Infinity", "NaN", "true", "2000-02-29", "", "", ""],
    ];

    beforeAll(async () => {
      admin = new pg.Client({ connectionString: url, application_name: "engagetrack-test" });
      await admin.connect();
      await admin.query(`
        CREATE TABLE customers (
          "customerID" text, tenure integer, visits bigint, "MonthlyCharges" numeric(12, 2),
          score double precision, ratio real, active boolean, signup date,
          last_seen timestamptz, local_seen timestamp, note text
        );
        INSERT INTO customers VALUES
          ('C-0001', 1, 9007199254740993, 29.85, 29.85, 0.1, true, '2024-01-02',
           '2024-03-01 09:30:00+00', '2024-03-01 09:30:00', 'plain'),
          ('Ünïcødé 日本 🎉', -5, -1, -0.5, 1e-7, -2.5, false, '1999-12-31',
           '2024-03-01 09:30:00.123456+02', '2024-06-30 23:59:59.5', 'comma, "quote" and ; DROP TABLE'),
          ('C-0003', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
          ('C-0004', 0, 0, 1234567890.12, 'Infinity', 'NaN', true, '2000-02-29', NULL, NULL, '');
        CREATE TABLE many AS SELECT g AS n, 'row ' || g AS label FROM generate_series(1, 2500) AS g;
        CREATE TABLE empty (a int, b text);
        CREATE TABLE multiline (id int, note text);
        INSERT INTO multiline VALUES (1, E'two\\nlines'), (2, 'one');
        CREATE SCHEMA crm;
        CREATE TABLE crm."Mixed Case" ("Id" int);
        INSERT INTO crm."Mixed Case" VALUES (7);
      `);
    });

    afterAll(async () => {
      await admin?.end();
      tmp.cleanup();
      if (!("skip" in server)) await server.stop();
    });

    it("reads a table as its header then one record per row, every cell in canonical text", async () => {
      const records = await readAll(url, { table: "customers" });
      expect(records).toEqual([
        { line: 1, cells: HEADER },
        ...ROWS.map((cells, k) => ({ line: k + 2, cells })),
      ]);
    });

    it("gives exactly the records a CSV file of the same table gives", async () => {
      const csv = [HEADER, ...ROWS].map((r) => r.map((c) => quote(c)).join(",")).join("\n") + "\n";
      const path = tmp.file("customers.csv", csv);
      const fromCsv: CsvRecord[] = [];
      for await (const record of readCsvRecords(path)) fromCsv.push(record);
      expect(await readAll(url, { table: "customers" })).toEqual(fromCsv);
    });

    it("numbers data rows by position (line k + 2) even when a cell spans lines", async () => {
      expect(await readAll(url, { query: "SELECT * FROM multiline ORDER BY id" })).toEqual([
        { line: 1, cells: ["id", "note"] },
        { line: 2, cells: ["1", "two\nlines"] },
        { line: 3, cells: ["2", "one"] },
      ]);
    });

    it("keeps dates and timestamps the same whatever the process time zone, and leaves pg's global parsers alone", async () => {
      const before = process.env.TZ;
      process.env.TZ = "Pacific/Kiritimati"; // UTC+14: a date turned into a local Date would move a day
      try {
        const records = await readAll(url, { table: "customers" });
        expect(records.slice(1).map((r) => [r.cells[7], r.cells[8], r.cells[9]])).toEqual(
          ROWS.map((r) => [r[7], r[8], r[9]]),
        );
      } finally {
        process.env.TZ = before;
      }
      expect(pg.types.getTypeParser(1082, "text")("2024-01-02")).toBeInstanceOf(Date);
      expect(pg.types.getTypeParser(16, "text")("t")).toBe(true);
    });

    it("gives only the header for an empty table", async () => {
      expect(await readAll(url, { table: "empty" })).toEqual([{ line: 1, cells: ["a", "b"] }]);
    });

    it("runs a query as given, in its ORDER BY order, with its own column names", async () => {
      const records = await readAll(url, {
        query: `SELECT "customerID" AS id, tenure * 2 AS double_tenure FROM customers
                WHERE tenure IS NOT NULL ORDER BY tenure DESC`,
      });
      expect(records).toEqual([
        { line: 1, cells: ["id", "double_tenure"] },
        { line: 2, cells: ["C-0001", "2"] },
        { line: 3, cells: ["C-0004", "0"] },
        { line: 4, cells: ["Ünïcødé 日本 🎉", "-10"] },
      ]);
    });

    it("runs a query read-only: a data-modifying query fails and changes nothing", async () => {
      const err = await readError(url, {
        query: "WITH gone AS (DELETE FROM customers RETURNING *) SELECT * FROM gone",
      });
      expect(err.code).toBe("database-error");
      expect(err.message).toContain("read-only transaction");
      expect((await admin.query("SELECT count(*)::int AS n FROM customers")).rows[0].n).toBe(4);
    });

    it("reads a schema-qualified table with any characters in its names, quoting them rather than running them", async () => {
      expect(await readAll(url, { table: "crm.Mixed Case" })).toEqual([
        { line: 1, cells: ["Id"] },
        { line: 2, cells: ["7"] },
      ]);
      expect(await readAll(url, { table: '"crm"."Mixed Case"' })).toHaveLength(2);
      const err = await readError(url, { table: "customers; DROP TABLE customers" });
      expect(err.code).toBe("database-error");
      expect(err.message).toContain('relation "customers; DROP TABLE customers" does not exist');
      expect((await admin.query("SELECT count(*)::int AS n FROM customers")).rows[0].n).toBe(4);
    });

    it("refuses table names that cannot be quoted safely before connecting", async () => {
      for (const table of ["bad\0name", "", "a.b.c", "a.", ".a", 'a"b']) {
        const err = await readError("postgres://nobody@127.0.0.1:1/none", { table });
        expect(err.code, table).toBe("database-error");
        expect(err.message, table).toMatch(/^invalid table name/);
      }
    });

    it("gives the same records whatever the batch size, across many round trips", async () => {
      const whole = await readAll(url, { query: "SELECT * FROM many ORDER BY n" });
      expect(whole).toHaveLength(2501);
      expect(whole[2500]).toEqual({ line: 2501, cells: ["2500", "row 2500"] });
      for (const batchRows of [1, 7, 500, 2500, 2501]) {
        expect(await readAll(url, { query: "SELECT * FROM many ORDER BY n", batchRows }), `batchRows ${batchRows}`).toEqual(
          whole,
        );
      }
    });

    it("closes the cursor and the connection when the consumer stops early", async () => {
      const connections = async (): Promise<number> =>
        (
          await admin.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'engagetrack' AND datname = current_database()",
          )
        ).rows[0].n;
      expect(await connections()).toBe(0);
      let seen = 0;
      for await (const record of readPostgresRecords(url, { table: "many", batchRows: 100 })) {
        if (record.line === 1) expect(await connections()).toBe(1);
        if (++seen === 150) break;
      }
      // The backend leaves pg_stat_activity a moment after the client has said goodbye.
      const deadline = Date.now() + 5_000;
      while ((await connections()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(await connections()).toBe(0);
      // The table is still usable: no lock or open portal was left behind.
      await admin.query("ALTER TABLE many ADD COLUMN extra int");
      await admin.query("ALTER TABLE many DROP COLUMN extra");
    });

    it("reports an unknown table as a database error naming the table and PostgreSQL's reason", async () => {
      const err = await readError(url, { table: "public.nope" });
      expect(err.code).toBe("database-error");
      expect(err.message).toContain("table public.nope");
      expect(err.message).toContain('relation "public.nope" does not exist');
      expect(err.file).toBe(`${url} (table public.nope)`);
    });

    it("reports bad SQL as a database error with PostgreSQL's message", async () => {
      const err = await readError(url, { query: "SELEC * FROM customers" });
      expect(err.code).toBe("database-error");
      expect(err.message).toContain('syntax error at or near "SELEC"');
      expect(err.file).toBe(`${url} (query SELEC * FROM customers)`);
    });

    it("reports an unknown database as unreachable", async () => {
      const other = new URL(url);
      other.pathname = "/no_such_database";
      const err = await readError(other.toString(), { table: "customers" });
      expect(err.code).toBe("database-unreachable");
      expect(err.message).toContain('database "no_such_database" does not exist');
    });

    it("reports a port with nothing listening as unreachable, and never shows the password", async () => {
      const port = await closedPort();
      const secret = "Sup3r-s3cret_pw";
      const withPassword = `postgres://app:${secret}@127.0.0.1:${port}/crm`;
      for (const options of [{ table: "customers" }, { query: "SELECT 1" }]) {
        const err = await readError(withPassword, options);
        expect(err.code).toBe("database-unreachable");
        expect(err.message).toBe(`cannot connect to ${err.file}: connection refused`);
        expect(err.file).toMatch(new RegExp(`^postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}/crm \\((table|query) `));
        for (const text of [err.message, err.file, String(err), err.stack ?? "", String(err.cause)])
          expect(text).not.toContain(secret);
      }
      const malformed = await readError(`postgres://app:${secret}@127.0.0.1:notaport/crm`, { table: "customers" });
      expect(malformed.code).toBe("database-unreachable");
      expect(malformed.message).toBe("invalid PostgreSQL URL: postgres://app:***@127.0.0.1:notaport/crm (table customers)");
      expect(malformed.cause).toBeUndefined(); // the URL parser's error holds the whole input
      const named = await readError(withPassword, { table: "customers", file: `crm at ${withPassword}` });
      expect(named.file).not.toContain(secret);
      expect(named.message).not.toContain(secret);
    });
  },
);
