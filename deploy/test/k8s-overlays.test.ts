// The dev and prod overlays (and their scoring runs) render, change only what an environment
// should, agree with `kubectl kustomize` where kubectl is installed, and scripts/render-release.sh
// sets the images and refuses unconfigured "replace-me" values.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { objectKey, podTemplateOf, type K8sObject } from "./fixtures/k8s-object.ts";
import { applyJson6902, renderKustomization } from "./fixtures/kustomize.ts";
import { onPath, REPO, run } from "./fixtures/repo.ts";

const OVERLAYS = ["dev", "prod", "dev/scoring", "prod/scoring"] as const;
const render = (overlay: string) => renderKustomization(join(REPO, "k8s/overlays", overlay));
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const KUBECTL = onPath("kubectl");
const KUSTOMIZE_MISSING = "neither kubectl nor kustomize is installed (kubectl kustomize renders overlays)";
const KUSTOMIZER = onPath("kustomize", "kubectl");

describe("overlays", () => {
  it("render the base (or the scoring run) with the same objects", () => {
    const base = renderKustomization(join(REPO, "k8s/base")).map(objectKey).sort();
    const scoring = renderKustomization(join(REPO, "k8s/scoring")).map(objectKey).sort();
    for (const o of OVERLAYS) {
      expect(render(o).map(objectKey).sort(), o).toEqual(o.endsWith("scoring") ? scoring : base);
    }
  });

  it("change only environment settings: host, public URL, log level, Key Vault and identity ids, scale", () => {
    const allowed = [
      /^Ingress\/.*:\/spec\/(tls\/0\/hosts\/0|rules\/0\/host)$/,
      /^ConfigMap\/engagetrack-config:\/data\/(ENGAGETRACK_PUBLIC_URL|LOG_LEVEL)$/,
      /^SecretProviderClass\/.*:\/spec\/parameters\/(keyvaultName|tenantId|clientID)$/,
      /^ServiceAccount\/.*:\/metadata\/annotations\/azure\.workload\.identity~1client-id$/,
      /^Deployment\/.*:\/spec\/(replicas|template\/spec\/topologySpreadConstraints\/1\/whenUnsatisfiable|template\/spec\/containers\/0\/resources\/requests\/cpu)$/,
      /^HorizontalPodAutoscaler\/.*:\/spec\/(minReplicas|maxReplicas)$/,
      /^Job\/engagetrack-score:\/spec\/(completions|parallelism)$/,
      /^ConfigMap\/engagetrack-scoring:\/data\/SCORE_SHARDS$/,
    ];
    for (const o of OVERLAYS) {
      const before = renderKustomization(join(REPO, o.endsWith("scoring") ? "k8s/scoring" : "k8s/base"));
      const after = render(o);
      for (const a of after) {
        const b = before.find((x) => objectKey(x) === objectKey(a))!;
        for (const path of differences(b, a)) {
          const where = `${a.kind}/${a.metadata.name}:${path}`;
          expect(
            allowed.some((re) => re.test(where)),
            `${o}: ${where}`,
          ).toBe(true);
        }
      }
    }
  });

  it("prod runs 3+ server replicas, one per node, and more shards; SCORE_SHARDS always equals completions", () => {
    const prod = render("prod");
    expect(find(prod, "Deployment", "engagetrack-server").spec.replicas).toBeGreaterThanOrEqual(3);
    expect(
      find(prod, "HorizontalPodAutoscaler", "engagetrack-server").spec.minReplicas,
    ).toBeGreaterThanOrEqual(3);
    for (const name of ["engagetrack-server", "engagetrack-notebooks"]) {
      const spread = podTemplateOf(find(prod, "Deployment", name))!.spec.topologySpreadConstraints;
      expect(
        spread.find((t: { topologyKey: string }) => t.topologyKey === "kubernetes.io/hostname")
          .whenUnsatisfiable,
      ).toBe("DoNotSchedule");
    }
    for (const o of ["dev/scoring", "prod/scoring"]) {
      const objects = render(o);
      const job = find(objects, "Job", "engagetrack-score");
      const shards = Number(find(objects, "ConfigMap", "engagetrack-scoring").data.SCORE_SHARDS);
      expect(job.spec.completions, o).toBe(shards);
      expect(job.spec.parallelism, o).toBe(shards);
    }
    expect(find(render("prod/scoring"), "Job", "engagetrack-score").spec.completions).toBeGreaterThan(
      find(render("dev/scoring"), "Job", "engagetrack-score").spec.completions,
    );
  });

  it("give each environment its own host, and the public URL on that host", () => {
    const hosts = ["dev", "prod"].map((o) => {
      const objects = render(o);
      const host = find(objects, "Ingress", "engagetrack").spec.rules[0].host;
      for (const i of objects.filter((x) => x.kind === "Ingress")) {
        expect(i.spec.rules[0].host).toBe(host);
        expect(i.spec.tls[0].hosts).toEqual([host]);
      }
      expect(find(objects, "ConfigMap", "engagetrack-config").data.ENGAGETRACK_PUBLIC_URL).toBe(
        `https://${host}`,
      );
      return host;
    });
    expect(new Set(hosts).size).toBe(2);
  });
});

