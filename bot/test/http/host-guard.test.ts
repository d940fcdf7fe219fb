// The Host allowlist (DNS rebinding): the rule on its own, its setting, and the Kubernetes
// deployment's own configuration (request-handler.test.ts shows it on a real server).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { hostAllowed, hostGuardWarning, hostPolicyFrom } from "../../http/host-guard.ts";
import { serverConfigFrom } from "../../server-config.ts";

describe("hostAllowed", () => {
  const policy = hostPolicyFrom({
    publicUrl: "https://engage.example.com",
    allowedHosts: ["nb.example.org", "*.corp.example"],
  });
  const allowed = (host: string | undefined, local = "127.0.0.1") => hostAllowed(policy, host, local);

  it("allows the loopback names with any port", () => {
    for (const host of [
      "localhost",
      "localhost:3000",
      "LOCALHOST:1",
      "127.0.0.1",
      "127.0.0.1:8080",
      "[::1]",
      "[::1]:3000",
    ])
      expect(allowed(host), host).toBe(true);
  });

  it("allows the public URL's host and the configured names, exact or as a *.suffix", () => {
    for (const host of [
      "engage.example.com",
      "engage.example.com:443",
      "nb.example.org",
      "a.corp.example",
      "x.y.corp.example:8443",
    ])
      expect(allowed(host), host).toBe(true);
    // The wildcard needs a label before the suffix; exact names are exact.
    for (const host of [
      "corp.example",
      "evilcorp.example",
      "a.nb.example.org",
      "example.com",
      "engage.example.com.evil.example",
    ])
      expect(allowed(host), host).toBe(false);
  });

  it("refuses any other name, however it is spelled", () => {
    for (const host of [
      "evil.example",
      "evil.example:3000",
      "localhost.evil.example",
      "127.0.0.1.evil.example",
      "localhost@evil.example",
      "evil.example:3000:3000",
      "",
      undefined,
    ])
      expect(allowed(host), String(host)).toBe(false);
  });

  it("allows an IP literal only when it is the address the connection arrived on (kubelet probes, Prometheus by pod IP)", () => {
    expect(allowed("10.244.1.7:3000", "10.244.1.7")).toBe(true);
    expect(allowed("10.244.1.7:3000", "::ffff:10.244.1.7")).toBe(true);
    expect(allowed("[fd00::7]:3000", "fd00::7")).toBe(true);
    expect(allowed("10.244.1.8:3000", "10.244.1.7")).toBe(false);
    expect(allowed("10.244.1.7", "127.0.0.1")).toBe(false);
  });
});

describe("hostGuardWarning", () => {
  it("names the settings when a non-loopback HOST has no public URL and no allowed hosts", () => {
    const warning = hostGuardWarning({ host: "0.0.0.0", allowedHosts: [] });
    expect(warning).toContain("ENGAGETRACK_PUBLIC_URL");
    expect(warning).toContain("ENGAGETRACK_ALLOWED_HOSTS");
    expect(hostGuardWarning({ host: "127.0.0.1", allowedHosts: [] })).toBeUndefined();
    expect(
      hostGuardWarning({ host: "0.0.0.0", publicUrl: "https://a.example", allowedHosts: [] }),
    ).toBeUndefined();
    expect(hostGuardWarning({ host: "::", allowedHosts: ["a.example"] })).toBeUndefined();
  });
});

describe("ENGAGETRACK_ALLOWED_HOSTS", () => {
  it("reads a comma-separated list of names and *.suffix wildcards, lower-cased", () => {
    const c = serverConfigFrom({ ENGAGETRACK_ALLOWED_HOSTS: " NB.example.org, *.corp.example ,," });
    expect(c.allowedHosts).toEqual(["nb.example.org", "*.corp.example"]);
    expect(serverConfigFrom({}).allowedHosts).toEqual([]);
  });

  it("refuses a bare wildcard, a port or a URL, naming the setting", () => {
    for (const bad of ["*", "*.com", "a.example:3000", "https://a.example", "a.*.example", "bad host"])
      expect(() => serverConfigFrom({ ENGAGETRACK_ALLOWED_HOSTS: bad }), bad).toThrow(
        /ENGAGETRACK_ALLOWED_HOSTS/,
      );
  });
});

describe("the Kubernetes deployment's configuration", () => {
  it("parses, and lets through the ingress (Host = the public URL's host) and the probes (Host = the pod IP)", () => {
    const data = parse(readFileSync("k8s/base/configmap.yaml", "utf8")).data as Record<string, string>;
    for (const overlay of ["dev", "prod"]) {
      const patches = parse(readFileSync(`k8s/overlays/${overlay}/config.yaml`, "utf8")) as Array<{
        path: string;
        value: string;
      }>;
      // Stand-ins for what Key Vault adds (secret-provider-class.yaml).
      const env: NodeJS.ProcessEnv = {
        ...data,
        MicrosoftAppId: "00000000-0000-0000-0000-000000000001",
        MicrosoftAppPassword: "stand-in",
        MicrosoftAppTenantId: "00000000-0000-0000-0000-000000000002",
      };
      for (const p of patches) env[p.path.replace("/data/", "")] = p.value;
      const config = serverConfigFrom(env);
      const policy = hostPolicyFrom(config);
      const publicHost = new URL(config.publicUrl!).host;
      expect(hostAllowed(policy, publicHost, "10.244.3.4"), overlay).toBe(true);
      expect(hostAllowed(policy, "10.244.3.4:3000", "10.244.3.4"), overlay).toBe(true);
      expect(hostAllowed(policy, "evil.example", "10.244.3.4"), overlay).toBe(false);
      expect(hostGuardWarning(config), overlay).toBeUndefined();
    }
  });
});
