import { randomUUID } from "node:crypto";
import { open, readFile, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { StoreError } from "./store-error.ts";

/** Who holds the embedded store: written to `<dir>/holder.json` while a process has it open. */
export interface EmbeddedHolder {
  pid: number;
  host: string;
  /** What the process is (`engagetrack serve`, `engagetrack digest --once`). */
  command: string;
  since: string;
  token: string;
}

export interface HeldStore {
  readonly holder: EmbeddedHolder;
  release(): Promise<void>;
}

/** A takeover marker older than this belongs to a process that died mid-takeover. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Takes the embedded store's folder for this process, or throws `StoreError("store-held")` naming
 * the process that has it. PGlite is one PostgreSQL in one process: a second process opening the
 * same files would corrupt them, so a second `engagetrack` command stops with one sentence instead.
 *
 * The holder file is created exclusively (`wx`). A holder whose process is gone (same host, no such
 * pid) is stale: taking it over goes through an exclusive `holder.takeover` marker, so of two
 * processes finding the same stale holder only one replaces it.
 */
export async function holdEmbeddedStore(dir: string, command: string): Promise<HeldStore> {
  const file = join(dir, "holder.json");
  const me: EmbeddedHolder = {
    pid: process.pid,
    host: hostname(),
    command,
    since: new Date().toISOString(),
    token: randomUUID(),
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (await createExclusive(file, JSON.stringify(me))) {
      return {
        holder: me,
        async release() {
          const now = await readHolder(file);
          if (now?.token === me.token) await rm(file, { force: true });
        },
      };
    }
    const other = await readHolder(file);
    if (other === undefined) continue; // removed (or half-written) meanwhile: try again
    if (alive(other)) throw held(dir, other);
    await takeOverStale(dir, file, other);
  }
  throw new StoreError("store-held", `cannot take the embedded store ${dir}: its holder file keeps changing`);
}

function held(dir: string, other: EmbeddedHolder): StoreError {
  const who = `process ${other.pid}${other.host === hostname() ? "" : ` on ${other.host}`} (${other.command}, since ${other.since})`;
  const remote =
    other.host === hostname() ? "" : ` If that process is gone, delete ${join(dir, "holder.json")}.`;
  return new StoreError(
    "store-held",
    `the embedded store ${dir} is in use by ${who}; it serves one process at a time: stop that process, or set DATABASE_URL to a PostgreSQL server both can share.${remote}`,
  );
}

/** Same host and the pid answers (a pid on another host cannot be checked: presumed alive). */
function alive(h: EmbeddedHolder): boolean {
  if (h.host !== hostname()) return true;
  if (h.pid === process.pid) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function takeOverStale(dir: string, file: string, stale: EmbeddedHolder): Promise<void> {
  const marker = join(dir, "holder.takeover");
  if (!(await createExclusive(marker, String(process.pid)))) {
    const age = await stat(marker).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > TAKEOVER_STALE_MS) await rm(marker, { force: true });
    else await new Promise((r) => setTimeout(r, 50));
    return;
  }
  try {
    // Only the stale holder we saw is removed: someone may have replaced it since.
    if ((await readHolder(file))?.token === stale.token) await rm(file, { force: true });
  } finally {
    await rm(marker, { force: true });
  }
}

async function createExclusive(file: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, "wx", 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new StoreError("store-failed", `cannot write ${file}: ${(err as Error).message}`);
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function readHolder(file: string): Promise<EmbeddedHolder | undefined> {
  try {
    const h = JSON.parse(await readFile(file, "utf8")) as EmbeddedHolder;
    return typeof h.pid === "number" && typeof h.token === "string" ? h : undefined;
  } catch {
    return undefined;
  }
}
