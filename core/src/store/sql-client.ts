/** One SQL statement's rows, whichever engine ran it. */
export type Row = Record<string, unknown>;

/** What the store's parts need of a database: parameterised statements and transactions. */
export interface SqlExecutor {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

/** A connection to the store's database: PostgreSQL (a pool) or PGlite (in process). */
export interface SqlClient extends SqlExecutor {
  /** `postgres` (a server, `DATABASE_URL`) or `pglite` (embedded, one process). */
  readonly engine: "postgres" | "pglite";
  /** Where the data lives, for messages: the URL without its password, or the embedded folder. */
  readonly where: string;
  /**
   * Runs `work` in one transaction (BEGIN … COMMIT; ROLLBACK when it throws). Statements outside
   * `work` may run on other connections meanwhile.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
