#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so no build step is needed (`npx engagetrack`).
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
