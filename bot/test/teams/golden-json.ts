/**
 * Golden files for Adaptive Card JSON (bot/test/teams/__golden__/<name>.json), after the text
 * goldens in bot/test/conversation: signed link tokens, the server's and the fake connector's
 * ports, and every number are normalised, so the golden pins the card's structure and words. On a
 * mismatch the new output is written beside it as `<name>-changed.json` and the test fails; a
 * missing golden is written once locally, never in CI.
 */
import { join } from "node:path";
import { expectGoldenFile } from "../../../core/test/fixtures/golden-file.ts";
import { normaliseNumbers } from "../conversation/golden-text.ts";

export const TEAMS_GOLDEN_DIR = join(import.meta.dirname, "__golden__");

/** Link tokens → "<token>", loopback origins → "http://127.0.0.1:<port>", snapshot and model IDs, numbers → "#". */
export function normaliseCardJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2)
    .replace(
      /\/(charts\/r|charts|summaries)\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}\.(png|txt)/g,
      "/$1/<token>.$2",
    )
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, "http://127.0.0.1:<port>")
    // Snapshot IDs end in a hash, and the model hash changes with any change to training.
    .replace(
      /Snapshot [^\s"]+( · model [0-9a-f]+)?/g,
      (_m, model?: string) => `Snapshot <id>${model ? " · model <hash>" : ""}`,
    );
  return `${normaliseNumbers(json)}\n`;
}

export async function expectGoldenCard(name: string, value: unknown): Promise<void> {
  await expectGoldenFile(TEAMS_GOLDEN_DIR, name, "json", normaliseCardJson(value));
}
