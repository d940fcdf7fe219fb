import { randomUUID } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { referenceProfileSchema, type ReferenceProfile } from "./reference-profile.ts";

/** The reference profile's file in a model directory, beside model.onnx and card.json. */
export const REFERENCE_FILE = "reference.json";

/**
 * Writes `reference.json` into a model directory (temporary name, then rename). The model's own
 * files are untouched, so their bytes and hashes do not change.
 *
 * @example
 * await writeReferenceProfile("models/demo", profile);
 */
export async function writeReferenceProfile(dir: string, profile: ReferenceProfile): Promise<string> {
  const path = join(dir, REFERENCE_FILE);
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(profile)}\n`);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new Error(`cannot write reference profile: ${path}`, { cause: err });
  }
  return path;
}

/**
 * Reads a model directory's `reference.json`: undefined when there is none (a model trained
 * before profiles were saved, or imported); an error naming the file and field when it is invalid.
 *
 * @example
 * const profile = await readReferenceProfile("models/demo");
 */
export async function readReferenceProfile(dir: string): Promise<ReferenceProfile | undefined> {
  const path = join(dir, REFERENCE_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read reference profile: ${path}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid reference profile: ${path} is not JSON`, { cause: err });
  }
  const parsed = referenceProfileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `invalid reference profile: ${path} (${issue.path.join(".") || "root"}: ${issue.message})`,
    );
  }
  return parsed.data;
}
