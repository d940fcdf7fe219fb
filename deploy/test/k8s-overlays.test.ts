// The dev and prod overlays (and their scoring runs) render, change only what an environment
// should, give the store's workloads DATABASE_URL and a way to the database (Azure's address range
// in prod, dev's in-cluster PostgreSQL that only they may reach), agree with `kubectl kustomize`
// where kubectl is installed, and scripts/render-release.sh sets the images and refuses
// unconfigured "replace-me" values.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { containersOf, objectKey, podTemplateOf, selects, type K8sObject } from "./fixtures/k8s-object.ts";
import { applyJson6902, renderKustomization } from "./fixtures/kustomize.ts";
import { expectRestrictedPod } from "./fixtures/pod-security.ts";
import { onPath, REPO, run } from "./fixtures/repo.ts";
import { databaseUrlReaders } from "./fixtures/store-workloads.ts";

const OVERLAYS = ["dev", "prod", "dev/scoring", "prod/scoring"] as const;
const render = (overlay: string) => renderKustomization(join(REPO, "k8s/overlays", overlay));
const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;
const KUBECTL = onPath("kubectl");
const KUSTOMIZE_MISSING = "neither kubectl nor kustomize is installed (kubectl kustomize renders overlays)";
const KUSTOMIZER = onPath("kustomize", "kubectl");

describe("overlays", () => {
  it("render the base (or the scoring run) with the same objects; dev adds its PostgreSQL", () => {
    const base = renderKustomization(join(REPO, "k8s/base")).map(objectKey).sort();
    const scoring = renderKustomization(join(REPO, "k8s/scoring")).map(objectKey).sort();
    const devPostgres = [
      "NetworkPolicy/engagetrack/engagetrack-postgres-ingress",
      "Service/engagetrack/engagetrack-postgres",
      "StatefulSet/engagetrack/engagetrack-postgres",
    ];
    for (const o of OVERLAYS) {
      const expected = o.endsWith("scoring")
        ? scoring
        : o === "dev"
          ? [...base, ...devPostgres].sort()
          : base;
      expect(render(o).map(objectKey).sort(), o).toEqual(expected);
    }
  });

  it("change only environment settings: host, public URL, log level, Key Vault and identity ids, scale", () => {
    const allowed = [
      /^Gateway\/engagetrack:\/spec\/listeners\/[01]\/hostname$/,
      /^NetworkPolicy\/engagetrack-egress-postgres:\/spec\/egress\/0\/to(\/.*)?$/,
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
        const b = before.find((x) => objectKey(x) === objectKey(a));
        if (!b) continue; // dev's PostgreSQL, checked below
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
      const listeners = find(objects, "Gateway", "engagetrack").spec.listeners as { hostname: string }[];
      const host = listeners[0].hostname;
      expect(listeners.map((l) => l.hostname)).toEqual([host, host]);
      expect(objects.filter((x) => x.kind === "Ingress")).toEqual([]);
      expect(find(objects, "ConfigMap", "engagetrack-config").data.ENGAGETRACK_PUBLIC_URL).toBe(
        `https://${host}`,
      );
      return host;
    });
    expect(new Set(hosts).size).toBe(2);
  });
});

