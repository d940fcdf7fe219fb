/**
 * `engagetrack start` (what `npm start` runs): everything the product does, on embedded defaults,
 * with no credentials — the main job (simulate or read customers, validate, train, score, explain,
 * publish a snapshot), two questions answered in the terminal with their charts written as PNGs,
 * the notebooks site built, then the one server: the API, chart links, the notebooks at
 * /notebooks/, Slack/Teams when configured, and the digest scheduler, whose catch-up run writes the
 * first digest (Markdown + chart PNG) to the local outbox. On an interactive terminal a chat prompt
 * opens beside the server (its log goes to logs/server.log); Ctrl-C stops everything.
 *
 * On the simulator (no ENGAGETRACK_DATA) with no owners file of the user's, every step gets the demo's
 * (data/demo-owners.yaml: the simulator's invented account owners), and a third question shows "my
 * accounts" as one of those owners would see them.
 *
 * Each step before the server is its own `engagetrack` process, exactly the command a person would
 * type, so `npm start` shows the commands it ran. The main job's report and the answers are
 * shown whole (they are the result); the notebooks build, the digest run and the server write their
 * full logs to `logs/` and the terminal gets one summary line each. `--no-serve` stops after the
 * digest (scripts, CI), `--no-notebooks` skips the site build (30–60 s here).
 */
import { spawn } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "../cli-io.ts";
import type { Reply } from "../../bot/conversation/index.ts";
import type { ReplyOutputs } from "../../bot/terminal/index.ts";
import { CliError, ExitCode } from "../cli-error.ts";
import { runConfigFrom } from "../run-config.ts";
import { SIMULATED_OWNERS } from "../../core/src/data/index.ts";
import { readSettings, SERVER_SETTINGS } from "../../core/src/settings/index.ts";

interface StartOptions {
  serve: boolean;
  notebooks: boolean;
  chat: boolean;
}

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(REPO, "bin/engagetrack.js");
const TSX = join(REPO, "node_modules/tsx/dist/cli.mjs");

/** The demo's owners file: the simulator's invented account owners, known in chat by e-mail. */
export const DEMO_OWNERS_FILE = join(REPO, "data/demo-owners.yaml");

/**
 * The environment the steps run in, and the demo owner whose accounts the terminal shows: on the
 * simulator with no ENGAGETRACK_OWNERS_FILE, the demo's owners file and its first owner's e-mail;
 * otherwise the environment as given (a team's own data has its own owners, or none).
 */
export function startEnvironment(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; demoOwner?: string } {
  let simulated: boolean;
  try {
    simulated = runConfigFrom(env).data === undefined;
  } catch {
    return { env }; // a bad setting: the main job names it
  }
  const owners = readSettings(env, {
    ENGAGETRACK_OWNERS_FILE: SERVER_SETTINGS.settings.ENGAGETRACK_OWNERS_FILE,
  });
  if (!simulated || !owners.ok || owners.settings.ENGAGETRACK_OWNERS_FILE !== undefined) return { env };
  return { env: { ...env, ENGAGETRACK_OWNERS_FILE: DEMO_OWNERS_FILE }, demoOwner: SIMULATED_OWNERS[0].email };
}

export async function action(io: CliIo, options: StartOptions): Promise<number | void> {
  await start(io, options);
}

async function start(given: CliIo, options: StartOptions): Promise<void> {
  const { env, demoOwner } = startEnvironment(given.env);
  const io: CliIo = { ...given, env };
  const heading = (n: number, what: string) => io.stdout.write(`\n━━ ${n}. ${what}\n`);

  heading(1, "Main job: data → validation → model → scores and explanations → snapshot");
  const run = await step(io, [CLI, "run"]);
  if (run !== ExitCode.ok && run !== ExitCode.dataProblems)
    throw new CliError("start-failed", "the main job failed: see above");

  heading(2, "Questions in the terminal (as in Slack or Teams; `npx engagetrack chat` for more)");
  // Asked once, as JSON: printed as the terminal prints it, and its first customer is the next question.
  const first = await askShowingText(io, "top at-risk 5");
  if (first) await step(io, [CLI, "ask", `why is ${first} at risk`]);
  // "My accounts" as one of the demo's (invented) owners sees them: `--as` is who asks.
  if (demoOwner) await step(io, [CLI, "ask", "--as", demoOwner, "my top at-risk 3"]);

  if (options.notebooks) {
    heading(3, "Notebooks: the analysts' site (served at /notebooks/)");
    const built = await loggedStep(io, [TSX, join(REPO, "notebooks/tools/build.ts")], {
      shown: "npm run notebooks:build",
      log: "logs/start-notebooks.log",
      summary: notebooksSummary,
    });
    if (built !== 0) io.stdout.write("the notebooks did not build; the server starts without them\n");
  }

  if (!options.serve) {
    heading(4, "Digest to the local outbox");
    await loggedStep(io, [CLI, "digest", "--once"], { log: "logs/start-digest.log", summary: digestSummary });
    return;
  }

  heading(
    4,
    "Server: API, chart links, notebooks, digests (first one to the outbox now), Slack/Teams when configured",
  );
  const interactive = options.chat && Boolean(io.stdin.isTTY && io.stdout.isTTY);
  const { serve } = await import("../../bot/server.ts");
  // The server's log (JSON lines) goes to a file; the terminal keeps its banner and the chat.
  const logFile = join(io.cwd, "logs/server.log");
  await mkdir(dirname(logFile), { recursive: true });
  const logStream = createWriteStream(logFile, { flags: "a", mode: 0o600 });
  io.stdout.write(`(the server's log goes to ${relative(io.cwd, logFile)})\n`);
  await serve(env, {
    stdout: logStream,
    onListening: interactive ? () => void chatBesideServer(io) : undefined,
  });
}

