// `npm run notebooks:build`: the static site in notebooks/dist (offline; makes data first if none).
import { buildSite } from "./build-site.ts";

try {
  // ENGAGETRACK_NOTEBOOKS_DIST: where the server looks for the site (default notebooks/dist).
  const built = await buildSite({
    env: process.env,
    out: process.env.ENGAGETRACK_NOTEBOOKS_DIST || undefined,
  });
  const s = built.seconds;
  process.stderr.write(
    `notebooks built in ${built.out} (data ${s.data.toFixed(1)} s, charts ${s.bundle.toFixed(1)} s, framework ${s.framework.toFixed(1)} s)\n`,
  );
} catch (err) {
  process.stderr.write(`notebooks:build: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
