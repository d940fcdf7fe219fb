// The GitHub Actions workflows read as data: triggers, permissions, the Node matrix, the steps
// CI must run, OIDC-only Azure access, images tagged by commit, rollout and rollback; every shell
// script in them (and in the scoring manifests and scripts/) passes `bash -n` / `sh -n`.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { satisfies } from "./fixtures/engines.ts";
import { readYamlDocuments, type K8sObject } from "./fixtures/k8s-object.ts";
import { readText, REPO, run } from "./fixtures/repo.ts";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  id?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  "runs-on": string;
  environment?: string;
  needs?: string | string[];
  container?: { image: string };
  strategy?: { matrix: Record<string, unknown[]> };
  steps: Step[];
  [field: string]: unknown;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean | string };
  jobs: Record<string, Job>;
}

const DIR = join(REPO, ".github/workflows");
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const workflows = Object.fromEntries(files.map((f) => [f, readYamlDocuments(join(DIR, f))[0] as Workflow]));
const steps = (w: Workflow): Step[] => Object.values(w.jobs).flatMap((j) => j.steps);
const script = (w: Workflow) =>
  steps(w)
    .map((s) => s.run ?? "")
    .join("\n");

describe("every workflow", () => {
  it("parses, names its triggers and jobs, and asks for least privilege", () => {
    expect(files.sort()).toEqual(["ci.yml", "deploy.yml", "score.yml"]);
    for (const [file, w] of Object.entries(workflows)) {
      expect(w.name, file).toBeTruthy();
      expect(Object.keys(w.on).length, file).toBeGreaterThan(0);
      expect(w.permissions.contents, file).toBe("read");
      for (const [scope, level] of Object.entries(w.permissions)) {
        expect(["contents:read", "id-token:write"], `${file}: ${scope}`).toContain(`${scope}:${level}`);
      }
      for (const [name, job] of Object.entries(w.jobs)) {
        expect(job["runs-on"], `${file} ${name}`).toMatch(/^ubuntu-\d+\.\d+$/);
        expect(job["timeout-minutes"], `${file} ${name}`).toBeGreaterThan(0);
        expect(job.steps.length, `${file} ${name}`).toBeGreaterThan(0);
      }
    }
  });

  it("pins every action to a released major version", () => {
    for (const [file, w] of Object.entries(workflows)) {
      for (const s of steps(w).filter((x) => x.uses)) {
        expect(s.uses, file).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+)*|[0-9a-f]{40})$/);
      }
    }
  });

  it("never holds a stored Azure password (OIDC only)", () => {
    for (const [file, w] of Object.entries(workflows)) {
      for (const s of steps(w).filter((x) => x.uses?.startsWith("azure/login@"))) {
        expect(Object.keys(s.with ?? {}).sort(), file).toEqual(["client-id", "subscription-id", "tenant-id"]);
      }
      expect(readText(`.github/workflows/${file}`), file).not.toMatch(
        /creds:|password:|AZURE_CREDENTIALS|--password/i,
      );
    }
  });

  it("has shell scripts that parse (bash -n)", async () => {
    for (const [file, w] of Object.entries(workflows)) {
      for (const s of steps(w).filter((x) => x.run)) {
        // GitHub substitutes ${{ … }} before the shell sees the script.
        const text = s.run!.replace(/\$\{\{[^}]*\}\}/g, "x");
        const r = await run("bash", ["-n"], { input: text });
        expect(r.stderr, `${file}: ${s.name ?? s.run!.slice(0, 40)}`).toBe("");
        expect(r.code).toBe(0);
      }
    }
  });
});

