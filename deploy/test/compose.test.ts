// docker-compose.yml read as data: the three services, their hardening, health checks, restart
// policy, named volumes and the env file.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appReadsSetting, PLATFORM_SETTINGS } from "./fixtures/app-settings.ts";
import { readDockerfile } from "./fixtures/dockerfile.ts";
import { readYamlDocuments } from "./fixtures/k8s-object.ts";
import { REPO } from "./fixtures/repo.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const compose = readYamlDocuments(join(REPO, "docker-compose.yml"))[0] as any;
const services = compose.services;
const dockerfile = readDockerfile(join(REPO, "Dockerfile"));

describe("docker-compose.yml", () => {
  it("runs the pipeline once, then the server and the notebooks site", () => {
    expect(Object.keys(services).sort()).toEqual(["notebooks", "pipeline", "server"]);
    expect(services.pipeline.command).toEqual(["run"]);
    expect(services.pipeline.restart).toBe("no");
    expect(services.server.command).toEqual(["serve"]);
    expect(services.server.depends_on).toEqual({ pipeline: { condition: "service_completed_successfully" } });
    for (const name of ["server", "notebooks"]) expect(services[name].restart, name).toBe("unless-stopped");
  });

  it("builds each service from a Dockerfile target that exists", () => {
    const targets = dockerfile.stages.map((s) => s.name);
    expect(services.server.build).toEqual({ context: ".", target: "app" });
    expect(services.pipeline.build).toEqual(services.server.build);
    expect(services.notebooks.build).toEqual({ context: ".", target: "notebooks" });
    for (const s of Object.values(services) as { build: { target: string } }[]) {
      expect(targets).toContain(s.build.target);
    }
  });

  it("hardens every container: image user, read-only root, tmpfs /tmp, no capabilities, no new privileges", () => {
    const users = { pipeline: "10001:10001", server: "10001:10001", notebooks: "101:101" } as const;
    for (const [name, user] of Object.entries(users)) {
      const s = services[name];
      expect(s.user, name).toBe(user);
      expect(s.read_only, name).toBe(true);
      expect(s.tmpfs, name).toEqual([expect.stringMatching(/^\/tmp:/)]);
      expect(s.cap_drop, name).toEqual(["ALL"]);
      expect(s.security_opt, name).toEqual(["no-new-privileges:true"]);
    }
  });

  it("checks health on /healthz and limits resources", () => {
    expect(services.server.healthcheck.test.join(" ")).toMatch(/127\.0\.0\.1:3000\/healthz/);
    expect(services.notebooks.healthcheck.test.join(" ")).toMatch(/127\.0\.0\.1:8080\/healthz/);
    for (const name of ["server", "notebooks"]) {
      const h = services[name].healthcheck;
      for (const field of ["interval", "timeout", "retries", "start_period"])
        expect(h[field], name).toBeDefined();
      expect(services[name].deploy.resources.limits.memory, name).toBeDefined();
    }
  });

  it("keeps data, models and logs in named volumes; writable only data/ and logs/ (models read-only for the server)", () => {
    expect(Object.keys(compose.volumes).sort()).toEqual(["data", "logs", "models"]);
    expect(services.server.volumes).toEqual(["data:/app/data", "models:/app/models:ro", "logs:/app/logs"]);
    expect(services.pipeline.volumes).toEqual(["data:/app/data", "models:/app/models", "logs:/app/logs"]);
    for (const name of ["pipeline", "server"]) {
      const env = services[name].environment;
      expect(env.ENGAGETRACK_MODEL_DIR, name).toMatch(/^\/app\/models\//);
      expect(env.ENGAGETRACK_SNAPSHOTS_DIR, name).toMatch(/^\/app\/data\//);
      expect(env.ENGAGETRACK_USAGE_LOG, name).toMatch(/^\/app\/logs\//);
    }
  });

  it("reads an optional .env (a copy of .env.example) and listens on 0.0.0.0 inside, 127.0.0.1 outside", () => {
    expect(services.server.env_file).toEqual([{ path: ".env", required: false }]);
    expect(services.server.environment.HOST).toBe("0.0.0.0");
    expect(services.server.ports).toEqual(["127.0.0.1:${ENGAGETRACK_PORT:-3000}:3000"]);
    expect(services.notebooks.ports).toEqual(["127.0.0.1:${ENGAGETRACK_NOTEBOOKS_PORT:-8080}:8080"]);
    // In-process digests here; the cluster's CronJob replaces them.
    expect(services.server.environment.ENGAGETRACK_DIGESTS_IN_PROCESS).toBe("true");
  });

  it("sets only settings the app reads", () => {
    const reads = appReadsSetting();
    for (const name of ["pipeline", "server"]) {
      for (const key of Object.keys(services[name].environment)) {
        expect(PLATFORM_SETTINGS.has(key) || reads(key), `${name}: ${key}`).toBe(true);
      }
    }
  });
});
