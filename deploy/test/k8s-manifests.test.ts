// Every manifest under k8s/ parses, and the base and scoring run hold what production needs:
// restricted pod security, probes, resources, consistent selectors and labels, logical image
// names, CronJob and Indexed Job settings, the Gateway API edge with sign-in in front of the
// notebooks (no Ingress), DATABASE_URL for every workload that runs the store, network policies,
// and no secret values.
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
import { expectRestrictedPod } from "./fixtures/pod-security.ts";
import { readText, REPO } from "./fixtures/repo.ts";
import { databaseUrlReaders } from "./fixtures/store-workloads.ts";
import { parse as parseYaml } from "yaml";
import { parseOwnerDirectory } from "../../bot/services/owner-directory.ts";

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
  StatefulSet: "apps/v1",
  Gateway: "gateway.networking.k8s.io/v1",
  HTTPRoute: "gateway.networking.k8s.io/v1",
  NetworkPolicy: "networking.k8s.io/v1",
  StorageClass: "storage.k8s.io/v1",
  SecretProviderClass: "secrets-store.csi.x-k8s.io/v1",
  ClusterIssuer: "cert-manager.io/v1",
};
const CLUSTER_SCOPED = new Set(["Namespace", "StorageClass", "ClusterIssuer"]);
/** The Gateway's namespace (NGINX Gateway Fabric provisions NGINX there); everything else is in engagetrack. */
const GATEWAY_NAMESPACE = "engagetrack-gateway";
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
        if (o.kind === "Kustomization" || file.endsWith("-values.yaml")) continue; // kustomization or Helm values
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
      else if (o.kind === "Gateway") expect(o.metadata.namespace, objectKey(o)).toBe(GATEWAY_NAMESPACE);
      else expect(o.metadata.namespace, objectKey(o)).toBe("engagetrack");
      expect(o.metadata.labels?.["app.kubernetes.io/part-of"], objectKey(o)).toBe("engagetrack");
    }
    const keys = app.map(objectKey);
    expect(new Set(keys).size).toBe(keys.length);
    const ns = find("Namespace", "engagetrack");
    expect(ns.metadata.labels!["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    // The Gateway's namespace runs pods we do not write (NGINX, cert-manager's solver): baseline
    // enforced, restricted still audited and warned.
    const gw = find("Namespace", GATEWAY_NAMESPACE).metadata.labels!;
    expect(gw["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    expect(gw["pod-security.kubernetes.io/warn"]).toBe("restricted");
  });
});

