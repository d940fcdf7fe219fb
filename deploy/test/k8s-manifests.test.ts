// Every manifest under k8s/ parses, and the base and scoring run hold what production needs:
// restricted pod security, probes, resources, consistent selectors and labels, logical image
// names, CronJob and Indexed Job settings, network policies, and no secret values.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { appReadsSetting, PLATFORM_SETTINGS } from "./fixtures/app-settings.ts";
import {
  containersOf,
  objectKey,
  podTemplateOf,
  quantity,
  readYamlDocuments,
  selects,
  type ContainerSpec,
  type K8sObject,
} from "./fixtures/k8s-object.ts";
import { readKustomization, renderKustomization } from "./fixtures/kustomize.ts";
import { readText, REPO } from "./fixtures/repo.ts";

const K8S = join(REPO, "k8s");
const base = renderKustomization(join(K8S, "base"));
const scoring = renderKustomization(join(K8S, "scoring"));
const app = [...base, ...scoring];
const find = (kind: string, name: string, among = app): K8sObject => {
  const o = among.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
};
const pods = app.map(podTemplateOf).filter((p) => p !== undefined);

/** apiVersion of each kind used (what the clusters serve from Kubernetes 1.30 on). */
const API: Record<string, string> = {
  Namespace: "v1",
  ServiceAccount: "v1",
  ConfigMap: "v1",
  Service: "v1",
  PersistentVolumeClaim: "v1",
  Deployment: "apps/v1",
  Job: "batch/v1",
  CronJob: "batch/v1",
  PodDisruptionBudget: "policy/v1",
  HorizontalPodAutoscaler: "autoscaling/v2",
  Ingress: "networking.k8s.io/v1",
  NetworkPolicy: "networking.k8s.io/v1",
  StorageClass: "storage.k8s.io/v1",
  SecretProviderClass: "secrets-store.csi.x-k8s.io/v1",
  ClusterIssuer: "cert-manager.io/v1",
};
const CLUSTER_SCOPED = new Set(["Namespace", "StorageClass", "ClusterIssuer"]);
const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? yamlFiles(join(dir, d.name))
      : /\.ya?ml$/.test(d.name) && !d.name.startsWith(".")
        ? [join(dir, d.name)]
        : [],
  );
}