describe("ci.yml", () => {
  const ci = workflows["ci.yml"];

  it("runs on pull requests and on main", () => {
    expect(ci.on).toEqual({ pull_request: null, push: { branches: ["main"] } });
  });

  it("tests on the LTS lines (22, 24) that package.json's engines allow, in Debian with Debian's Chromium", () => {
    const test = ci.jobs.test;
    expect(test.strategy!.matrix.node).toEqual([22, 24]);
    expect(test.container!.image).toBe("node:${{ matrix.node }}-bookworm");
    const engines = JSON.parse(readText("package.json")).engines.node as string;
    // The images' tags float to each line's newest release, which engines must allow; Node 20 (end of
    // life 2026-04-30) and the odd lines are not supported.
    for (const major of test.strategy!.matrix.node as number[]) {
      expect(satisfies([major, 99], engines), `Node ${major} against engines ${engines}`).toBe(true);
    }
    const unsupported: [number, number][] = [
      [20, 99],
      [21, 99],
      [22, 11],
      [23, 99],
    ];
    for (const v of unsupported) {
      expect(satisfies(v, engines), `Node ${v.join(".")} against engines ${engines}`).toBe(false);
    }
    const runs = test.steps.map((s) => s.run ?? "");
    const order = [
      /apt-get install .*\bchromium\b/,
      /^npm ci\b/,
      /^npm run check$/,
      /^npm test$/,
      /^npm run notebooks:build$/,
    ];
    const at = order.map((re) => runs.findIndex((r) => r.split("\n").some((line) => re.test(line.trim()))));
    expect(
      at.every((i) => i >= 0),
      String(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("builds both images and checks the app's user and /healthz on a read-only root", () => {
    const images = ci.jobs.images;
    const builds = images.steps.filter((s) => s.uses?.startsWith("docker/build-push-action@"));
    expect(builds.map((s) => s.with!.target)).toEqual(["app", "notebooks"]);
    for (const b of builds) expect(b.with!.push).toBe(false);
    const check = images.steps.map((s) => s.run ?? "").join("\n");
    expect(check).toMatch(/Config\.User.*"10001:10001"/);
    expect(check).toMatch(/docker run .*--read-only .*--cap-drop ALL/);
    expect(check).toMatch(/\/healthz/);
  });

  it("renders and validates every overlay", () => {
    const s = script(ci);
    for (const o of ["dev", "prod", "dev/scoring", "prod/scoring"]) expect(s).toContain(`k8s/overlays/${o}`);
    expect(s).toMatch(/bin\/kubeconform" -strict/);
  });
});

describe("deploy.yml", () => {
  const deploy = workflows["deploy.yml"];
  const text = script(deploy);

  it("deploys main to dev and v* tags to prod, one run per environment at a time", () => {
    expect(deploy.on).toEqual({ push: { branches: ["main"], tags: ["v*"] } });
    expect(deploy.env!.ENVIRONMENT).toBe("${{ startsWith(github.ref, 'refs/tags/v') && 'prod' || 'dev' }}");
    for (const job of Object.values(deploy.jobs)) expect(job.environment).toBe(deploy.env!.ENVIRONMENT);
    expect(deploy.concurrency!["cancel-in-progress"]).toBe(false);
    expect(deploy.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it("pushes both images to ACR tagged with the commit SHA, logged in through azure/login", () => {
    expect(deploy.env!.IMAGE_TAG).toBe("${{ github.sha }}");
    expect(Object.keys(deploy.jobs)).toEqual(["release"]); // one approval per protected release
    const images = deploy.jobs.release.steps;
    const login = images.findIndex((s) => s.uses?.startsWith("azure/login@"));
    const acr = images.findIndex((s) => /az acr login --name/.test(s.run ?? ""));
    const builds = images.filter((s) => s.uses?.startsWith("docker/build-push-action@"));
    expect(login).toBeGreaterThanOrEqual(0);
    expect(acr).toBeGreaterThan(login);
    expect(builds.map((b) => [b.with!.target, b.with!.tags])).toEqual([
      ["app", "${{ steps.acr.outputs.registry }}/engagetrack:${{ env.IMAGE_TAG }}"],
      ["notebooks", "${{ steps.acr.outputs.registry }}/engagetrack-notebooks:${{ env.IMAGE_TAG }}"],
    ]);
    for (const b of builds) expect(b.with!.push).toBe(true);
  });

  it("renders the overlay with those images, applies it, waits for the rollouts, and rolls back what it changed", () => {
    const job = deploy.jobs.release;
    const names = job.steps.map((s) => s.uses?.replace(/@.*/, "") ?? s.name);
    const order = [
      "azure/login",
      "docker/build-push-action",
      "azure/setup-kubectl",
      "azure/aks-set-context",
      "Render the overlay with this commit's images",
      "Apply",
      "Wait for the rollouts",
      "Roll back on failure",
    ];
    const at = order.map((n) => names.indexOf(n));
    expect(
      at.every((i) => i >= 0),
      String(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).toMatch(
      /scripts\/render-release\.sh "k8s\/overlays\/\$ENVIRONMENT" "\$\{\{ steps\.acr\.outputs\.registry \}\}" "\$IMAGE_TAG"/,
    );
    expect(text).toMatch(/kubectl apply --dry-run=server -f rendered\.yaml/);
    expect(text).toMatch(/kubectl apply -f rendered\.yaml/);
    expect(text).toMatch(/rollout status deployment\/engagetrack-server --timeout=\d+m/);
    expect(text).toMatch(/rollout status deployment\/engagetrack-notebooks --timeout=\d+m/);
    expect(text).toMatch(/rollout status deployment\/oauth2-proxy --timeout=\d+m/);
    // The edge is the Gateway API (NGINX Gateway Fabric); ingress-nginx is retired.
    expect(text).toMatch(
      /-n engagetrack-gateway wait gateway\/engagetrack --for=condition=Programmed --timeout=\d+m/,
    );
    for (const w of Object.keys(workflows)) {
      expect(readText(`.github/workflows/${w}`), w).not.toMatch(/ingress-nginx|kind: Ingress\b/);
    }
    const rollback = job.steps.find((s) => s.name === "Roll back on failure")!;
    expect(rollback.if).toBe("failure() && steps.apply.outcome == 'success'");
    expect(rollback.run).toMatch(/rollout undo "deployment\/\$name" --to-revision="\$before"/);
    expect(rollback.run).toMatch(/set image cronjob\/engagetrack-digest/);
    expect(job.steps.find((s) => s.uses?.startsWith("azure/aks-set-context@"))!.with!["use-kubelogin"]).toBe(
      "true",
    );
  });
});

describe("score.yml", () => {
  const score = workflows["score.yml"];
  it("starts a scoring run with the server's image and a new run id, then waits for the commit", () => {
    expect(Object.keys(score.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const text = script(score);
    expect(text).toMatch(/scripts\/render-release\.sh "k8s\/overlays\/\$ENVIRONMENT\/scoring"/);
    expect(text).toMatch(/delete job -l app\.kubernetes\.io\/component=scoring/);
    expect(text).toMatch(/wait_job engagetrack-score \d+\n\s*wait_job engagetrack-snapshot-commit \d+/);
  });
});

describe("other shell scripts parse", () => {
  it("scripts/*.sh (bash -n) and the scoring Jobs' container scripts (sh -n)", async () => {
    for (const f of readdirSync(join(REPO, "scripts")).filter((x) => x.endsWith(".sh"))) {
      const r = await run("bash", ["-n", join(REPO, "scripts", f)]);
      expect(r.stderr, f).toBe("");
    }
    for (const f of ["score-job.yaml", "commit-job.yaml"]) {
      const job = readYamlDocuments(join(REPO, "k8s/scoring", f))[0] as K8sObject;
      const r = await run("sh", ["-n"], { input: job.spec.template.spec.containers[0].args[0] });
      expect(r.stderr, f).toBe("");
      expect(r.code, f).toBe(0);
    }
  });
});
