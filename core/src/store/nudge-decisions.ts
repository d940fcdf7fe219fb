import type { Nudge } from "../nudges/index.ts";
import type { SqlClient } from "./sql-client.ts";

/** One nudge decided for a customer (repeats within the cooldown are not decisions). */
export interface NudgeDecision {
  customerId: string;
  event: string;
  nudge: Nudge;
  decidedAt: number;
}

/** Records decided nudges in the store, off the request path. */
export interface NudgeDecisionLog {
  record(decision: NudgeDecision): void;
  /** Writes what is buffered now (also every `flushMs`, and at close). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Buffers decisions and writes them to `nudge_decisions` in one multi-row insert per `flushMs`
 * (default 1 s) or per 500 decisions: one statement for many rows, never one per request. A failed
 * write is reported through `onError` and its rows are kept for the next flush (at most 10,000:
 * beyond that the oldest are dropped and counted in the error).
 *
 * @example
 * const decisions = nudgeDecisionLog(store.sql, store.replica, { onError: (err) => logger.warn({ err }, "…") });
 * decisions.record({ customerId: "C-1", event: "login", nudge, decidedAt: Date.now() });
 */
export function nudgeDecisionLog(
  sql: SqlClient,
  replica: string,
  options: { flushMs?: number; onError?: (err: unknown, dropped: number) => void } = {},
): NudgeDecisionLog {
  const flushMs = options.flushMs ?? 1000;
  let buffer: NudgeDecision[] = [];
  let writing: Promise<void> = Promise.resolve();
  const write = async () => {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, 500);
      const params: unknown[] = [];
      const rows = batch.map((d, i) => {
        params.push(d.customerId, d.event, JSON.stringify(d.nudge), new Date(d.decidedAt), replica);
        const o = i * 5;
        return `($${o + 1}, $${o + 2}, $${o + 3}::jsonb, $${o + 4}, $${o + 5})`;
      });
      try {
        await sql.query(
          `insert into nudge_decisions (customer_id, event, nudge, decided_at, replica) values ${rows.join(", ")}`,
          params,
        );
        buffer = buffer.slice(batch.length);
      } catch (err) {
        const dropped = Math.max(0, buffer.length - 10_000);
        buffer = buffer.slice(dropped);
        options.onError?.(err, dropped);
        return;
      }
    }
  };
  const flush = () => (writing = writing.then(write));
  const timer = setInterval(() => void flush(), flushMs).unref();
  return {
    record(decision) {
      buffer.push(decision);
      if (buffer.length >= 500) void flush();
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
