/** A clock: injected wherever time is read, so tests are deterministic. */
export type Clock = () => Date;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * A snapshot ID that sorts by time: the creation time to the second (UTC, `:` → `-` so it is a
 * safe directory name) and the first 8 hex digits of the content hash.
 *
 * @example
 * snapshotId(new Date("2026-11-21T13:15:00.250Z"), "1a2b3c4d5e…"); // "2026-11-21T13-15-00Z-1a2b3c4d"
 */
export function snapshotId(createdAt: Date, sha256: string): string {
  const time = createdAt.toISOString().slice(0, 19).replaceAll(":", "-");
  return `${time}Z-${sha256.slice(0, 8)}`;
}

/** Throws unless `id` is usable as a snapshot directory name (no dot first, no slashes). */
export function checkSnapshotId(id: string): string {
  if (!ID.test(id)) throw new Error(`invalid snapshot id: ${JSON.stringify(id)}`);
  return id;
}
