import { pino, type DestinationStream, type Logger, type LevelWithSilent } from "pino";
import { redactDeep } from "./redact-deep.ts";
import { REDACTED, scrubSecrets } from "./scrub-secrets.ts";

/** Paths pino censors outright (the first of three layers; see `createLogger`). */
export const REDACT_PATHS: readonly string[] = [
  "authorization",
  "headers.authorization",
  "headers.cookie",
  'headers["x-api-key"]',
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-slack-signature"]',
  "apiKey",
  "token",
  "password",
  "secret",
  "signingSecret",
  "clientSecret",
  "*.apiKey",
  "*.token",
  "*.password",
  "*.secret",
  "*.signingSecret",
  "*.clientSecret",
  "*.authorization",
];

export interface LoggerOptions {
  /** pino level; default "info". */
  level?: LevelWithSilent;
  /** Time of each line (ISO 8601); default the system clock. */
  clock?: () => Date;
  /** Fields on every line, e.g. `{ service: "bot" }` (redacted like everything else). */
  base?: Record<string, unknown>;
}

/**
 * A pino logger writing JSON lines to `stream`, with three layers of redaction so no secret or
 * e-mail address reaches the destination whatever path it takes:
 * 1. pino `redact` paths (`REDACT_PATHS`) censor known secret fields;
 * 2. every logged value is copied through `redactDeep` (secret-named keys anywhere, strings
 *    scrubbed, errors flattened with scrubbed message, stack and cause) — message strings and
 *    format arguments included;
 * 3. the final serialised line is scrubbed once more (`scrubSecrets`), which also covers child
 *    bindings and anything a serializer added.
 *
 * @example
 * const logger = createLogger(process.stdout, { level: "debug" });
 * logger.info({ apiKey: "sk-…" }, "calling bob@example.com"); // {"apiKey":"[REDACTED]","msg":"calling [EMAIL]"}
 */
export function createLogger(stream: DestinationStream, options: LoggerOptions = {}): Logger {
  const clock = options.clock ?? (() => new Date());
  return pino(
    {
      level: options.level ?? "info",
      base: options.base ? (redactDeep(options.base) as Record<string, unknown>) : null,
      timestamp: () => `,"time":${JSON.stringify(clock().toISOString())}`,
      // Errors arrive already flattened and scrubbed by `redactDeep`; pino's own serializer would
      // rename their type to "Object".
      serializers: { err: (e: unknown) => e },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redactDeep(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          const safeRest = rest.map((a) => redactDeep(a));
          if (first instanceof Error) {
            // pino would take the raw message of a bare error; give it a scrubbed one instead.
            const err = redactDeep(first) as { message: string };
            const msg = typeof safeRest[0] === "string" ? safeRest.shift() : err.message;
            return method.apply(this, [{ err }, msg, ...safeRest] as Parameters<typeof method>);
          }
          return method.apply(this, [redactDeep(first), ...safeRest] as Parameters<typeof method>);
        },
        streamWrite: (line) => scrubSecrets(line),
      },
    },
    stream,
  );
}