describe.skipIf(!KUBECTL)(
  `kubectl kustomize agrees with the tests' renderer (skips when kubectl is not installed)`,
  () => {
    it.each(["base", "scoring", ...OVERLAYS.map((o) => `overlays/${o}`)])("k8s/%s", async (dir) => {
      const r = await run(KUBECTL!, ["kustomize", join(REPO, "k8s", dir)]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const theirs = parseAllDocuments(r.stdout).map((d) => d.toJS()) as K8sObject[];
      const ours = renderKustomization(join(REPO, "k8s", dir));
      const byKey = (list: K8sObject[]) => Object.fromEntries(list.map((o) => [objectKey(o), o]));
      expect(byKey(theirs)).toEqual(byKey(ours));
    });
  },
);

describe.skipIf(!KUSTOMIZER)(`scripts/render-release.sh (skips when ${KUSTOMIZE_MISSING})`, () => {
  const tmp = mkdtempSync(join(tmpdir(), "et-release-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("refuses to render an overlay that still says replace-me, naming the lines", async () => {
    const r = await run("bash", [
      "scripts/render-release.sh",
      "k8s/overlays/prod",
      "myacr.azurecr.io",
      "0123abc",
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/keyvaultName: replace-me-prod-kv/);
    expect(r.stderr).toMatch(/still has the "replace-me" values above/);
    // It cleaned up after itself.
    expect(readdirSync(join(REPO, "k8s")).filter((f) => f.startsWith(".release."))).toEqual([]);
  });

  it("renders a configured overlay with every image at the registry and commit tag", async () => {
    const copy = configuredCopy(tmp);
    const sha = "3f2c1d9e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e";
    const r = await run(
      "bash",
      [join(copy, "scripts/render-release.sh"), "k8s/overlays/prod", "myacr.azurecr.io", sha],
      {
        cwd: copy,
      },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const objects = parseAllDocuments(r.stdout).map((d) => d.toJS()) as K8sObject[];
    const images = objects.flatMap((o) => {
      const pod = podTemplateOf(o);
      return pod ? pod.spec.containers.map((c: { image: string }) => c.image) : [];
    });
    expect(new Set(images)).toEqual(
      new Set([`myacr.azurecr.io/engagetrack:${sha}`, `myacr.azurecr.io/engagetrack-notebooks:${sha}`]),
    );
    expect(objects.map(objectKey).sort()).toEqual(render("prod").map(objectKey).sort());
  });

  it("sets the scoring run id, and refuses a tag of latest, a bad registry or a bad run id", async () => {
    const copy = configuredCopy(tmp);
    const script = join(copy, "scripts/render-release.sh");
    const ok = await run(
      "bash",
      [script, "k8s/overlays/dev/scoring", "myacr.azurecr.io", "abc1234", "run-42-1"],
      {
        cwd: copy,
      },
    );
    expect(ok.code).toBe(0);
    const objects = parseAllDocuments(ok.stdout).map((d) => d.toJS()) as K8sObject[];
    expect(find(objects, "ConfigMap", "engagetrack-scoring").data.SCORE_RUN).toBe("run-42-1");
    for (const [args, message] of [
      [["k8s/overlays/dev", "myacr.azurecr.io", "latest"], /refusing tag "latest"/],
      [["k8s/overlays/dev", "MyAcr.azurecr.io;rm", "abc"], /invalid registry/],
      [["k8s/overlays/dev/scoring", "myacr.azurecr.io", "abc", "Run 1"], /invalid scoring run id/],
      [["k8s/overlays/nowhere", "myacr.azurecr.io", "abc"], /no kustomization\.yaml/],
    ] as const) {
      const r = await run("bash", [script, ...args], { cwd: copy });
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});

/** k8s/ and the script copied with every replace-me value filled in, as a configured repository. */
function configuredCopy(tmp: string): string {
  const dir = mkdtempSync(join(tmp, "repo-"));
  cpSync(join(REPO, "k8s"), join(dir, "k8s"), { recursive: true });
  cpSync(join(REPO, "scripts/render-release.sh"), join(dir, "scripts/render-release.sh"));
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else writeFileSync(p, readFileSync(p, "utf8").replace(/replace-me/g, "contoso"));
    }
  };
  walk(join(dir, "k8s"));
  return dir;
}

/** JSON-pointer paths where two documents differ. */
function differences(a: unknown, b: unknown, path = ""): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) =>
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`,
      ),
    );
  }
  return [path];
}

// The renderer's JSON 6902 is the overlays' only patch kind: check it on its own.
describe("the tests' JSON 6902", () => {
  it("adds, replaces and removes, and refuses a path that is not there", () => {
    const doc = { a: { b: [1, 2], "c/d": "x" } };
    expect(
      applyJson6902(doc, [
        { op: "replace", path: "/a/c~1d", value: "y" },
        { op: "add", path: "/a/b/-", value: 3 },
        { op: "remove", path: "/a/b/0" },
        { op: "add", path: "/e", value: true },
      ]),
    ).toEqual({ a: { b: [2, 3], "c/d": "y" }, e: true });
    expect(doc.a.b).toEqual([1, 2]);
    expect(() => applyJson6902(doc, [{ op: "replace", path: "/a/z", value: 1 }])).toThrow(/not found/);
  });
});
