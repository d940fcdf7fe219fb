/**
 * `engagetrack start` (what `npm start` runs): everything the product does, on embedded defaults,
 * with no credentials — the main job (simulate or read customers, validate, train, score, explain,
 * publish a snapshot), two questions answered in the terminal with their charts written as PNGs,
 * the notebooks site built, then the one server: the API, chart links, the notebooks at
 * /notebooks/, Slack/Teams when configured, and the digest scheduler, whose catch-up run writes the
 * first digest (Markdown + chart PNG) to the local outbox. On an interactive terminal a chat prompt
 * opens beside the server (its log goes to logs/server.log); Ctrl-C stops everything.
 *
 * Each step before the server is its own `engagetrack` process, exactly the command a person would
 * type, so `npm start` shows the commands it ran. `--no-serve` stops after the digest (scripts,
 * CI), `--no-notebooks` skips the site build (about 20 s).
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "../cli-io.ts";
import type { Reply } from "../../bot/conversation/index.ts";
import type { ReplyOutputs } from "../../bot/terminal/index.ts";
import { CliError, ExitCode } from "../cli-error.ts";

interface StartOptions {
  serve: boolean;
  notebooks: boolean;
  chat: boolean;
}

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(REPO, "bin/engagetrack.js");
const TSX = join(REPO, "node_modules/tsx/dist/cli.mjs");

export async function action(io: CliIo, options: StartOptions): Promise<number | void> {
  await start(io, options);
}

async function start(io: CliIo, options: StartOptions): Promise<void> {
  const env = io.env;
  const heading = (n: number, what: string) => io.stdout.write(`\n━━ ${n}. ${what}\n`);

  heading(1, "Main job: data → validation → model → scores and explanations → snapshot");
  const run = await step(io, [CLI, "run"]);
  if (run !== ExitCode.ok && run !== ExitCode.dataProblems)
    throw new CliError("start-failed", "the main job failed: see above", {
      exitCode: run ?? ExitCode.unusable,
    });

  heading(2, "Questions in the terminal (as in Slack or Teams; `npx engagetrack chat` for more)");
  // Asked once, as JSON: printed as the terminal prints it, and its first customer is the next question.
  const first = await askShowingText(io, "top at-risk 5");
  if (first) await step(io, [CLI, "ask", `why is ${first} at risk`]);

  if (options.notebooks) {
    heading(3, "Notebooks: the analysts' site (served at /notebooks/)");
    const built = await step(io, [TSX, join(REPO, "notebooks/tools/build.ts")], "npm run notebooks:build");
    if (built !== 0)
      io.stdout.write("the notebooks did not build (see above); the server starts without them\n");
  }

  if (!options.serve) {
    heading(4, "Digest to the local outbox");
    await step(io, [CLI, "digest", "--once"]);
    return;
  }

  heading(
    4,
    "Server: API, chart links, notebooks, digests (first one to the outbox now), Slack/Teams when configured",
  );
  const interactive = options.chat && Boolean(io.stdin.isTTY && io.stdout.isTTY);
  const { serve } = await import("../../bot/server.ts");
  let logStream: NodeJS.WritableStream & { write(s: string): boolean } = process.stdout;
  if (interactive) {
    const logFile = join(REPO, "logs/server.log");
    await mkdir(dirname(logFile), { recursive: true });
    logStream = createWriteStream(logFile, { flags: "a", mode: 0o600 });
    io.stdout.write(`(the server's log goes to ${logFile} while the chat is open)\n`);
  }
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
  return /^[A-Za-z0-9_./:=-]+$/.test(arg) ? arg : JSON.stringify(arg);
}
