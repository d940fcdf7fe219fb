import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chooseRuleNudge } from "../../src/nudges/index.ts";
import {
  openStore,
  storeCooldowns,
  StoreError,
  MIGRATIONS,
  type Store,
  type StoreOptions,
} from "../../src/store/index.ts";
import { migrate } from "../../src/store/migrations.ts";
import { testPostgres } from "../fixtures/postgres-server.ts";
import { storeEngines } from "../fixtures/store-engines.ts";
import { facts } from "../nudges/facts.ts";

const server = await testPostgres();
afterAll(() => ("skip" in server ? undefined : server.stop()));

/** The same tests on both engines: the embedded PGlite and a real PostgreSQL server. */
const engines = storeEngines(server, "s");

for (const engine of engines) {
  describe.skipIf(engine.skip !== undefined)(
    `the store on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ""}`,
    () => {
      let now = Date.parse("2026-12-06T10:00:00Z");
      const clock = () => now;
      const opened: Store[] = [];
      const open = async (extra: StoreOptions = {}) => {
        const s = await openStore({ ...engine.options(), clock, sweepMs: 0, ...extra });
        opened.push(s);
        return s;
      };
      afterAll(async () => {
        for (const s of opened) await s.close();
      });

      it("migrates once: the schema version is recorded and a second migrate applies nothing", async () => {
        const store = await open();
        const versions = await store.sql.query<{ version: number }>("select version from store_migrations");
        expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await migrate(store.sql)).toEqual([]);
        expect(store.openMs).toBeGreaterThan(0);
      });

      it("refuses a database migrated by a newer program", async () => {
        const store = await open();
        await store.sql.query("insert into store_migrations (version, name) values (999, 'from the future')");
        await expect(migrate(store.sql)).rejects.toThrow(
          new RegExp(
            `schema version 999, newer than this program's ${Math.max(...MIGRATIONS.map((m) => m.version))}: upgrade EngageTrack`,
          ),
        );
      });

      it("firstSeen: true once per key within its time to live, then true again", async () => {
        const store = await open();
        expect(await store.firstSeen("slack-event", "Ev1", 300_000)).toBe(true);
        expect(await store.firstSeen("slack-event", "Ev1", 300_000)).toBe(false);
        expect(await store.firstSeen("slack-request", "Ev1", 300_000)).toBe(true); // scopes are apart
        now += 299_999;
        expect(await store.firstSeen("slack-event", "Ev1", 300_000)).toBe(false);
        now += 1;
        expect(await store.firstSeen("slack-event", "Ev1", 300_000)).toBe(true);
        await store.sweep();
        now += 300_000;
        await store.sweep();
        expect(await store.sql.query("select * from seen_keys")).toEqual([]);
      });

      it("takeToken: a burst of perMinute, then a wait that refills one token", async () => {
        const store = await open();
        const took = [];
        for (let i = 0; i < 4; i++) took.push(await store.takeToken("api", "api:shop", 3));
        expect(took).toEqual([
          { ok: true, remaining: 2 },
          { ok: true, remaining: 1 },
          { ok: true, remaining: 0 },
          { ok: false, retryAfterSeconds: 20 },
        ]);
        expect(await store.takeToken("api", "api:other", 3)).toEqual({ ok: true, remaining: 2 });
        now += 20_000;
        expect(await store.takeToken("api", "api:shop", 3)).toEqual({ ok: true, remaining: 0 });
        expect((await store.takeToken("api", "api:shop", 3)).ok).toBe(false);
      });

      it("cooldowns: of concurrent claims for one customer one wins, and one decision is recorded", async () => {
        const store = await open();
        const nudge = chooseRuleNudge(facts(), { experimentKey: "k", trigger: "login" });
        const a = storeCooldowns(store.sql, "replica-a");
        const b = storeCooldowns(store.sql, "replica-b");
        const claims = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? a : b).claim(
              "C-1",
              { nudge: { ...nudge, title: `n${i}` }, shownAt: now, event: "login" },
              60_000,
            ),
          ),
        );
        expect(claims.filter((c) => c.won)).toHaveLength(1);
        const winner = claims.find((c) => c.won)!.entry.nudge.title;
        expect(new Set(claims.map((c) => c.entry.nudge.title))).toEqual(new Set([winner]));
        expect((await a.get("C-1"))?.nudge.title).toBe(winner);
        const decisions = await store.sql.query<{ event: string }>("select event from nudge_decisions");
        expect(decisions).toEqual([{ event: "login" }]);
        now += 60_000;
        expect((await b.claim("C-1", { nudge, shownAt: now }, 60_000)).won).toBe(true);
      });
    },
  );
}

describe.skipIf("skip" in server)("two processes' worth of stores on one PostgreSQL server", () => {
  const url = () => (server as { url: string }).url;
  const opened: Store[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close();
  });

  it("migrate at the same moment (one applies, the other waits and finds it done), then share keys and buckets", async () => {
    const schema = `race_${Math.random().toString(36).slice(2, 10)}`;
    const [a, b] = await Promise.all([
      openStore({ databaseUrl: url(), schema, sweepMs: 0 }),
      openStore({ databaseUrl: url(), schema, sweepMs: 0 }),
    ]);
    opened.push(a, b);
    expect(await a.sql.query("select version from store_migrations order by version")).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version })),
    );
    const seen = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).firstSeen("e", "Ev9", 60_000)),
    );
    expect(seen.filter(Boolean)).toHaveLength(1);
    const taken = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).takeToken("api", "k", 5)),
    );
    expect(taken.filter((t) => t.ok)).toHaveLength(5);
  });

  it("an unreachable server is one sentence without the password", async () => {
    const err = await openStore({ databaseUrl: "postgres://app:s3cret-pw@127.0.0.1:1/crm" }).catch((e) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err.code).toBe("store-unreachable");
    expect(err.message).toBe(
      "cannot use the store at postgres://app:***@127.0.0.1:1/crm: connection refused",
    );
    expect(String(err.stack)).not.toContain("s3cret-pw");
  });
});

describe("the embedded store serves one process", () => {
  const dir = mkdtempSync(join(tmpdir(), "engagetrack-store-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a second opener stops with one sentence naming the holder and DATABASE_URL; after close it opens", async () => {
    const first = await openStore({ dir, command: "engagetrack serve", sweepMs: 0 });
    try {
      await first.takeToken("api", "k", 5);
      const err = await openStore({ dir, command: "engagetrack digest --once" }).catch((e) => e);
      expect(err).toBeInstanceOf(StoreError);
      expect(err.code).toBe("store-held");
      expect(err.message).toMatch(
        new RegExp(
          `^the embedded store .* is in use by process ${process.pid} \\(engagetrack serve, since .*\\); it serves one process at a time: stop that process, or set DATABASE_URL to a PostgreSQL server both can share\\.$`,
        ),
      );
    } finally {
      await first.close();
    }
    const again = await openStore({ dir, sweepMs: 0 });
    try {
      // The data survived: the bucket has 4 of 5 tokens left, minus this one.
      expect(await again.takeToken("api", "k", 5)).toMatchObject({ ok: true, remaining: 3 });
    } finally {
      await again.close();
    }
  });

  it("a holder left by a process that is gone is taken over", async () => {
    const gone = {
      pid: 2 ** 22 + 12_345,
      host: hostname(),
      command: "engagetrack serve",
      since: "2026-12-01T00:00:00Z",
      token: "t",
    };
    writeFileSync(join(dir, "holder.json"), JSON.stringify(gone));
    const store = await openStore({ dir, sweepMs: 0 });
    await store.close();
  });
});
