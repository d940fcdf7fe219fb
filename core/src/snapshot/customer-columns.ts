/**
 * Customers ↔ columns: the writer gathers customer records into one array per column, the part
 * reader builds records back from decoded columns, for any column list (a contract's or the legacy
 * layout's).
 *
 * Both run once per customer per column, so each is compiled for its column list: a loop with
 * every column's property spelled out, as the hand-written Telco versions were. Each access then
 * has its own inline cache, and each customer is read (or built) in one go. A loop over column
 * names measured 2.4× slower for the gather (one key per inner loop, but 31 passes over the
 * customers and a megamorphic keyed load): see bench/cases/snapshot-write.bench.ts. Names enter the
 * code only as JSON string literals, so any column name is safe; Arquero, which reads every
 * snapshot, compiles its expressions the same way.
 */
import type { Pick } from "./encode-record-batch.ts";
import type { CustomerRecord } from "./scored-batch.ts";

type Gather = (picks: readonly Pick[], n: number) => unknown[][];
type Build = (columns: readonly (readonly unknown[])[], n: number) => CustomerRecord[];

const compiled = new Map<string, Gather | Build>();

/** The compiled function for `key`, made once (a process sees very few column lists). */
function cached<F extends Gather | Build>(key: string, make: () => F): F {
  let f = compiled.get(key) as F | undefined;
  if (!f) {
    if (compiled.size >= 64) compiled.clear();
    f = make();
    compiled.set(key, f);
  }
  return f;
}

/**
 * The picked customers' cells as columns, in `names` order (values as they are; checked when
 * encoded; an absent key gives undefined).
 */
export function gatherCustomerColumns(
  names: readonly string[],
  picks: readonly Pick[],
  n: number,
): unknown[][] {
  const gather = cached(`gather ${JSON.stringify(names)}`, () => {
    const body = [
      `const columns = [${names.map(() => "new Array(n)").join(", ")}];`,
      ...names.map((_, c) => `const c${c} = columns[${c}];`),
      "let r = 0;",
      "for (const { batch, rows } of picks) {",
      "  const customers = batch.customers;",
      "  for (let k = 0; k < rows.length; k++) {",
      "    const x = customers[rows[k]];",
      ...names.map((name, c) => `    c${c}[r] = x[${JSON.stringify(name)}];`),
      "    r++;",
      "  }",
      "}",
      "return columns;",
    ];
    return new Function("picks", "n", body.join("\n")) as Gather;
  });
  return gather(picks, n);
}

/**
 * Customer records from decoded columns (row-aligned with `names`), each built as one object
 * literal so every record has the same shape. A column in `optional` is left out of a record where
 * it is null (a legacy `Customer`'s optional fields are absent, not null).
 */
export function customersFromColumns(
  names: readonly string[],
  columns: readonly (readonly unknown[])[],
  n: number,
  optional: ReadonlySet<string> = new Set(),
): CustomerRecord[] {
  const skipNull = names.map((name) => optional.has(name));
  const build = cached(`build ${JSON.stringify(names)} ${JSON.stringify(skipNull)}`, () => {
    const key = (c: number) => JSON.stringify(names[c]);
    const body = [
      ...names.map((_, c) => `const c${c} = columns[${c}];`),
      "const out = new Array(n);",
      "for (let i = 0; i < n; i++) {",
      `  const o = { ${names.flatMap((_, c) => (skipNull[c] ? [] : [`${key(c)}: c${c}[i]`])).join(", ")} };`,
      ...names.flatMap((_, c) => (skipNull[c] ? [`  if (c${c}[i] !== null) o[${key(c)}] = c${c}[i];`] : [])),
      "  out[i] = o;",
      "}",
      "return out;",
    ];
    return new Function("columns", "n", body.join("\n")) as Build;
  });
  return build(columns, n);
}