/** The chat prompt beside the running server; when it ends, the server keeps running. */
async function chatBesideServer(io: CliIo): Promise<void> {
  const { insightConfigFrom } = await import("../../core/src/settings/index.ts");
  const { openTerminal, DEFAULT_CHARTS_DIR } = await import("../terminal-input.ts");
  const { runChat } = await import("../../bot/terminal/index.ts");
  let opened;
  try {
    opened = await openTerminal({ chartsDir: DEFAULT_CHARTS_DIR }, insightConfigFrom(io.env), io.env);
  } catch (err) {
    io.stdout.write(`no chat: ${(err as Error).message}\n`);
    return;
  }
  try {
    await runChat(opened.session, { input: io.stdin, output: io.stdout, terminal: true });
  } finally {
    await opened.close();
  }
  io.stdout.write("chat closed; the server keeps running — Ctrl-C to stop it\n");
}

/**
 * Runs one step with the terminal attached, shown as the command a person would type (by default
 * `engagetrack <args>`); resolves to its exit code.
 */
function step(
  io: CliIo,
  args: string[],
  shown = `engagetrack ${args.slice(1).map(quote).join(" ")}`,
): Promise<number | null> {
  io.stdout.write(`$ ${shown}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: io.cwd, stdio: "inherit", env: io.env });
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
}

interface LoggedStep {
  /** The command shown (default `engagetrack <args>`). */
  shown?: string;
  /** Where its whole output goes, relative to the working directory (created). */
  log: string;
  /** The lines the terminal shows of its output when it succeeds. */
  summary: (output: string) => string[];
}

/**
 * Runs one step with its output (stdout and stderr) going to a log file; the terminal shows the
 * command, a summary of the output and where the full log is — or, when the step fails, the end of
 * its log. Resolves to its exit code.
 */
async function loggedStep(io: CliIo, args: string[], how: LoggedStep): Promise<number | null> {
  io.stdout.write(`$ ${how.shown ?? `engagetrack ${args.slice(1).map(quote).join(" ")}`}\n`);
  const logFile = join(io.cwd, how.log);
  await mkdir(dirname(logFile), { recursive: true });
  const log: WriteStream = createWriteStream(logFile, { flags: "w", mode: 0o600 });
  const started = Date.now();
  let output = "";
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: io.cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: io.env,
    });
    const take = (d: Buffer) => {
      output += d.toString("utf8");
      log.write(d);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("close", (c) => resolve(c));
  });
  await new Promise<void>((resolve) => log.end(resolve));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const lines = code === 0 ? how.summary(output) : lastLines(output, 15);
  for (const line of lines) io.stdout.write(`  ${line}\n`);
  io.stdout.write(
    `  (${code === 0 ? "done" : `failed, exit ${code}`} in ${seconds} s; full log: ${how.log})\n`,
  );
  return code;
}

/** The build's own last line ("notebooks built in notebooks/dist (data …, framework …)") and its page count. */
export function notebooksSummary(output: string): string[] {
  const lines = output.split(/\r?\n/);
  const built = lines.findLast((l) => l.startsWith("notebooks built")) ?? "notebooks built";
  const pages = lines.find((l) => /^┌ \(\d+ pages?\)/.test(l))?.match(/\((\d+ pages?)\)/)?.[1];
  return [pages ? `${built}: ${pages}` : built];
}

/** The digest run's own lines for people (its JSON log lines stay in the log file). */
export function digestSummary(output: string): string[] {
  return output.split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("{"));
}

function lastLines(output: string, n: number): string[] {
  return output
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .slice(-n);
}

/**
 * `engagetrack ask "<question>"` as one process: its reply and chart paths printed exactly as the
 * terminal prints them; returns the first customer of the reply's ranked list.
 */
async function askShowingText(io: CliIo, question: string): Promise<string | undefined> {
  io.stdout.write(`$ engagetrack ask ${quote(question)}\n`);
  const json = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "ask", question, "--json"], {
      cwd: io.cwd,
      stdio: ["ignore", "pipe", "inherit"],
      env: io.env,
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("close", () => resolve(out));
  });
  let answered: { reply: Reply; outputs: ReplyOutputs };
  try {
    answered = JSON.parse(json);
  } catch {
    return undefined; // the ask failed and said why on stderr
  }
  const { terminalText } = await import("../../bot/terminal/index.ts");
  io.stdout.write(terminalText(answered.reply, answered.outputs));
  return answered.reply.ranked[0]?.customerID;
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(arg) ? arg : JSON.stringify(arg);
}
