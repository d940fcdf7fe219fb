/**
 * The README's five-minute tour, run verbatim: every command line of the "A five-minute tour" block,
 * in order, each through bash in a fresh clone of this repository (`--here` runs in the current
 * folder instead), failing on the first step that does not exit 0.
 *
 * The tour's placeholders and long-running steps need a hand, and only these:
 * - `<customerID>`: a customer of the data set the step reads. Steps 5 (`explain` on the generated
 *   file) take the first row's ID, found through the dataset contract that step 2's `data init` drafted;
 *   steps 6–7 ("after `npm start`") take the first customer of `ask "top at-risk 1"`.
 * - Step 6 says "after `npm start`": the script runs `npx engagetrack start --no-serve --no-notebooks`
 *   before it, as the README's "The two commands" section describes.
 * - `export NAME=…`: the variable is kept for the following steps, as in one shell.
 * - `npx engagetrack serve`: started on a free port (PORT), stopped with Ctrl-C (SIGINT to its process
 *   group) once `/readyz` answers 200; the server must drain, log "stopped" and leave nothing running.
 * - `npx engagetrack chat`: is typed `help` and `quit`.
 * - A step reading `../shared/…` is skipped, saying so, when that file is absent (a clone without it).
 *
 * @example
 * npm run tour             # in a fresh clone beside this one (node_modules linked), removed after
 * npm run tour -- --here   # in this folder
 * npm run tour -- --here --from 21   # from step 21 on (the files earlier steps made must be there)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";

const repo = resolve(import.meta.dirname, "..");

interface Step {
  /** The README's line, verbatim. */
  line: string;
  /** The tour's numbered comment it falls under ("5"). */
  section: string;
}

/** The command lines of the README's tour block, with the number of the comment above each. */
export function tourSteps(readme: string): Step[] {
  const start = readme.indexOf("## A five-minute tour");
  if (start < 0) throw new Error('README.md has no "## A five-minute tour" section');
  const fence = /```sh\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!fence) throw new Error("README.md's tour has no ```sh block");
  const steps: Step[] = [];
  let section = "";
  for (const raw of fence[1].split("\n")) {
    const line = raw.trim();
    const numbered = /^#\s*(\d+)\./.exec(line);
    if (numbered) section = numbered[1];
    if (line === "" || line.startsWith("#")) continue;
    steps.push({ line, section });
  }
  return steps;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
    s.on("error", fail);
  });
}

