/**
 * `npx tsx bench/soak/heap-diff.ts <early.heapsnapshot> <late.heapsnapshot> [--top 25] [--json out.json]`:
 * what grew between two V8 heap snapshots of one process (bench/soak/customers-soak.ts takes them
 * with SIGUSR2).
 *
 * Groups every node by its type and name — an object by its constructor, a closure by its function,
 * strings, numbers and compiled code each as one group — and lists the groups whose count and self
 * size grew most from the first snapshot to the second, then, for the groups that grew most, who
 * holds them in the second snapshot (the retaining node's group and the edge's name). A leak shows
 * as a group that grows with the number of requests served and is held by one long-lived structure
 * (a Map's table, a closure's context); a plateau as groups that barely move.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

interface HeapSnapshotFile {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
    node_count: number;
    edge_count: number;
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** One group's totals in a snapshot. */
export interface GroupTotals {
  count: number;
  selfSize: number;
}

export interface GroupGrowth {
  group: string;
  before: GroupTotals;
  after: GroupTotals;
  countDelta: number;
  sizeDelta: number;
}

/** A parsed snapshot: each node's group, and what edges need. */
export interface ParsedSnapshot {
  groups: Map<string, GroupTotals>;
  totalSize: number;
  nodeCount: number;
  /** Group name of each node, by node ordinal. */
  groupOf: string[];
  raw: HeapSnapshotFile;
}

const ONE_GROUP_TYPES = new Set([
  "string",
  "concatenated string",
  "sliced string",
  "number",
  "bigint",
  "symbol",
  "code",
]);

/** Parses a .heapsnapshot's text and totals its nodes by group. */
export function parseSnapshot(text: string): ParsedSnapshot {
  const raw = JSON.parse(text) as HeapSnapshotFile;
  const fields = raw.snapshot.meta.node_fields;
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const types = raw.snapshot.meta.node_types[0];
  const groups = new Map<string, GroupTotals>();
  const groupOf: string[] = [];
  let totalSize = 0;
  for (let i = 0; i < raw.nodes.length; i += width) {
    const type = types[raw.nodes[i + typeAt]!]!;
    const group = groupName(type, raw.strings[raw.nodes[i + nameAt]!]!);
    const size = raw.nodes[i + sizeAt]!;
    groupOf.push(group);
    totalSize += size;
    const g = groups.get(group);
    if (g) {
      g.count++;
      g.selfSize += size;
    } else groups.set(group, { count: 1, selfSize: size });
  }
  return { groups, totalSize, nodeCount: groupOf.length, groupOf, raw };
}

/** "object Foo", "closure handle", "(string)", "(code)": long or generated names cut to 80 characters. */
export function groupName(type: string, name: string): string {
  if (ONE_GROUP_TYPES.has(type)) return `(${type})`;
  const clean = name.replace(/\s+/g, " ");
  return `${type} ${clean.length > 80 ? `${clean.slice(0, 77)}...` : clean}`;
}

/** Every group of either snapshot with its growth, largest self-size growth first. */
export function diffGroups(before: ParsedSnapshot, after: ParsedSnapshot): GroupGrowth[] {
  const none: GroupTotals = { count: 0, selfSize: 0 };
  const names = new Set([...before.groups.keys(), ...after.groups.keys()]);
  return [...names]
    .map((group) => {
      const b = before.groups.get(group) ?? none;
      const a = after.groups.get(group) ?? none;
      return {
        group,
        before: b,
        after: a,
        countDelta: a.count - b.count,
        sizeDelta: a.selfSize - b.selfSize,
      };
    })
    .sort((x, y) => y.sizeDelta - x.sizeDelta);
}

/**
 * Who holds the nodes of `groups` in a snapshot: for each group, the retaining nodes' groups and
 * edge names, by count (weak edges left out: they do not keep anything alive).
 */
