// Observable Framework configuration of the analysts' workspace. Offline by construction: no
// global stylesheets (the default points at a web-font CDN), every library imported from
// node_modules by the pages, and telemetry off (the build scripts set OBSERVABLE_TELEMETRY_DISABLE).
import { NOTEBOOK_SETTINGS, parseSettings } from "engagetrack/settings";
import { NOTEBOOK_PAGES } from "./site.ts";

const { ENGAGETRACK_NOTEBOOKS_OUT } = NOTEBOOK_SETTINGS.settings;
const settings = parseSettings(process.env, { ENGAGETRACK_NOTEBOOKS_OUT });

export default {
  title: "EngageTrack",
  root: "src",
  // Tests and benchmarks build into a temporary directory; the default is notebooks/dist.
  output: settings.ENGAGETRACK_NOTEBOOKS_OUT,
  globalStylesheets: [],
  // Framework's theme plus Observable Inputs' stylesheet (see src/style.css).
  style: "style.css",
  // No favicon request (the site has none).
  head: '<link rel="icon" href="data:,">',
  pages: NOTEBOOK_PAGES.filter((p) => p.path !== "/").map((p) => ({ name: p.name, path: p.path })),
  toc: false,
  pager: false,
  search: false,
  footer: "EngageTrack · built from the newest snapshot with Observable Framework",
};
