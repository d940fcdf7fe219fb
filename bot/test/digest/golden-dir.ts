import { join } from "node:path";

/** The digest tests' golden files. */
export const GOLDEN = join(import.meta.dirname, "__golden__");