describe("k8s/ files", () => {
  it("every YAML file parses, and every object names a known apiVersion and kind", () => {
    const files = yamlFiles(K8S);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const docs = readYamlDocuments(file) as K8sObject[] | unknown[][];
      expect(docs.length, relative(REPO, file)).toBeGreaterThan(0);
      for (const doc of docs) {
        if (Array.isArray(doc)) continue; // a JSON 6902 patch
        const o = doc as K8sObject;
        if (o.kind === "Kustomization" || o.controller) continue; // kustomization or Helm values
        expect(API[o.kind], `${relative(REPO, file)}: ${o.kind}`).toBe(o.apiVersion);
        expect(o.metadata.name, relative(REPO, file)).toMatch(DNS_1123);
      }
    }
  });

  it("each kustomization lists every manifest in its directory", () => {
    for (const dir of ["base", "scoring"]) {
      const k = readKustomization(join(K8S, dir));
      const files = readdirSync(join(K8S, dir)).filter(
        (f) => f.endsWith(".yaml") && f !== "kustomization.yaml",
      );
      expect([...(k.resources ?? [])].sort(), dir).toEqual(files.sort());
    }
  });

  it("namespaced objects live in engagetrack, cluster-scoped ones in none, and names are unique", () => {
    for (const o of app) {
      if (CLUSTER_SCOPED.has(o.kind)) expect(o.metadata.namespace, objectKey(o)).toBeUndefined();
      else expect(o.metadata.namespace, objectKey(o)).toBe("engagetrack");
      expect(o.metadata.labels?.["app.kubernetes.io/part-of"], objectKey(o)).toBe("engagetrack");
    }
    const keys = app.map(objectKey);
    expect(new Set(keys).size).toBe(keys.length);
    const ns = find("Namespace", "engagetrack");
    expect(ns.metadata.labels!["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });
});

describe("pods meet the restricted Pod Security Standard", () => {
  const RESTRICTED_VOLUMES = new Set([
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
  ]);

  it.each(pods.map((p) => [objectKey(p.owner), p] as const))("%s", (_, pod) => {
    const spec = pod.spec;
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    expect(spec.securityContext.runAsUser).toBeGreaterThanOrEqual(101);
    expect(spec.securityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expect(spec.automountServiceAccountToken).toBe(false);
    for (const host of ["hostNetwork", "hostPID", "hostIPC"]) expect(spec[host]).toBeFalsy();
    for (const v of spec.volumes ?? []) {
      const type = Object.keys(v).find((k) => k !== "name")!;
      expect(RESTRICTED_VOLUMES.has(type), `${v.name}: ${type}`).toBe(true);
      if (type === "emptyDir") expect(v.emptyDir.sizeLimit, v.name).toBeDefined();
    }
    for (const c of containersOf(spec)) {
      const sc = c.securityContext;
      expect(sc.allowPrivilegeEscalation, c.name).toBe(false);
      expect(sc.readOnlyRootFilesystem, c.name).toBe(true);
      expect(sc.privileged ?? false, c.name).toBe(false);
      expect(sc.runAsNonRoot, c.name).toBe(true);
      expect(sc.capabilities, c.name).toEqual({ drop: ["ALL"] });
      expect(sc.seccompProfile, c.name).toEqual({ type: "RuntimeDefault" });
      for (const p of c.ports ?? []) expect(p.hostPort, c.name).toBeUndefined();
    }
  });

  it("app containers write only to /tmp, /app/data and /app/logs; models are read-only", () => {
    for (const pod of pods) {
      for (const c of containersOf(pod.spec)) {
        const mounts = c.volumeMounts ?? [];
        expect(
          mounts.find((m: { mountPath: string }) => m.mountPath === "/tmp"),
          c.name,
        ).toBeDefined();
        if (c.image !== "engagetrack") continue;
        for (const m of mounts) {
          if (m.readOnly) continue;
          expect(["/tmp", "/app/data", "/app/logs"], `${c.name}: ${m.mountPath}`).toContain(m.mountPath);
        }
        const models = mounts.find((m: { mountPath: string }) => m.mountPath === "/app/models");
        if (models) expect(models.readOnly, c.name).toBe(true);
      }
    }
  });
});

describe("containers", () => {
  const containers: [string, ContainerSpec][] = pods.flatMap((p) =>
    containersOf(p.spec).map((c) => [`${objectKey(p.owner)} ${c.name}`, c] as [string, ContainerSpec]),
  );

  it.each(containers)("%s has requests and limits, requests within limits", (_, c) => {
    const { requests, limits } = c.resources;
    for (const r of ["cpu", "memory"]) {
      expect(requests[r], r).toBeDefined();
      expect(limits[r], r).toBeDefined();
      expect(quantity(requests[r]), r).toBeLessThanOrEqual(quantity(limits[r]));
    }
  });

  it("use the logical images `engagetrack` or `engagetrack-notebooks` (the release sets registry and tag)", () => {
    for (const [where, c] of containers) {
      expect(["engagetrack", "engagetrack-notebooks"], where).toContain(c.image);
      expect(c.imagePullPolicy, where).toBe("IfNotPresent");
    }
    const notebooks = containers.filter(([, c]) => c.image === "engagetrack-notebooks").map(([w]) => w);
    expect(notebooks).toEqual(["Deployment/engagetrack/engagetrack-notebooks notebooks"]);
  });

  it("run commands the CLI has, from the image's entrypoint", () => {
    const cli = readText("core/src/cli/commands/index.ts");
    for (const [where, c] of containers.filter(([, x]) => x.image === "engagetrack")) {
      const command = c.command ? /node bin\/engagetrack\.js (\w+)/.exec(c.args!.join(" "))?.[1] : c.args![0];
      expect(command, where).toBeDefined();
      expect(cli, `${where}: ${command}`).toMatch(new RegExp(`register as ${command}\\b`));
      if (c.command) expect(c.command.slice(0, 3), where).toEqual(["/usr/bin/tini", "-g", "--"]);
    }
  });
});

describe("the server", () => {
  const deployment = find("Deployment", "engagetrack-server");
  const pod = podTemplateOf(deployment)!;
  const server = pod.spec.containers[0];
  const config = find("ConfigMap", "engagetrack-config").data;

  it("runs 2+ replicas, rolls without losing capacity, and drains in its grace period", () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    const drain = Number(config.ENGAGETRACK_SHUTDOWN_TIMEOUT_SECONDS);
    const preStop = Number(server.lifecycle.preStop.exec.command[1]);
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(drain + preStop);
  });

  it("probes: startup and liveness on /healthz, readiness on /readyz, on the port the server listens on", () => {
    expect(server.startupProbe.httpGet.path).toBe("/healthz");
    expect(server.livenessProbe.httpGet.path).toBe("/healthz");
    expect(server.readinessProbe.httpGet.path).toBe("/readyz");
    for (const probe of [server.startupProbe, server.livenessProbe, server.readinessProbe]) {
      expect(probe.httpGet.port).toBe("http");
      expect(probe.timeoutSeconds).toBeGreaterThan(0);
    }
    expect(server.ports).toEqual([{ name: "http", containerPort: Number(config.PORT), protocol: "TCP" }]);
    expect(config.HOST).toBe("0.0.0.0");
    // The routes exist in the server.
    expect(readText("bot/http/health-routes.ts")).toMatch(/path: "\/healthz"[\s\S]*path: "\/readyz"/);
    // Startup tolerates a slow first load before liveness can kill it.
    expect(server.startupProbe.periodSeconds * server.startupProbe.failureThreshold).toBeGreaterThanOrEqual(
      60,
    );
  });

  it("reads config and secrets by reference, and turns in-process digests off", () => {
    expect(server.envFrom).toEqual([
      { configMapRef: { name: "engagetrack-config" } },
      { secretRef: { name: "engagetrack-secrets" } },
    ]);
    expect(config.ENGAGETRACK_DIGESTS_IN_PROCESS).toBe("false");
    expect(config.ENGAGETRACK_SNAPSHOTS_DIR).toBe("/app/data/snapshots");
    expect(config.ENGAGETRACK_MODEL_DIR).toMatch(/^\/app\/models\//);
    expect(config.ENGAGETRACK_USAGE_LOG).toMatch(/^\/app\/logs\//);
    expect(config.ENGAGETRACK_NOTEBOOK_ACCESS).toBe("proxy");
  });

  it("selectors agree: Deployment, Service, PDB, HPA and topology spread pick the server's pods only", () => {
    const selector = deployment.spec.selector;
    expect(selects(selector, pod.labels)).toBe(true);
    const service = find("Service", "engagetrack-server");
    expect(selects({ matchLabels: service.spec.selector }, pod.labels)).toBe(true);
    expect(service.spec.ports[0].targetPort).toBe(server.ports[0].name);
    const pdb = find("PodDisruptionBudget", "engagetrack-server");
    expect(selects(pdb.spec.selector, pod.labels)).toBe(true);
    expect(pdb.spec.maxUnavailable).toBe(1);
    for (const t of pod.spec.topologySpreadConstraints)
      expect(selects(t.labelSelector, pod.labels)).toBe(true);
    expect(pod.spec.topologySpreadConstraints.map((t: { topologyKey: string }) => t.topologyKey)).toEqual([
      "topology.kubernetes.io/zone",
      "kubernetes.io/hostname",
    ]);
    // No other pod template matches the server's selectors.
    for (const other of pods.filter((p) => p.owner !== deployment)) {
      expect(selects({ matchLabels: service.spec.selector }, other.labels), objectKey(other.owner)).toBe(
        false,
      );
    }
    const hpa = find("HorizontalPodAutoscaler", "engagetrack-server");
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: "engagetrack-server",
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.minReplicas).toBeLessThanOrEqual(deployment.spec.replicas);
  });

  it("the notebooks site: same shape, nginx's UID, probes on its own port", () => {
    const nb = find("Deployment", "engagetrack-notebooks");
    const nbPod = podTemplateOf(nb)!;
    const c = nbPod.spec.containers[0];
    expect(nb.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(nbPod.spec.securityContext.runAsUser).toBe(101);
    expect(c.ports[0].containerPort).toBe(8080);
    expect(c.livenessProbe.httpGet.path).toBe("/healthz");
    expect(c.readinessProbe.httpGet.path).toBe("/notebooks/");
    const service = find("Service", "engagetrack-notebooks");
    expect(selects({ matchLabels: service.spec.selector }, nbPod.labels)).toBe(true);
    expect(selects(find("PodDisruptionBudget", "engagetrack-notebooks").spec.selector, nbPod.labels)).toBe(
      true,
    );
  });
});

describe("ingress", () => {
  const ingresses = app.filter((o) => o.kind === "Ingress");
  const paths = ingresses.flatMap((i) =>
    i.spec.rules.flatMap(
      (r: { http: { paths: { path: string; backend: { service: { name: string } } }[] } }) =>
        r.http.paths.map((p) => ({
          ingress: i.metadata.name,
          path: p.path,
          service: p.backend.service.name,
        })),
    ),
  );

  it("uses the nginx class, TLS from cert-manager, one host", () => {
    expect(ingresses).toHaveLength(2);
    const hosts = new Set<string>();
    for (const i of ingresses) {
      expect(i.spec.ingressClassName).toBe("nginx");
      expect(i.spec.tls[0].secretName).toBe("engagetrack-tls");
      i.spec.tls[0].hosts.forEach((h: string) => hosts.add(h));
      i.spec.rules.forEach((r: { host: string }) => hosts.add(r.host));
      expect(i.metadata.annotations!["nginx.ingress.kubernetes.io/force-ssl-redirect"]).toBe("true");
    }
    expect(hosts.size).toBe(1);
    // One Certificate owner for the shared secret.
    const issuers = ingresses.filter((i) => i.metadata.annotations!["cert-manager.io/cluster-issuer"]);
    expect(issuers.map((i) => i.metadata.name)).toEqual(["engagetrack"]);
  });

  it("routes Slack, Teams, the APIs, charts, summaries and the notebooks; health and metrics stay inside", () => {
    const route = (path: string) => paths.find((p) => p.path === path)?.service;
    expect(route("/slack")).toBe("engagetrack-server");
    expect(route("/api/messages")).toBe("engagetrack-server");
    expect(route("/v1")).toBe("engagetrack-server");
    expect(route("/charts")).toBe("engagetrack-server");
    expect(route("/summaries")).toBe("engagetrack-server");
    expect(route("/notebooks")).toBe("engagetrack-notebooks");
    expect(route("/notebooks/api")).toBe("engagetrack-server");
    for (const hidden of ["/healthz", "/readyz", "/metrics", "/"])
      expect(route(hidden), hidden).toBeUndefined();
    // Backends exist (oauth2-proxy is installed beside the app, see the README).
    const services = new Set(app.filter((o) => o.kind === "Service").map((o) => o.metadata.name));
    for (const p of paths)
      if (p.service !== "oauth2-proxy") expect(services.has(p.service), p.service).toBe(true);
  });

  it("puts the notebooks behind oauth2-proxy, whose user header the server reads", () => {
    const nb = find("Ingress", "engagetrack-notebooks");
    const a = nb.metadata.annotations!;
    expect(a["nginx.ingress.kubernetes.io/auth-url"]).toMatch(/\/oauth2\/auth$/);
    expect(a["nginx.ingress.kubernetes.io/auth-signin"]).toMatch(/\/oauth2\/start/);
    const header = a["nginx.ingress.kubernetes.io/auth-response-headers"];
    expect(header.toLowerCase()).toBe(
      find("ConfigMap", "engagetrack-config").data.ENGAGETRACK_NOTEBOOK_USER_HEADER,
    );
    expect(paths.filter((p) => p.ingress === "engagetrack-notebooks").map((p) => p.path)).toEqual([
      "/notebooks/api",
      "/notebooks",
    ]);
  });
});

describe("network policies", () => {
  const policies = app.filter((o) => o.kind === "NetworkPolicy");

  it("deny everything by default", () => {
    const deny = find("NetworkPolicy", "default-deny");
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  it("let app pods out only to DNS and HTTPS", () => {
    const egress = policies.filter((p) => p.spec.policyTypes.includes("Egress") && p.spec.egress);
    for (const p of egress) {
      const ports = p.spec.egress.flatMap((e: { ports: { protocol: string; port: number }[] }) =>
        e.ports.map((x) => `${x.protocol}/${x.port}`),
      );
      expect(new Set(ports), p.metadata.name).toEqual(new Set(["UDP/53", "TCP/53", "TCP/443"]));
    }
    const appEgress = find("NetworkPolicy", "engagetrack-egress-dns-https");
    for (const pod of pods) {
      const component = pod.labels["app.kubernetes.io/component"];
      expect(selects(appEgress.spec.podSelector, pod.labels), component).toBe(component !== "notebooks");
    }
  });

  it("let only the ingress controller (and Prometheus, for the server) in", () => {
    for (const pod of pods.filter((p) => p.owner.kind === "Deployment")) {
      const allowed = policies.filter(
        (p) =>
          p.spec.policyTypes.includes("Ingress") && p.spec.ingress && selects(p.spec.podSelector, pod.labels),
      );
      expect(allowed, objectKey(pod.owner)).toHaveLength(1);
      const sources = allowed[0].spec.ingress.flatMap(
        (r: { from: { namespaceSelector: { matchLabels: Record<string, string> } }[] }) =>
          r.from.map((f) => f.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]),
      );
      expect(["ingress-nginx", "monitoring"]).toEqual(expect.arrayContaining(sources));
      const port = pod.spec.containers[0].ports[0].containerPort;
      for (const r of allowed[0].spec.ingress) expect(r.ports).toEqual([{ protocol: "TCP", port }]);
    }
    // Jobs take no traffic at all.
    for (const pod of pods.filter((p) => p.owner.kind !== "Deployment")) {
      const allowed = policies.filter(
        (p) =>
          p.spec.policyTypes.includes("Ingress") && p.spec.ingress && selects(p.spec.podSelector, pod.labels),
      );
      expect(allowed, objectKey(pod.owner)).toEqual([]);
    }
  });
});

describe("the digest CronJob", () => {
  const cron = find("CronJob", "engagetrack-digest");
  const job = cron.spec.jobTemplate.spec;

  it("runs `engagetrack digest --once` once per slot, never two at a time, skipping stale slots", () => {
    expect(cron.spec.schedule.split(" ")).toHaveLength(5);
    expect(cron.spec.timeZone).toBeDefined();
    expect(cron.spec.concurrencyPolicy).toBe("Forbid");
    expect(cron.spec.startingDeadlineSeconds).toBeGreaterThan(0);
    expect(cron.spec.successfulJobsHistoryLimit).toBeGreaterThanOrEqual(1);
    expect(cron.spec.failedJobsHistoryLimit).toBeGreaterThanOrEqual(1);
    expect(cron.spec.successfulJobsHistoryLimit + cron.spec.failedJobsHistoryLimit).toBeLessThanOrEqual(10);
    expect(job.template.spec.containers[0].args).toEqual(["digest", "--once"]);
    expect(job.template.spec.restartPolicy).toBe("Never");
    expect(job.backoffLimit).toBeLessThanOrEqual(3);
    expect(job.activeDeadlineSeconds).toBeGreaterThan(0);
  });

  it("runs often enough to post a due slot within the quarter hour, from schedules in its ConfigMap", () => {
    expect(cron.spec.schedule).toBe("*/15 * * * *");
    const file = find("ConfigMap", "engagetrack-config").data.ENGAGETRACK_DIGESTS;
    const digests = find("ConfigMap", "engagetrack-digests");
    const config = JSON.parse(digests.data[file.split("/").at(-1)!]);
    expect(config.schedules.length).toBeGreaterThan(0);
    for (const s of config.schedules) {
      expect(s.name).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(s.cron.split(" ")).toHaveLength(5);
      expect(() => new Intl.DateTimeFormat("en", { timeZone: s.timeZone })).not.toThrow();
      expect(s.destinations.length).toBeGreaterThan(0);
    }
    for (const spec of [job.template.spec, podTemplateOf(find("Deployment", "engagetrack-server"))!.spec]) {
      const volume = spec.volumes.find(
        (v: { configMap?: { name: string } }) => v.configMap?.name === digests.metadata.name,
      );
      const mount = spec.containers[0].volumeMounts.find((m: { name: string }) => m.name === volume.name);
      expect(`${mount.mountPath}/${file.split("/").at(-1)}`).toBe(file);
      expect(mount.readOnly).toBe(true);
    }
  });

  it("shares the server's configuration, secrets and data volume (the ledger)", () => {
    const c = job.template.spec.containers[0];
    const server = podTemplateOf(find("Deployment", "engagetrack-server"))!.spec;
    expect(c.envFrom).toEqual(server.containers[0].envFrom);
    const claim = (spec: { volumes: { persistentVolumeClaim?: { claimName: string } }[] }) =>
      spec.volumes.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
    expect(claim(job.template.spec)).toBe(claim(server));
  });
});

describe("batch scoring (k8s/scoring)", () => {
  const score = find("Job", "engagetrack-score", scoring);
  const commit = find("Job", "engagetrack-snapshot-commit", scoring);
  const run = find("ConfigMap", "engagetrack-scoring", scoring).data;
  const script = (job: K8sObject) => job.spec.template.spec.containers[0].args[0] as string;

  it("is an Indexed Job with one completion per shard, each shard scoring $JOB_COMPLETION_INDEX of $SCORE_SHARDS", () => {
    expect(score.spec.completionMode).toBe("Indexed");
    expect(score.spec.completions).toBe(Number(run.SCORE_SHARDS));
    expect(score.spec.parallelism).toBe(score.spec.completions);
    expect(score.spec.backoffLimitPerIndex).toBeGreaterThanOrEqual(1);
    expect(score.spec.template.spec.restartPolicy).toBe("Never");
    expect(script(score)).toMatch(/--shard "\$JOB_COMPLETION_INDEX\/\$SCORE_SHARDS"/);
    expect(script(score)).toMatch(/--parts "\$SCORE_PARTS_DIR\/\$SCORE_RUN"/);
  });

  it("then commits the same parts into the snapshots directory and removes them", () => {
    expect(script(commit)).toMatch(/parts="\$SCORE_PARTS_DIR\/\$SCORE_RUN"/);
    expect(script(commit)).toMatch(
      /snapshot commit --parts "\$parts" --snapshots "\$ENGAGETRACK_SNAPSHOTS_DIR"/,
    );
    expect(script(commit)).toMatch(/rm -rf "\$parts"\s*$/);
    for (const job of [score, commit]) {
      expect(job.spec.activeDeadlineSeconds, job.metadata.name).toBeGreaterThan(0);
      expect(job.spec.ttlSecondsAfterFinished, job.metadata.name).toBeGreaterThan(0);
      expect(job.spec.template.spec.containers[0].envFrom).toEqual([
        { configMapRef: { name: "engagetrack-config" } },
        { configMapRef: { name: "engagetrack-scoring" } },
      ]);
    }
    // The commit waits longer than the shards may take.
    expect(commit.spec.activeDeadlineSeconds).toBeGreaterThan(score.spec.activeDeadlineSeconds);
  });

  it("keeps snapshots and parts on one ReadWriteMany Azure Files volume that the server reads", () => {
    const pvc = find("PersistentVolumeClaim", "engagetrack-shared");
    expect(pvc.spec.accessModes).toEqual(["ReadWriteMany"]);
    const sc = find("StorageClass", pvc.spec.storageClassName);
    expect(sc.provisioner).toBe("file.csi.azure.com");
    expect(sc.reclaimPolicy).toBe("Retain");
    expect(sc.mountOptions).toEqual(expect.arrayContaining(["uid=10001", "gid=10001"]));
    const config = find("ConfigMap", "engagetrack-config").data;
    expect(run.SCORE_PARTS_DIR.startsWith("/app/data/")).toBe(true);
    expect(config.ENGAGETRACK_SNAPSHOTS_DIR.startsWith("/app/data/")).toBe(true);
    for (const job of [score, commit]) {
      const spec = job.spec.template.spec;
      expect(
        spec.volumes.find((v: { name: string }) => v.name === "shared").persistentVolumeClaim.claimName,
      ).toBe(pvc.metadata.name);
      expect(spec.containers[0].volumeMounts).toContainEqual({
        name: "shared",
        mountPath: "/app/data",
        subPath: "data",
      });
    }
  });
});

describe("secrets", () => {
  const all = yamlFiles(K8S).flatMap((f) => readYamlDocuments(f)) as K8sObject[];

  it("no manifest carries a Secret or a secret value", () => {
    expect(all.filter((o) => o.kind === "Secret")).toEqual([]);
    const secretish = /TOKEN|SECRET|PASSWORD|API_KEY|APP_ID$|TENANT_ID$/i;
    for (const pod of pods) {
      for (const c of containersOf(pod.spec)) {
        for (const e of c.env ?? [])
          expect(secretish.test(e.name) && "value" in e, `${c.name}: ${e.name}`).toBe(false);
      }
    }
    for (const map of app.filter((o) => o.kind === "ConfigMap")) {
      for (const key of Object.keys(map.data))
        expect(secretish.test(key), `${map.metadata.name}: ${key}`).toBe(false);
    }
  });

  it("secrets come from Key Vault by name, into the Secret the containers read", () => {
    const spc = find("SecretProviderClass", "engagetrack-secrets");
    expect(spc.spec.provider).toBe("azure");
    expect(spc.spec.parameters.usePodIdentity).toBe("false");
    const objects = [
      ...spc.spec.parameters.objects.matchAll(/objectName: (\S+)\n\s+objectType: secret/g),
    ].map((m: RegExpMatchArray) => m[1]);
    const synced = spc.spec.secretObjects[0];
    expect(synced.secretName).toBe("engagetrack-secrets");
    expect(synced.data.map((d: { objectName: string }) => d.objectName)).toEqual(objects);
    // Key Vault names allow letters, digits and dashes only.
    for (const o of objects) expect(o).toMatch(/^[a-z0-9-]+$/);
    // Everything else in the class is an id, never a value.
    expect(Object.keys(spc.spec.parameters).sort()).toEqual(
      ["clientID", "keyvaultName", "objects", "tenantId", "usePodIdentity"].sort(),
    );
    // Pods that read the Secret mount the class (the CSI driver syncs it only for a mounting pod).
    for (const pod of pods) {
      const reads = containersOf(pod.spec).some((c) =>
        (c.envFrom ?? []).some(
          (e: { secretRef?: { name: string } }) => e.secretRef?.name === "engagetrack-secrets",
        ),
      );
      const mounts = (pod.spec.volumes ?? []).some(
        (v: { csi?: { volumeAttributes: { secretProviderClass: string } } }) =>
          v.csi?.volumeAttributes.secretProviderClass === "engagetrack-secrets",
      );
      expect(mounts, objectKey(pod.owner)).toBe(reads);
    }
  });

  it("every setting the cluster sets is one the app reads", () => {
    const reads = appReadsSetting();
    const spc = find("SecretProviderClass", "engagetrack-secrets");
    const names = [
      ...Object.keys(find("ConfigMap", "engagetrack-config").data),
      ...spc.spec.secretObjects[0].data.map((d: { key: string }) => d.key),
      ...pods.flatMap((p) =>
        containersOf(p.spec).flatMap((c) => (c.env ?? []).map((e: { name: string }) => e.name)),
      ),
    ];
    for (const name of names) expect(PLATFORM_SETTINGS.has(name) || reads(name), name).toBe(true);
  });
});
