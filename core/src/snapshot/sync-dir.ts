import { open } from "node:fs/promises";

/** Makes a rename durable: fsync the directory that holds it. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
