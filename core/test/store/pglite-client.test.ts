// The in-memory PGlite store (tests, ENGAGETRACK_STORE_DIR=memory): every one opened in a process is
// a fresh, empty database of its own, however many are opened and in what order; after the first,
// each starts from the first one's empty files instead of running initdb again.
import { describe, expect, it } from "vitest";
import { openPgliteClient } from "../../src/store/pglite-client.ts";

describe("in-memory PGlite stores", () => {
  it("are each empty and separate, even when opened together and after another was written to", async () => {
    const first = await openPgliteClient();
    await first.exec("create table t (v int); insert into t values (1)");
    const [a, b] = await Promise.all([openPgliteClient(), openPgliteClient()]);
    try {
      for (const db of [a, b]) {
        expect(await db.query("select count(*)::int as n from pg_tables where tablename = 't'")).toEqual([
          { n: 0 },
        ]);
      }
      await a.exec("create table t (v int); insert into t values (2), (3)");
      expect(await b.query("select to_regclass('t') as t")).toEqual([{ t: null }]);
      expect(await first.query("select v from t")).toEqual([{ v: 1 }]);
      expect(await a.query("select v from t order by v")).toEqual([{ v: 2 }, { v: 3 }]);
    } finally {
      await Promise.all([first.close(), a.close(), b.close()]);
    }
  });
});
