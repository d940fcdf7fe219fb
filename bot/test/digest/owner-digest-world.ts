/**
 * Per-owner digests' test world: the accounts table (NOT Telco, core/test/fixtures/accounts-workspace.ts)
 * with an `account_manager` owner column (row i managed by OWNERS[i % 4]; the fourth is blank: an
 * account nobody owns) and its contract with `owner: { column: account_manager }`; a shared store
 * of its own (the ledger; PostgreSQL when ENGAGETRACK_TEST_DATABASE_URL is set), an outbox folder,
 * and runners wired to them with a fixed clock.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WebClient } from "@slack/web-api";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createLogger } from "../../../core/src/log/index.ts";
import {
  readContractRows,
  readCsvRecords,
  type ContractRow,
  type Customer,
  type CustomerStatus,
} from "../../../core/src/data/index.ts";
import { scoreCustomers } from "../../../core/src/score/index.ts";
import { createSnapshotWriter, openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { openStore, type Store } from "../../../core/src/store/index.ts";
import { TEST_DATABASE_URL_VARIABLE } from "../../../core/test/fixtures/postgres-server.ts";
import {
  ACCOUNTS_CONTRACT,
  accountsWorkspace,
  type AccountsWorkspace,
} from "../../../core/test/fixtures/accounts-workspace.ts";
import {
  createDigestRunner,
  type DigestConfig,
  type DigestRunner,
  type DigestSettings,
  type TeamsSender,
} from "../../digest/index.ts";
import type { OwnerRoutes } from "../../digest/index.ts";
import { createSlackWebClient } from "../../slack/index.ts";
import { chartRenderer } from "./digest-world.ts";

export const OWNERS = ["Dana Whitfield", "Sam Ortiz", "lee@example.com", ""] as const;
export const OWNER_COLUMN = "account_manager";

export interface OwnerDigestWorld {
  workspace: AccountsWorkspace;
  store: Store;
  outboxDir: string;
  now: number;
  logs: string[];
  /**
   * Publishes a newer snapshot (`id`, scored at `at`) by the same model: every third current
   * customer made `calls` more customer-service calls, so risks move.
   */
  publishLater(id: string, at: string, calls?: number): Promise<void>;
  runner(
    config: DigestConfig,
    options?: {
      slack?: WebClient;
      slackApiUrl?: string;
      teams?: TeamsSender;
      owners?: OwnerRoutes["directory"];
      /** Signed chart links (the server's): the team's chart, or an owner's book's. */
      chartUrl?: (owner?: string) => string | undefined;
    },
  ): DigestRunner;
  close(): Promise<void>;
}

export async function ownerDigestWorld(
  options: { rows?: number; ownerColumn?: boolean } = {},
): Promise<OwnerDigestWorld> {
  const dir = await mkdtemp(join(tmpdir(), "et-owner-digests-"));
  const contract = join(dir, "accounts-owners.contract.yaml");
  await writeFile(
    contract,
    `${await readFile(ACCOUNTS_CONTRACT, "utf8")}${options.ownerColumn === false ? "" : `owner:\n  column: ${OWNER_COLUMN}\n`}`,
  );
  const workspace = await accountsWorkspace({
    dir,
    contract,
    rows: options.rows ?? 1500,
    table: (csv) => {
      const lines = csv.replace(/\n$/, "").split("\n");
      return `${lines.map((l, i) => (i === 0 ? `${l},${OWNER_COLUMN}` : `${l},${OWNERS[(i - 1) % 4]}`)).join("\n")}\n`;
    },
  });
  // PostgreSQL when ENGAGETRACK_TEST_DATABASE_URL is set (two runs racing on one server), else PGlite.
  const url = process.env[TEST_DATABASE_URL_VARIABLE];
  const store = url
    ? await openStore({
        databaseUrl: url,
        schema: `t_${Math.random().toString(36).slice(2, 12)}`,
        sweepMs: 0,
      })
    : await openStore({ dir: "memory", sweepMs: 0 });
  const logs: string[] = [];
  const logger = createLogger({ write: (line: string) => void logs.push(line) } as never, { level: "info" });
  const world: OwnerDigestWorld = {
    workspace,
    store,
    outboxDir: join(dir, "outbox"),
    now: Date.parse("2026-11-23T09:00:00Z"),
    logs,
    async publishLater(id, at, calls = 3) {
      const rows: ContractRow[] = [];
      const statuses: CustomerStatus[] = [];
      for await (const e of readContractRows(readCsvRecords(workspace.csv), workspace.contract, {
        file: workspace.csv,
      })) {
        if (e.kind !== "accepted") continue;
        const n = e.customer.number_customer_service_calls as number | null;
        rows.push(
          e.status === "current" && rows.length % 3 === 0 && typeof n === "number"
            ? { ...e.customer, number_customer_service_calls: n + calls }
            : e.customer,
        );
        statuses.push(e.status);
      }
      const { model } = workspace;
      const writer = await createSnapshotWriter({
        dir: workspace.snapshotsDir,
        id,
        model: { name: model.card.name, hash: model.hash },
        dataHash: "c".repeat(64),
        clock: () => new Date(at),
        contract: workspace.contract,
      });
      await writer.append(
        await scoreCustomers(model, rows as unknown as Customer[], { firstRow: 0, status: statuses }),
      );
      await writer.finish();
    },
    runner(config, o = {}) {
      const settings: DigestSettings = {
        configFile: "(test)",
        store: { dir: "memory" },
        outboxDir: world.outboxDir,
        inProcess: true,
        startDelayMs: 0,
        leaseMs: 60_000,
        modelDir: workspace.modelDir,
        snapshotsDir: workspace.snapshotsDir,
        publicUrl: "https://engage.example.com",
      };
      return createDigestRunner({
        settings,
        config,
        experiments: DEFAULT_EXPERIMENT_CONFIG,
        logger,
        clock: () => world.now,
        store: openSnapshotStore(workspace.snapshotsDir),
        sql: store.sql,
        renderer: chartRenderer(),
        slack:
          o.slack ??
          (o.slackApiUrl
            ? createSlackWebClient({ token: "xoxb-test", apiUrl: o.slackApiUrl, logger })
            : undefined),
        teams: o.teams,
        ...(o.chartUrl && { chartUrl: o.chartUrl }),
        ...(o.owners && { owners: o.owners }),
      });
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}

/** A weekly per-owner schedule (Monday 08:00 London; 2026-11-23T08:00:00Z is one of its slots). */
export function perOwner(
  name = "owners-weekly",
  destinations: DigestConfig["schedules"][number]["destinations"] = [{ type: "outbox" }],
): DigestConfig {
  return {
    schedules: [{ name, cron: "0 8 * * 1", timeZone: "Europe/London", per: "owner", destinations, topN: 5 }],
  };
}
