import cliProgress from "cli-progress";

/** A progress reporter: a bar on a TTY, silent otherwise (and always silent under --json). */
export interface Progress {
  start(total: number, label: string): void;
  update(done: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start() {}, update() {}, stop() {} };

/** A progress bar on stderr when it is a TTY; a no-op otherwise so pipes and CI stay clean. */
export function progressFor(stream: NodeJS.WriteStream = process.stderr, quiet = false): Progress {
  if (quiet || !stream.isTTY) return silentProgress;
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(total, label) {
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(done) {
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