export function retainersOf(
  snapshot: ParsedSnapshot,
  groups: readonly string[],
): Map<string, Map<string, number>> {
  const { raw, groupOf } = snapshot;
  const wanted = new Set(groups);
  const result = new Map(groups.map((g) => [g, new Map<string, number>()]));
  const nodeWidth = raw.snapshot.meta.node_fields.length;
  const edgeCountAt = raw.snapshot.meta.node_fields.indexOf("edge_count");
  const edgeFields = raw.snapshot.meta.edge_fields;
  const edgeWidth = edgeFields.length;
  const edgeTypeAt = edgeFields.indexOf("type");
  const edgeNameAt = edgeFields.indexOf("name_or_index");
  const toAt = edgeFields.indexOf("to_node");
  const edgeTypes = raw.snapshot.meta.edge_types[0];
  let e = 0;
  for (let n = 0; n < groupOf.length; n++) {
    const edges = raw.nodes[n * nodeWidth + edgeCountAt]!;
    for (let k = 0; k < edges; k++, e += edgeWidth) {
      const child = raw.edges[e + toAt]! / nodeWidth;
      const target = groupOf[child]!;
      if (!wanted.has(target)) continue;
      const type = edgeTypes[raw.edges[e + edgeTypeAt]!]!;
      if (type === "weak") continue;
      const nameOrIndex = raw.edges[e + edgeNameAt]!;
      const edge = type === "element" || type === "hidden" ? `[${type}]` : raw.strings[nameOrIndex];
      const key = `${groupOf[n]} --${edge}-->`;
      const counts = result.get(target)!;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return result;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: "string", default: "25" }, json: { type: "string" } },
  });
  if (positionals.length !== 2)
    throw new Error(
      "usage: heap-diff.ts <early.heapsnapshot> <late.heapsnapshot> [--top 25] [--json out.json]",
    );
  const top = Number(values.top);
  const before = parseSnapshot(readFileSync(positionals[0]!, "utf8"));
  const after = parseSnapshot(readFileSync(positionals[1]!, "utf8"));
  const growth = diffGroups(before, after);
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  const print = (s: string) => process.stdout.write(`${s}\n`);
  print(
    `nodes ${before.nodeCount} → ${after.nodeCount} (${after.nodeCount - before.nodeCount >= 0 ? "+" : ""}${after.nodeCount - before.nodeCount}); ` +
      `self size ${mib(before.totalSize)} → ${mib(after.totalSize)} MiB (${mib(after.totalSize - before.totalSize)})`,
  );
  const row = (g: GroupGrowth) =>
    `${String(g.before.count).padStart(9)} ${String(g.after.count).padStart(9)} ${String(g.countDelta).padStart(8)}  ` +
    `${kib(g.before.selfSize).padStart(10)} ${kib(g.after.selfSize).padStart(10)} ${kib(g.sizeDelta).padStart(9)}  ${g.group}`;
  const header = `${"count A".padStart(9)} ${"count B".padStart(9)} ${"Δcount".padStart(8)}  ${"KiB A".padStart(10)} ${"KiB B".padStart(10)} ${"ΔKiB".padStart(9)}  group`;
  print(`\ngrew most by self size:\n${header}`);
  for (const g of growth.slice(0, top)) print(row(g));
  print(`\nshrank most by self size:\n${header}`);
  for (const g of growth.slice(-5).reverse()) print(row(g));
  const byCount = [...growth].sort((x, y) => y.countDelta - x.countDelta);
  print(`\ngrew most by count:\n${header}`);
  for (const g of byCount.slice(0, top)) print(row(g));
  const suspects = [
    ...new Set(
      [...growth.slice(0, 5), ...byCount.slice(0, 5)].filter((g) => g.countDelta > 0).map((g) => g.group),
    ),
  ];
  const holders = retainersOf(after, suspects);
  print("\nwho holds them in the second snapshot (top 5 retainers each):");
  for (const [group, counts] of holders) {
    print(`  ${group}`);
    for (const [by, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5))
      print(`    ${String(n).padStart(8)}  ${by}`);
  }
  if (values.json)
    writeFileSync(
      values.json,
      `${JSON.stringify(
        {
          before: { file: positionals[0], nodes: before.nodeCount, selfSize: before.totalSize },
          after: { file: positionals[1], nodes: after.nodeCount, selfSize: after.totalSize },
          grewBySize: growth.slice(0, top),
          grewByCount: byCount.slice(0, top),
          retainers: Object.fromEntries(
            [...holders].map(([g, c]) => [
              g,
              Object.fromEntries([...c].sort((a, b) => b[1] - a[1]).slice(0, 5)),
            ]),
          ),
        },
        null,
        2,
      )}\n`,
    );
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? "")).href) main();
