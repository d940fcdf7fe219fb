import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { customerLayoutKey } from "./customer-layout.ts";
import { PART_JSON, partInfoSchema, partName, type PartInfo } from "./part-writer.ts";
import { SNAPSHOT_SCHEMA_VERSION } from "./snapshot-columns.ts";

/** Reads and cross-checks every part's `.json`, and each `.arrow` against it; parts in shard order. */
export async function checkParts(partsDir: string): Promise<PartInfo[]> {
  let names: string[];
  try {
    names = await readdir(partsDir);
  } catch (err) {
    throw new Error(`cannot read parts directory: ${partsDir}`, { cause: err });
  }
  const found = names.filter((n) => PART_JSON.test(n)).sort();
  if (found.length === 0) throw new Error(`no parts in ${partsDir} (expected part-<i>-of-<N>.json files)`);
  const parts: PartInfo[] = [];
  for (const name of found) {
    const [, shard, of] = PART_JSON.exec(name)!.map(Number);
    const info = parsePart(await readFile(join(partsDir, name), "utf8"), name);
    if (info.shard !== shard || info.of !== of) {
      throw new Error(`part ${name} describes itself as ${partName(info.shard, info.of)}`);
    }
    parts.push(info);
  }
  const counts = [...new Set(parts.map((p) => p.of))];
  if (counts.length > 1) {
    throw new Error(`parts disagree on the shard count: ${counts.join(" vs ")} (${found.join(", ")})`);
  }
  const n = counts[0];
  const missing = Array.from({ length: n }, (_, i) => i).filter((i) => !parts.some((p) => p.shard === i));
  if (missing.length > 0) {
    throw new Error(`missing parts: ${missing.map((i) => partName(i, n)).join(", ")} in ${partsDir}`);
  }
  parts.sort((a, b) => a.shard - b.shard);
  const agree = (what: string, key: (p: PartInfo) => string, among = parts): void => {
    const base = among[0];
    const other = among.find((p) => key(p) !== key(base));
    if (other) {
      throw new Error(
        `parts disagree on ${what}: ${partName(base.shard, n)} has ${key(base)}, ${partName(other.shard, n)} has ${key(other)}`,
      );
    }
  };
  agree("model hash", (p) => p.model.hash);
  agree("model name", (p) => JSON.stringify(p.model.name));
  agree("data hash", (p) => p.dataHash);
  agree("contract", (p) => JSON.stringify(p.contract?.name ?? null));
  agree("customer columns", (p) => customerLayoutKey(p));
  const withRows = parts.filter((p) => p.rows > 0);
  if (withRows.length > 0) agree("sources", (p) => JSON.stringify(p.sources), withRows);
  for (const p of parts) await checkPartFile(partsDir, p);
  return parts;
}

function parsePart(text: string, name: string): PartInfo {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid part: ${name} is not JSON`, { cause: err });
  }
  // A part from another release (a run in flight during an upgrade) is named as such, not as invalid.
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === "number" && version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new Error(
      `unsupported part schema version: ${version} in ${name} (expected ${SNAPSHOT_SCHEMA_VERSION}): score its shard again`,
    );
  }
  const result = partInfoSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`invalid part: ${name} (${issue.path.join(".") || "root"}: ${issue.message})`);
  }
  return result.data;
}

async function checkPartFile(partsDir: string, part: PartInfo): Promise<void> {
  const path = join(partsDir, part.file.name);
  const size = await stat(path).then(
    (s) => s.size,
    () => undefined,
  );
  if (size === undefined) throw new Error(`missing part file: ${part.file.name} in ${partsDir}`);
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest("hex");
  if (size !== part.file.bytes || sha256 !== part.file.sha256) {
    throw new Error(
      `part file does not match its json: ${part.file.name} (${size} bytes, sha256 ${sha256.slice(0, 8)})`,
    );
  }
}
