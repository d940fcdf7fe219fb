/** The analysts' workspace: where its site is built and served, and how many customers it bundles. */
import { z } from "zod";
import { declareSettings, setting } from "./declare-settings.ts";
import { intSetting } from "./setting-schemas.ts";

/** Customers to act on bundled with the User insights page. */
export const DEFAULT_NOTEBOOK_CUSTOMERS = 500;

export const NOTEBOOK_SETTINGS = declareSettings("notebooks", "README.md", {
  ENGAGETRACK_NOTEBOOKS_DIST: setting(
    z.string().optional(),
    "The built site the server serves at /notebooks/ (and where `npm run notebooks:build` writes).",
    { shownDefault: "notebooks/dist" },
  ),
  ENGAGETRACK_NOTEBOOKS_OUT: setting(
    z.string().min(1).default("dist"),
    "Tests and benchmarks: Observable Framework's output folder, relative to notebooks/.",
  ),
  ENGAGETRACK_NOTEBOOK_CUSTOMERS: setting(
    intSetting(1, 20_000).default(DEFAULT_NOTEBOOK_CUSTOMERS),
    "Customers to act on bundled with the User insights page (1 to 20000).",
  ),
});