describe("the store in each environment", () => {
  it.each(["dev", "prod"])(
    "%s: the server and the digest CronJob get DATABASE_URL; only they may open 5432",
    (o) => {
      const objects = render(o);
      expect(databaseUrlReaders(objects)).toEqual([
        "CronJob/engagetrack/engagetrack-digest",
        "Deployment/engagetrack/engagetrack-server",
      ]);
      const egress = find(objects, "NetworkPolicy", "engagetrack-egress-postgres");
      expect(egress.spec.egress).toHaveLength(1);
      expect(egress.spec.egress[0].ports).toEqual([{ protocol: "TCP", port: 5432 }]);
      const pods = objects.map(podTemplateOf).filter((p) => p !== undefined);
      expect(
        pods
          .filter((p) => selects(egress.spec.podSelector, p.labels))
          .map((p) => objectKey(p.owner))
          .sort(),
      ).toEqual(["CronJob/engagetrack/engagetrack-digest", "Deployment/engagetrack/engagetrack-server"]);
    },
  );

  it("prod: the database is outside the cluster, at an address range the overlay names (Azure's private endpoint)", () => {
    const prod = render("prod");
    expect(prod.filter((x) => x.kind === "StatefulSet")).toEqual([]);
    const to = find(prod, "NetworkPolicy", "engagetrack-egress-postgres").spec.egress[0].to;
    expect(to).toEqual([{ ipBlock: { cidr: expect.any(String) } }]);
    // A range, never the whole internet.
    expect(to[0].ipBlock.cidr).not.toMatch(/^0\.0\.0\.0\/0$/);
  });

  describe("dev: one in-cluster PostgreSQL", () => {
    const dev = render("dev");
    const sts = find(dev, "StatefulSet", "engagetrack-postgres");
    const pod = podTemplateOf(sts)!;
    const db = pod.spec.containers[0];

    it("a StatefulSet with its own volume, the official image, a password from a Secret and pg_isready probes", () => {
      expect(sts.spec.replicas).toBe(1);
      expect(selects(sts.spec.selector, pod.labels)).toBe(true);
      expect(db.image).toMatch(/^postgres:1[67](-bookworm)?$/);
      expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
      const claim = sts.spec.volumeClaimTemplates[0];
      expect(claim.spec.accessModes).toEqual(["ReadWriteOnce"]);
      expect(db.volumeMounts).toContainEqual({
        name: claim.metadata.name,
        mountPath: "/var/lib/postgresql/data",
      });
      const env = Object.fromEntries(db.env.map((e: { name: string }) => [e.name, e]));
      expect(env.POSTGRES_PASSWORD).toEqual({
        name: "POSTGRES_PASSWORD",
        valueFrom: { secretKeyRef: { name: "engagetrack-postgres", key: "password" } },
      });
      expect(env.PGDATA.value.startsWith("/var/lib/postgresql/data/")).toBe(true);
      for (const probe of [db.startupProbe, db.livenessProbe, db.readinessProbe]) {
        expect(probe.exec.command[0]).toBe("pg_isready");
      }
      const service = find(dev, "Service", "engagetrack-postgres");
      expect(selects({ matchLabels: service.spec.selector }, pod.labels)).toBe(true);
      expect(service.spec.ports).toEqual([
        { name: "postgres", port: 5432, targetPort: "postgres", protocol: "TCP" },
      ]);
      // No Secret is rendered: the password is created by hand (k8s/README.md).
      expect(dev.filter((x) => x.kind === "Secret")).toEqual([]);
    });

    it("meets the restricted Pod Security Standard like every other pod", () => {
      expectRestrictedPod(pod.spec);
      for (const c of containersOf(pod.spec)) {
        expect(c.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain("/tmp");
        expect(c.resources.limits.memory).toBeDefined();
      }
    });

    it("admits only the server and digest pods, on 5432, and the app's egress points at it", () => {
      const policies = dev.filter((x) => x.kind === "NetworkPolicy");
      const admitting = policies.filter(
        (p) =>
          p.spec.policyTypes.includes("Ingress") && p.spec.ingress && selects(p.spec.podSelector, pod.labels),
      );
      expect(admitting.map((p) => p.metadata.name)).toEqual(["engagetrack-postgres-ingress"]);
      const rules = admitting[0].spec.ingress;
      for (const r of rules) {
        expect(r.ports).toEqual([{ protocol: "TCP", port: 5432 }]);
        // Pods of this namespace only: no namespace selector, no address range.
        for (const f of r.from) expect(Object.keys(f)).toEqual(["podSelector"]);
      }
      const pods = dev.map(podTemplateOf).filter((p) => p !== undefined);
      const admitted = pods
        .filter((p) =>
          rules.some((r: { from: { podSelector: object }[] }) =>
            r.from.some((f) => selects(f.podSelector, p.labels)),
          ),
        )
        .map((p) => objectKey(p.owner))
        .sort();
      expect(admitted).toEqual([
        "CronJob/engagetrack/engagetrack-digest",
        "Deployment/engagetrack/engagetrack-server",
      ]);
      // Pods that other tools add to the namespace (oauth2-proxy, a debug pod) are not let in.
      for (const labels of <Record<string, string>[]>[
        { "app.kubernetes.io/name": "oauth2-proxy" },
        {},
        { "app.kubernetes.io/component": "server" },
      ]) {
        expect(
          rules.some((r: { from: { podSelector: object }[] }) =>
            r.from.some((f) => selects(f.podSelector, labels)),
          ),
          JSON.stringify(labels),
        ).toBe(false);
      }
      const to = find(dev, "NetworkPolicy", "engagetrack-egress-postgres").spec.egress[0].to;
      expect(to).toHaveLength(1);
      expect(selects(to[0].podSelector, pod.labels)).toBe(true);
    });
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
    // The app's images point at the registry and commit; oauth2-proxy stays at its pinned upstream release.
    const oauth2Proxy = podTemplateOf(find(render("prod"), "Deployment", "oauth2-proxy"))!.spec.containers[0]
      .image;
    expect(new Set(images)).toEqual(
      new Set([
        `myacr.azurecr.io/engagetrack:${sha}`,
        `myacr.azurecr.io/engagetrack-notebooks:${sha}`,
        oauth2Proxy,
      ]),
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