describe("pods meet the restricted Pod Security Standard", () => {
  it.each(pods.map((p) => [objectKey(p.owner), p] as const))("%s", (_, pod) => {
    expectRestrictedPod(pod.spec);
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

  it("use the logical images `engagetrack` or `engagetrack-notebooks` (the release sets registry and tag); oauth2-proxy is pinned", () => {
    for (const [where, c] of containers) {
      if (where.startsWith("Deployment/engagetrack/oauth2-proxy ")) {
        expect(c.image, where).toMatch(/^quay\.io\/oauth2-proxy\/oauth2-proxy:v7\.\d+\.\d+$/);
      } else expect(["engagetrack", "engagetrack-notebooks"], where).toContain(c.image);
      expect(c.imagePullPolicy, where).toBe("IfNotPresent");
    }
    const notebooks = containers.filter(([, c]) => c.image === "engagetrack-notebooks").map(([w]) => w);
    expect(notebooks).toEqual(["Deployment/engagetrack/engagetrack-notebooks notebooks"]);
  });

  it("run commands the CLI has, from the image's entrypoint", () => {
    const cli = readText("cli/commands/index.ts");
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

describe("the Gateway API edge (NGINX Gateway Fabric; no Ingress)", () => {
  const gateway = find("Gateway", "engagetrack");
  const routes = app.filter((o) => o.kind === "HTTPRoute");
  const listener = (name: string) => gateway.spec.listeners.find((l: { name: string }) => l.name === name);
  interface RouteMatch {
    route: string;
    type: string;
    path: string;
    backends: { name: string; port: number }[];
    filters: { type: string; [k: string]: unknown }[];
  }
  /** Every path match of the routes attached to a listener, with the rule's backends and filters. */
  const attached = (section: string): RouteMatch[] =>
    routes
      .filter((r) =>
        r.spec.parentRefs.some(
          (p: { name: string; namespace?: string; sectionName?: string }) =>
            p.name === gateway.metadata.name &&
            (p.namespace ?? r.metadata.namespace) === gateway.metadata.namespace &&
            p.sectionName === section,
        ),
      )
      .flatMap((r) =>
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        r.spec.rules.flatMap((rule: any) =>
          (rule.matches ?? [{ path: { type: "PathPrefix", value: "/" } }]).map(
            (m: { path: { type: string; value: string } }) => ({
              route: r.metadata.name as string,
              type: m.path.type,
              path: m.path.value,
              backends: (rule.backendRefs ?? []).map((b: { name: string; port: number }) => b),
              filters: (rule.filters ?? []) as { type: string; [k: string]: unknown }[],
            }),
          ),
        ),
      );
  const https = attached("https");
  const route = (path: string) => https.find((p) => p.path === path);
  const userHeader = find("ConfigMap", "engagetrack-config").data.ENGAGETRACK_NOTEBOOK_USER_HEADER as string;

  it("has no Ingress and no ingress-nginx setting anywhere under k8s/", () => {
    const everything = yamlFiles(K8S).flatMap((f) => readYamlDocuments(f)) as K8sObject[];
    expect(everything.filter((o) => o?.kind === "Ingress")).toEqual([]);
    for (const f of yamlFiles(K8S)) {
      const text = readText(relative(REPO, f));
      expect(text, relative(REPO, f)).not.toMatch(
        /nginx\.ingress\.kubernetes\.io|ingressClassName|kind: Ingress\b/,
      );
    }
    expect(yamlFiles(join(K8S, "cluster")).map((f) => relative(K8S, f))).not.toContain(
      "cluster/ingress-nginx-values.yaml",
    );
  });

  it("one Gateway of class nginx: HTTPS with cert-manager's certificate, HTTP only for the redirect, one host", () => {
    expect(app.filter((o) => o.kind === "Gateway")).toHaveLength(1);
    expect(gateway.spec.gatewayClassName).toBe("nginx");
    expect(gateway.metadata.annotations!["cert-manager.io/cluster-issuer"]).toBe("letsencrypt-prod");
    const tls = listener("https");
    expect(tls).toMatchObject({ protocol: "HTTPS", port: 443 });
    expect(tls.tls).toEqual({
      mode: "Terminate",
      certificateRefs: [{ kind: "Secret", name: "engagetrack-tls" }],
    });
    expect(listener("http")).toMatchObject({ protocol: "HTTP", port: 80 });
    expect(gateway.spec.listeners).toHaveLength(2);
    expect(new Set(gateway.spec.listeners.map((l: { hostname: string }) => l.hostname)).size).toBe(1);
    // Only the app's namespace may attach to HTTPS; cert-manager's solver route (in the Gateway's
    // namespace) may attach to HTTP.
    const from = (l: { allowedRoutes: { namespaces: { from: string; selector: object } } }) => {
      expect(l.allowedRoutes.namespaces.from).toBe("Selector");
      return ["engagetrack", GATEWAY_NAMESPACE, "default", "kube-system"].filter((ns) =>
        selects(l.allowedRoutes.namespaces.selector, { "kubernetes.io/metadata.name": ns }),
      );
    };
    expect(from(tls)).toEqual(["engagetrack"]);
    expect(from(listener("http"))).toEqual(["engagetrack", GATEWAY_NAMESPACE]);
    // Plain HTTP: one catch-all redirect to https, no backend.
    const http = attached("http");
    expect(http).toHaveLength(1);
    expect(http[0].backends).toEqual([]);
    expect(http[0].filters).toEqual([
      { type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } },
    ]);
  });

  it("cert-manager solves HTTP-01 through that Gateway's HTTP listener", () => {
    const issuer = readYamlDocuments(join(K8S, "cluster/cluster-issuer.yaml"))[0] as K8sObject;
    expect(issuer.metadata.name).toBe(gateway.metadata.annotations!["cert-manager.io/cluster-issuer"]);
    const solvers = issuer.spec.acme.solvers;
    expect(solvers).toHaveLength(1);
    expect(solvers[0].http01.ingress).toBeUndefined();
    expect(solvers[0].http01.gatewayHTTPRoute.parentRefs).toEqual([
      {
        group: "gateway.networking.k8s.io",
        kind: "Gateway",
        name: gateway.metadata.name,
        namespace: gateway.metadata.namespace,
        sectionName: "http",
      },
    ]);
  });

  it("routes Slack, Teams, the API, charts and summaries to the server; health and metrics stay inside", () => {
    for (const path of ["/slack", "/v1", "/charts", "/summaries"]) {
      expect(route(path), path).toMatchObject({
        type: "PathPrefix",
        backends: [{ name: "engagetrack-server", port: 80 }],
      });
    }
    expect(route("/api/messages")).toMatchObject({
      type: "Exact",
      backends: [{ name: "engagetrack-server", port: 80 }],
    });
    for (const hidden of ["/healthz", "/readyz", "/metrics", "/"])
      expect(route(hidden), hidden).toBeUndefined();
    // Backends exist, on a port their Service has.
    for (const p of https) {
      for (const b of p.backends) {
        const service = find("Service", b.name);
        expect(
          service.spec.ports.map((x: { port: number }) => x.port),
          b.name,
        ).toContain(b.port);
      }
    }
    // HSTS on every HTTPS answer.
    for (const p of https) {
      const hsts = p.filters.find((f) => f.type === "ResponseHeaderModifier") as
        { responseHeaderModifier: { set: { name: string; value: string }[] } } | undefined;
      expect(hsts?.responseHeaderModifier.set, p.path).toContainEqual({
        name: "Strict-Transport-Security",
        value: "max-age=31536000",
      });
    }
  });

  it("puts everything under /notebooks (pages and the customer lookup) behind oauth2-proxy sign-in", () => {
    const notebooks = https.filter((p) => p.path.startsWith("/notebooks"));
    expect(notebooks.map((p) => [p.type, p.path])).toEqual([["PathPrefix", "/notebooks"]]);
    expect(notebooks[0].backends).toEqual([{ name: "oauth2-proxy", port: 4180 }]);
    expect(route("/oauth2")?.backends).toEqual([{ name: "oauth2-proxy", port: 4180 }]);
    // No route of the Gateway reaches the notebooks site or the lookup around the proxy.
    for (const p of https) {
      if (p.backends.some((b) => b.name === "engagetrack-notebooks"))
        throw new Error(`${p.path} skips sign-in`);
      if (p.backends.some((b) => b.name === "engagetrack-server")) {
        expect(p.path.startsWith("/notebooks"), p.path).toBe(false);
      }
    }
  });

  it("oauth2-proxy proxies the lookup to the server and the pages to the site, naming the user in the header the server reads", () => {
    const config = parseYaml(find("ConfigMap", "oauth2-proxy").data["oauth2-proxy.yaml"]);
    // The structured config of oauth2-proxy v7.15 (pkg/apis/options/alpha_options.go): an unknown key stops it.
    expect(Object.keys(config).sort()).toEqual([
      "injectRequestHeaders",
      "providers",
      "server",
      "upstreamConfig",
    ]);
    const upstreams = config.upstreamConfig.upstreams as { path: string; uri: string }[];
    const target = (path: string) => {
      // oauth2-proxy picks the longest matching path prefix and keeps the request path.
      const u = upstreams
        .filter((x) => path.startsWith(x.path))
        .sort((a, b) => b.path.length - a.path.length)[0];
      return u && new URL(u.uri).hostname.split(".")[0];
    };
    expect(target("/notebooks/api/customers/42")).toBe("engagetrack-server");
    expect(target("/notebooks/")).toBe("engagetrack-notebooks");
    expect(target("/notebooks/customers.html")).toBe("engagetrack-notebooks");
    expect(target("/v1/customers")).toBeUndefined();
    for (const u of upstreams) expect(new URL(u.uri).pathname, u.uri).toBe("/");
    // The signed-in user's email, in the header ENGAGETRACK_NOTEBOOK_USER_HEADER names; the client's
    // own value of it is dropped (preserveRequestValue is false unless set).
    const injected = config.injectRequestHeaders as {
      name: string;
      preserveRequestValue?: boolean;
      values: { claimSource?: { claim: string }; secretSource?: { fromFile: string } }[];
    }[];
    expect(injected.map((h) => h.name.toLowerCase())).toEqual([
      userHeader.toLowerCase(),
      "x-engagetrack-proxy-secret",
    ]);
    expect(injected[0].values).toEqual([{ claimSource: { claim: "email" } }]);
    for (const h of injected) expect(h.preserveRequestValue, h.name).toBeUndefined();
    // The proxy secret header carries the Key Vault secret the server gets as ENGAGETRACK_PROXY_SECRET.
    const file = injected[1].values[0].secretSource!.fromFile;
    const object = file.replace(/^\/mnt\/secrets-store\//, "");
    const proxySpc = find("SecretProviderClass", "oauth2-proxy-secrets");
    expect(proxySpc.spec.parameters.objects).toContain(`objectName: ${object}\n`);
    expect(find("SecretProviderClass", "engagetrack-secrets").spec.secretObjects[0].data).toContainEqual({
      objectName: object,
      key: "ENGAGETRACK_PROXY_SECRET",
    });
    expect(readText("bot/server-config.ts").toLowerCase()).toContain("x-engagetrack-proxy-secret");
    // The routes that reach the server directly drop that header, so only the proxy can set it.
    for (const p of https.filter((x) => x.backends.some((b) => b.name === "engagetrack-server"))) {
      const remove = p.filters.find((f) => f.type === "RequestHeaderModifier") as
        { requestHeaderModifier: { remove: string[] } } | undefined;
      expect(
        remove?.requestHeaderModifier.remove.map((h) => h.toLowerCase()),
        p.path,
      ).toContain(userHeader.toLowerCase());
    }
    // Entra ID sign-in with the pod's federated token: no client secret anywhere.
    expect(config.providers).toHaveLength(1);
    expect(config.providers[0]).toMatchObject({
      provider: "entra-id",
      clientID: "${AZURE_CLIENT_ID}",
      microsoftEntraIDConfig: { federatedTokenAuth: true },
    });
    expect(JSON.stringify(config)).not.toMatch(/clientSecret/);
    const deployment = find("Deployment", "oauth2-proxy");
    const pod = podTemplateOf(deployment)!;
    expect(pod.labels["azure.workload.identity/use"]).toBe("true");
    expect(pod.spec.serviceAccountName).toBe("oauth2-proxy");
    const args = pod.spec.containers[0].args as string[];
    expect(args).toContain("--alpha-config=/etc/oauth2-proxy/oauth2-proxy.yaml");
    expect(args).toContain("--reverse-proxy=true");
    expect(args).toContain("--cookie-secure=true");
    expect(args.find((a) => a.startsWith("--cookie-secret-file="))).toMatch(
      /^--cookie-secret-file=\/mnt\/secrets-store\//,
    );
    // Legacy flags cannot be mixed with the structured config.
    for (const legacy of [
      "--upstream",
      "--provider",
      "--client-id",
      "--http-address",
      "--pass-user-headers",
    ]) {
      expect(
        args.some((a) => a.startsWith(legacy)),
        legacy,
      ).toBe(false);
    }
    const service = find("Service", "oauth2-proxy");
    expect(selects({ matchLabels: service.spec.selector }, pod.labels)).toBe(true);
    expect(service.spec.ports[0].port).toBe(4180);
    expect(pod.spec.containers[0].ports[0].containerPort).toBe(
      Number(config.server.bindAddress.split(":")[1]),
    );
  });
});

describe("the store (DATABASE_URL)", () => {
  const spc = find("SecretProviderClass", "engagetrack-secrets");
  /** Pod templates whose containers run a command that opens the store: `serve` and `digest`. */
  const storePods = pods.filter((p) =>
    containersOf(p.spec).some(
      (c) => c.image === "engagetrack" && ["serve", "digest"].includes(c.args?.[0] ?? ""),
    ),
  );

  it("comes from Key Vault into engagetrack-secrets, which every workload that runs the store reads", () => {
    expect(storePods.map((p) => objectKey(p.owner)).sort()).toEqual([
      "CronJob/engagetrack/engagetrack-digest",
      "Deployment/engagetrack/engagetrack-server",
    ]);
    expect(databaseUrlReaders(app)).toEqual(storePods.map((p) => objectKey(p.owner)).sort());
    // Scoring never gets it.
    expect(databaseUrlReaders(app).filter((k) => k.includes("score") || k.includes("commit"))).toEqual([]);
    expect(spc.spec.secretObjects[0].data).toContainEqual({
      objectName: "database-url",
      key: "DATABASE_URL",
    });
  });

  it("the shared volume stays only for snapshots, models, scoring parts and the outbox: no ledger or Teams store path is configured", () => {
    const config = find("ConfigMap", "engagetrack-config").data;
    for (const key of Object.keys(config)) {
      expect(key, "state that now lives in PostgreSQL").not.toMatch(/LEDGER|TEAMS_STORE|STORE_DIR/);
    }
    expect(readText("k8s/base/storage.yaml")).toMatch(/PostgreSQL/);
  });
});

describe("network policies", () => {
  const policies = app.filter((o) => o.kind === "NetworkPolicy");
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const portsOf = (rules: any[]) =>
    rules.flatMap((e: { ports: { protocol: string; port: number }[] }) =>
      e.ports.map((x) => `${x.protocol}/${x.port}`),
    );

  it("deny everything by default", () => {
    const deny = find("NetworkPolicy", "default-deny");
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
  });

  it("let app pods out only to DNS and HTTPS, and the store's pods to PostgreSQL", () => {
    const appEgress = find("NetworkPolicy", "engagetrack-egress-dns-https");
    expect(new Set(portsOf(appEgress.spec.egress))).toEqual(new Set(["UDP/53", "TCP/53", "TCP/443"]));
    for (const pod of pods.filter((p) => p.labels["app.kubernetes.io/name"] === "engagetrack")) {
      const component = pod.labels["app.kubernetes.io/component"];
      expect(selects(appEgress.spec.podSelector, pod.labels), component).toBe(component !== "notebooks");
    }
    const db = find("NetworkPolicy", "engagetrack-egress-postgres");
    expect(db.spec.policyTypes).toEqual(["Egress"]);
    expect(portsOf(db.spec.egress)).toEqual(["TCP/5432"]);
    const reaching = pods
      .filter((p) => selects(db.spec.podSelector, p.labels))
      .map((p) => objectKey(p.owner));
    expect(reaching.sort()).toEqual([
      "CronJob/engagetrack/engagetrack-digest",
      "Deployment/engagetrack/engagetrack-server",
    ]);
    // No other egress rule opens 5432.
    for (const p of policies.filter((x) => x !== db && x.spec.egress)) {
      expect(portsOf(p.spec.egress), p.metadata.name).not.toContain("TCP/5432");
    }
  });

  it("let the Gateway reach the server and oauth2-proxy, oauth2-proxy the server and the site, Prometheus the server; nothing else", () => {
    /** Who a rule admits: `ns:<namespace>` or `pod:<name label>`. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sources = (rule: any) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      rule.from.map((f: any) =>
        f.namespaceSelector
          ? `ns:${f.namespaceSelector.matchLabels["kubernetes.io/metadata.name"]}`
          : `pod:${f.podSelector.matchLabels["app.kubernetes.io/name"]}`,
      );
    const expected: Record<string, string[]> = {
      "engagetrack-server": ["ns:engagetrack-gateway", "pod:oauth2-proxy", "ns:monitoring"],
      "engagetrack-notebooks": ["pod:oauth2-proxy"],
      "oauth2-proxy": ["ns:engagetrack-gateway"],
    };
    for (const pod of pods.filter((p) => p.owner.kind === "Deployment")) {
      const allowed = policies.filter(
        (p) =>
          p.spec.policyTypes.includes("Ingress") && p.spec.ingress && selects(p.spec.podSelector, pod.labels),
      );
      expect(allowed, objectKey(pod.owner)).toHaveLength(1);
      expect(allowed[0].spec.ingress.flatMap(sources), objectKey(pod.owner)).toEqual(
        expected[pod.owner.metadata.name],
      );
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
    // The namespace the rules name is the Gateway's.
    expect(find("Gateway", "engagetrack").metadata.namespace).toBe("engagetrack-gateway");
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

  it("shares the server's configuration, secrets (DATABASE_URL: the digest claims) and data volume (snapshots, outbox)", () => {
    const c = job.template.spec.containers[0];
    const server = podTemplateOf(find("Deployment", "engagetrack-server"))!.spec;
    expect(c.envFrom).toEqual(server.containers[0].envFrom);
    const claim = (spec: { volumes: { persistentVolumeClaim?: { claimName: string } }[] }) =>
      spec.volumes.find((v) => v.persistentVolumeClaim)?.persistentVolumeClaim?.claimName;
    expect(claim(job.template.spec)).toBe(claim(server));
  });
});

describe("the owners file (my accounts, per-owner digests)", () => {
  const config = find("ConfigMap", "engagetrack-config").data;
  const owners = find("ConfigMap", "engagetrack-owners");

  it("ENGAGETRACK_OWNERS_FILE names a key of the engagetrack-owners ConfigMap, an example that parses as an owners file", () => {
    const file: string = config.ENGAGETRACK_OWNERS_FILE;
    expect(file).toMatch(/^\/etc\/[a-z-]+\/[a-z-]+\.yaml$/);
    const text = owners.data[file.split("/").at(-1)!];
    expect(text, "the ConfigMap holds the file the setting names").toBeDefined();
    const directory = parseOwnerDirectory(text, file);
    expect(directory.owners.length).toBeGreaterThan(0);
    // An example to replace: access stays "all" until a team names its own owners and leads.
    expect(directory.access).toBe("all");
  });

  it("the server and the digest CronJob mount it read-only where the setting points", () => {
    const file: string = config.ENGAGETRACK_OWNERS_FILE;
    const cron = find("CronJob", "engagetrack-digest").spec.jobTemplate.spec.template.spec;
    const server = podTemplateOf(find("Deployment", "engagetrack-server"))!.spec;
    for (const spec of [server, cron]) {
      const volume = spec.volumes.find(
        (v: { configMap?: { name: string } }) => v.configMap?.name === owners.metadata.name,
      );
      expect(volume).toBeDefined();
      const mount = spec.containers[0].volumeMounts.find((m: { name: string }) => m.name === volume.name);
      expect(`${mount.mountPath}/${file.split("/").at(-1)}`).toBe(file);
      expect(mount.readOnly).toBe(true);
      // Its own directory: a ConfigMap volume replaces what is under its mount path.
      const others = spec.containers[0].volumeMounts.filter((m: { name: string }) => m.name !== volume.name);
      for (const m of others) expect(file.startsWith(`${m.mountPath}/`), m.mountPath).toBe(false);
    }
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
