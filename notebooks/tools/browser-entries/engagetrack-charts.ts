// Browser entry: core's chart definitions (the browser-safe face of core/src/charts).
export * from "engagetrack/charts";
