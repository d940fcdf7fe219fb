import type { ScoredBatch } from "./scored-batch.ts";
import { BATCH_ROWS } from "./scored-file-writer.ts";

/**
 * Merges streams that are each in increasing inputRow order into one, in batches of up to
 * `BATCH_ROWS` rows: a k-way merge holding one batch per stream.
 */
export async function* mergeByInputRow(streams: AsyncGenerator<ScoredBatch>[]): AsyncGenerator<ScoredBatch> {
  const heads: { stream: AsyncGenerator<ScoredBatch>; batch: ScoredBatch; at: number }[] = [];
  const advance = async (stream: AsyncGenerator<ScoredBatch>): Promise<void> => {
    for (;;) {
      const next = await stream.next();
      if (next.done) return;
      if (next.value.customers.length > 0) {
        heads.push({ stream, batch: next.value, at: 0 });
        return;
      }
    }
  };
  try {
    for (const stream of streams) await advance(stream);
    const sources = heads[0]?.batch.sources ?? [];
    let out = new MergedBatch(sources);
    while (heads.length > 0) {
      // Linear scan: the number of shards is small, and this stays simple to read.
      let best = 0;
      for (let h = 1; h < heads.length; h++) {
        if (heads[h].batch.inputRow[heads[h].at] < heads[best].batch.inputRow[heads[best].at]) best = h;
      }
      const head = heads[best];
      out.push(head.batch, head.at++);
      if (head.at === head.batch.customers.length) {
        heads.splice(best, 1);
        await advance(head.stream);
      }
      if (out.length === BATCH_ROWS) {
        yield out.toBatch();
        out = new MergedBatch(sources);
      }
    }
    if (out.length > 0) yield out.toBatch();
  } finally {
    // Close every stream (and its file), also when the merge stops early on an error.
    for (const stream of streams) await stream.return(undefined);
  }
}

class MergedBatch {
  private readonly rows: { batch: ScoredBatch; i: number }[] = [];
  constructor(private readonly sources: readonly string[]) {}
  get length(): number {
    return this.rows.length;
  }
  push(batch: ScoredBatch, i: number): void {
    this.rows.push({ batch, i });
  }
  toBatch(): ScoredBatch {
    const rows = this.rows;
    const width = this.sources.length;
    const contributions = new Float32Array(rows.length * width);
    rows.forEach(({ batch, i }, r) =>
      contributions.set(batch.contributions.subarray(i * width, (i + 1) * width), r * width),
    );
    return {
      customers: rows.map(({ batch, i }) => batch.customers[i]),
      status: rows.map(({ batch, i }) => batch.status[i]),
      inputRow: Int32Array.from(rows, ({ batch, i }) => batch.inputRow[i]),
      probability: Float64Array.from(rows, ({ batch, i }) => batch.probability[i]),
      margin: Float64Array.from(rows, ({ batch, i }) => batch.margin[i]),
      band: rows.map(({ batch, i }) => batch.band[i]),
      sources: this.sources,
      contributions,
      drivers: rows.map(({ batch, i }) => batch.drivers[i]),
    };
  }
}
