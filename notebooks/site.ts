/**
 * Where the notebooks site lives, for whoever serves it (the server mounts `NOTEBOOKS_DIST` at
 * `/notebooks/`). Build it with `npm run notebooks:build`.
 */
import { fileURLToPath } from "node:url";

/** notebooks/: the Framework project (observablehq.config.ts, src/). */
export const NOTEBOOKS_DIR = fileURLToPath(new URL(".", import.meta.url));

/** notebooks/dist/: the built static site (index.html and one HTML file per page). */
export const NOTEBOOKS_DIST = fileURLToPath(new URL("./dist/", import.meta.url));

/** Page paths of the site, in sidebar order (the config's pages, plus the overview at "/"). */
export const NOTEBOOK_PAGES = [
  { path: "/", name: "Overview" },
  { path: "/behaviour", name: "Behaviour" },
  { path: "/model", name: "Model" },
  { path: "/customers", name: "User insights" },
  { path: "/experiments", name: "Experiments" },
  { path: "/segments", name: "Segments" },
] as const;
