// `npm run notebooks:build`: the static site in notebooks/dist (offline; makes data first if none).
import { NOTEBOOK_SETTINGS, parseSettings } from "engagetrack/settings";
import { buildSite } from "./build-site.ts";

try {
  // ENGAGETRACK_NOTEBOOKS_DIST: where the server looks for the site (default notebooks/dist).
  const { ENGAGETRACK_NOTEBOOKS_DIST } = NOTEBOOK_SETTINGS.settings;
  const built = await buildSite({
    env: process.env,
    out: parseSettings(process.env, { ENGAGETRACK_NOTEBOOKS_DIST }).ENGAGETRACK_NOTEBOOKS_DIST,
  });
  const s = built.seconds;
  process.stderr.write(
    `notebooks built in ${built.out} (data ${s.data.toFixed(1)} s, charts ${s.bundle.toFixed(1)} s, framework ${s.framework.toFixed(1)} s)\n`,
  );
} catch (err) {
  process.stderr.write(`notebooks:build: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
