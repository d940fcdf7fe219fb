// The vitest setup file's second part (vitest.config.ts `setupFiles`): every fast-check property
// runs from one fixed seed, so a test run is the same run every time (the guide: every random choice
// takes a seed) and CI cannot go red on a case no earlier run tried. A property that fails prints
// its seed and counterexample; keep the counterexample as a plain test beside the property.
import fc from "fast-check";

fc.configureGlobal({ seed: 20_261_207 });
