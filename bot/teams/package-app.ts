// `npm run teams:package`: zips bot/teams/appPackage (manifest with MicrosoftAppId and
// ENGAGETRACK_PUBLIC_URL filled in, and the two icons) into dist/teams-app.zip, ready to sideload.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { appPackageValuesFrom, teamsAppPackage } from "./app-package.ts";

const DIR = join(import.meta.dirname, "appPackage");
const OUT = process.argv[2] ?? join(import.meta.dirname, "../../dist/teams-app.zip");

try {
  const values = appPackageValuesFrom(process.env);
  const zip = teamsAppPackage({
    manifest: await readFile(join(DIR, "manifest.json"), "utf8"),
    color: await readFile(join(DIR, "color.png")),
    outline: await readFile(join(DIR, "outline.png")),
    values,
  });
  await mkdir(dirname(OUT), { recursive: true });
  await writeFile(OUT, zip);
  process.stdout.write(
    `wrote ${relative(process.cwd(), OUT) || OUT} (${zip.byteLength} bytes) for bot ${values.MICROSOFT_APP_ID} at ${values.PUBLIC_URL}\n`,
  );
} catch (err) {
  process.stderr.write(`teams:package: ${(err as Error).message}\n`);
  process.exitCode = 2;
}
