// Writes the Teams app package's icons (bot/teams/appPackage/color.png and outline.png) from
// `appIcon`: `npx tsx bot/teams/make-app-icons.ts`. The PNGs are committed; a test checks they
// are what this script writes.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { encodePng } from "../../core/src/charts/server.ts";
import { appIcon } from "./app-icons.ts";

export const APP_PACKAGE_DIR = join(import.meta.dirname, "appPackage");

for (const kind of ["color", "outline"] as const) {
  const file = join(APP_PACKAGE_DIR, `${kind}.png`);
  await writeFile(file, encodePng(appIcon(kind), 9));
  process.stdout.write(`wrote ${file}\n`);
}
