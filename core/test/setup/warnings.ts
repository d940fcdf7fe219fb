// What the test setup (./guards.ts) records, and the helper a test uses to say it expects a warning.
// The state lives on globalThis so the setup file and a test's import share it whatever the module
// graph does.

export interface GuardState {
  /** console.warn / console.error / process warnings nobody expected, since the last check. */
  unexpected: string[];
  /** Connections the network guard refused, since the last check. */
  blocked: string[];
  /** Warnings the running test declared, and how often each came. */
  expected: { pattern: RegExp; seen: number }[];
}

const KEY = Symbol.for("engagetrack.test-guards");

/** The shared record (created on first use). */
export function guardState(): GuardState {
  const g = globalThis as { [KEY]?: GuardState };
  return (g[KEY] ??= { unexpected: [], blocked: [], expected: [] });
}

/**
 * Declares that the running test prints a warning or error matching `pattern` (console.warn,
 * console.error or a process warning). The setup lets matching output through, and fails the test
 * if none came: an expected warning is part of the behaviour under test.
 *
 * @example
 * expectWarning(/could not read nudges\.json/);
 */
export function expectWarning(pattern: RegExp): void {
  guardState().expected.push({ pattern, seen: 0 });
}

/**
 * Takes (and clears) what the guard recorded: for the setup's own tests, which provoke it on purpose.
 */
export function takeGuardRecords(): { unexpected: string[]; blocked: string[] } {
  const state = guardState();
  const taken = { unexpected: [...state.unexpected], blocked: [...state.blocked] };
  state.unexpected.length = 0;
  state.blocked.length = 0;
  return taken;
}

/** Everything wrong since the last check, as one message (undefined if nothing), and the record cleared. */
export function takeProblems(): string | undefined {
  const state = guardState();
  const lines = [
    ...state.blocked,
    ...state.unexpected,
    ...state.expected
      .filter((e) => e.seen === 0)
      .map((e) => `expected a warning matching ${e.pattern} (expectWarning), but none came`),
  ];
  state.blocked.length = 0;
  state.unexpected.length = 0;
  state.expected.length = 0;
  if (lines.length === 0) return undefined;
  return `${lines.length} problem(s) the test setup (core/test/setup/guards.ts) does not allow:\n- ${lines.join("\n- ")}`;
}