function run(line: string, cwd: string, env: NodeJS.ProcessEnv, input?: string) {
  return spawnSync("bash", ["-c", line], {
    cwd,
    env,
    input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * Runs `serve` until /readyz says 200, then presses Ctrl-C: SIGINT to its whole process group, as a
 * terminal does. The server must drain and log "stopped", and nothing of it may be left running;
 * npx itself ends by that SIGINT, as it does in a terminal, which counts as exit 0.
 */
async function serveOnce(line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<number | null> {
  const port = await freePort();
  const child = spawn("bash", ["-c", `exec ${line}`], {
    cwd,
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr.on("data", (b: Buffer) => (output += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on("exit", (code, signal) => done({ code, signal })),
  );
  const deadline = Date.now() + 180_000;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    ready = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (!ready) await new Promise((r) => setTimeout(r, 500));
  }
  process.kill(-child.pid!, ready ? "SIGINT" : "SIGKILL");
  const { code, signal } = await exited;
  // The group's last process may outlive npx for a moment: 10 s to drain, then it counts as left.
  let left = true;
  for (let i = 0; i < 100 && left; i++) {
    try {
      process.kill(-child.pid!, 0);
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      left = false;
    }
  }
  const stopped = /"msg":"stopped"/.test(output);
  if (ready && stopped && !left && (code === 0 || signal === "SIGINT")) return 0;
  if (left) process.kill(-child.pid!, "SIGKILL");
  process.stderr.write(output);
  console.error(
    ready
      ? `serve after Ctrl-C: exit ${code ?? signal}, ${stopped ? "stopped" : 'no "stopped" log line'}, ${left ? "processes left running" : "nothing left running"}`
      : `serve was not ready on port ${port} within 180 s`,
  );
  return code ?? 1;
}

/** The first customer ID of a data file, by the dataset contract step 2 drafted for it. */
function firstIdOf(cwd: string, dataFile: string): string {
  const contract = parseYaml(readFileSync(join(cwd, "data/contracts/customers.yaml"), "utf8")) as {
    id: { column: string };
  };
  const [header, first] = readFileSync(join(cwd, dataFile), "utf8").split("\n", 2);
  const at = header.split(",").indexOf(contract.id.column);
  if (at < 0) throw new Error(`${dataFile} has no ${contract.id.column} column`);
  return first.split(",")[at];
}

function firstAtRisk(cwd: string, env: NodeJS.ProcessEnv): string {
  const r = run('npx engagetrack ask "top at-risk 1"', cwd, env);
  const id = /tell me about (\S+?)"/.exec(r.stdout)?.[1];
  if (r.status !== 0 || !id) throw new Error(`could not find a customer to act on:\n${r.stdout}${r.stderr}`);
  return id;
}

async function main(): Promise<number> {
  const here = process.argv.includes("--here");
  const fromAt = process.argv.indexOf("--from");
  const from = fromAt > 0 ? Number(process.argv[fromAt + 1]) : 1;
  let cwd = repo;
  if (!here) {
    // Beside this checkout, so that the tour's ../shared/… paths resolve as they do here.
    cwd = mkdtempSync(join(dirname(repo), ".engagetrack-tour-"));
    const clone = spawnSync("git", ["clone", "-q", repo, cwd], { encoding: "utf8" });
    if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
    // The installed dependencies of this checkout (`npm ci` of the same lockfile).
    symlinkSync(join(repo, "node_modules"), join(cwd, "node_modules"));
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  const steps = tourSteps(readFileSync(join(cwd, "README.md"), "utf8"));
  let started = false;
  let id: string | undefined;
  const t0 = Date.now();
  try {
    for (const [i, step] of steps.entries()) {
      if (i + 1 < from) {
        started ||= Number(step.section) >= 6;
        continue;
      }
      let line = step.line;
      const shared = /\.\.\/shared\/\S+/.exec(line)?.[0];
      if (shared && !existsSync(join(cwd, shared))) {
        console.log(`[${i + 1}/${steps.length}] skipped (${shared} is absent): ${line}`);
        continue;
      }
      if (Number(step.section) >= 6 && !started) {
        console.log("[after npm start] npx engagetrack start --no-serve --no-notebooks");
        const r = run("npx engagetrack start --no-serve --no-notebooks", cwd, env);
        if (r.status !== 0) {
          process.stderr.write(r.stdout + r.stderr);
          throw new Error(`engagetrack start exited ${r.status}`);
        }
        started = true;
        id = undefined;
      }
      if (line.includes("<customerID>")) {
        id ??= started ? firstAtRisk(cwd, env) : firstIdOf(cwd, "data/generated/customers.csv");
        line = line.replaceAll("<customerID>", id);
      }
      const began = Date.now();
      let code: number | null;
      let out = "";
      if (/^export\s+\w+=/.test(line)) {
        const r = run(`${line}\nenv -0`, cwd, env);
        code = r.status;
        out = r.stderr;
        for (const kv of r.stdout.split("\0").filter(Boolean)) {
          const eq = kv.indexOf("=");
          env[kv.slice(0, eq)] = kv.slice(eq + 1);
        }
      } else if (/^npx engagetrack serve\b/.test(line)) {
        code = await serveOnce(line, cwd, env);
      } else {
        const r = run(line, cwd, env, /^npx engagetrack chat\b/.test(line) ? "help\nquit\n" : undefined);
        code = r.status;
        out = r.stdout + r.stderr;
      }
      const secs = ((Date.now() - began) / 1000).toFixed(1);
      console.log(`[${i + 1}/${steps.length}] exit ${code} in ${secs} s: ${line}`);
      if (code !== 0) {
        process.stderr.write(out);
        console.error(`tour step ${step.section} failed: ${line}`);
        return 1;
      }
    }
    console.log(`the tour ran, every step exit 0, in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    return 0;
  } finally {
    if (!here) rmSync(cwd, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  main().then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(`tour: ${(err as Error).message}`);
      process.exitCode = 1;
    },
  );
}
