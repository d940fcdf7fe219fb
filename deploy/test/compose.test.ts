// docker-compose.yml read as data: the four services (PostgreSQL for the store), their hardening,
// health checks, restart policy, named volumes and the env file.
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
    expect(Object.keys(services).sort()).toEqual(["notebooks", "pipeline", "postgres", "server"]);
    expect(services.pipeline.command).toEqual(["run"]);
    expect(services.pipeline.restart).toBe("no");
    expect(services.server.command).toEqual(["serve"]);
    expect(services.server.depends_on).toEqual({
      pipeline: { condition: "service_completed_successfully" },
      postgres: { condition: "service_healthy" },
    });
    for (const name of ["server", "notebooks"]) expect(services[name].restart, name).toBe("unless-stopped");
  });

  it("builds each service from a Dockerfile target that exists", () => {
    const targets = dockerfile.stages.map((s) => s.name);
    expect(services.server.build).toEqual({ context: ".", target: "app" });
    expect(services.pipeline.build).toEqual(services.server.build);
    expect(services.notebooks.build).toEqual({ context: ".", target: "notebooks" });
    for (const [name, s] of Object.entries(services) as [string, { build?: { target: string } }][]) {
      if (name === "postgres") expect(s.build, name).toBeUndefined();
      else expect(targets).toContain(s.build!.target);
    }
  });

  it("hardens every container: image user, read-only root, tmpfs /tmp, no capabilities, no new privileges", () => {
    const users = {
      pipeline: "10001:10001",
      server: "10001:10001",
      notebooks: "101:101",
      postgres: "999:999",
    } as const;
    for (const [name, user] of Object.entries(users)) {
      const s = services[name];
      expect(s.user, name).toBe(user);
      expect(s.read_only, name).toBe(true);
      expect(s.tmpfs[0], name).toMatch(/^\/tmp:/);
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
    expect(Object.keys(compose.volumes).sort()).toEqual(["data", "logs", "models", "postgres"]);
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

  it("starts PostgreSQL for the store: official image, named volume, pg_isready, no published port, a dev-only default password from the environment", () => {
    const pg = services.postgres;
    expect(pg.image).toMatch(/^postgres:1[67](-bookworm)?$/);
    expect(pg.restart).toBe("unless-stopped");
    expect(pg.volumes).toEqual(["postgres:/var/lib/postgresql/data"]);
    expect(pg.ports).toBeUndefined();
    expect(pg.healthcheck.test[0]).toBe("CMD");
    expect(pg.healthcheck.test[1]).toBe("pg_isready");
    for (const field of ["interval", "timeout", "retries", "start_period"])
      expect(pg.healthcheck[field]).toBeDefined();
    expect(pg.deploy.resources.limits.memory).toBeDefined();
    // The socket directory is writable on a read-only root.
    expect(pg.tmpfs).toContainEqual(expect.stringMatching(/^\/var\/run\/postgresql:/));
    // The password comes from the environment (.env); the fallback says it is for development.
    expect(pg.environment.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:-[^}]*dev[^}]*\}$/);
  });

  it("gives the server DATABASE_URL for that PostgreSQL, with the same user, database and password", () => {
    const url = services.server.environment.DATABASE_URL as string;
    const pg = services.postgres.environment;
    // Compose substitutes ${…} before the server sees it; check the shape with the default filled in.
    const password = /:-([^}]*)\}/.exec(pg.POSTGRES_PASSWORD)![1];
    const parsed = new URL(url.replace(/\$\{POSTGRES_PASSWORD:-[^}]*\}/, password));
    expect(parsed.protocol).toBe("postgres:");
    expect(parsed.hostname).toBe("postgres");
    expect(parsed.port).toBe("5432");
    expect(parsed.username).toBe(pg.POSTGRES_USER);
    expect(parsed.password).toBe(password);
    expect(parsed.pathname).toBe(`/${pg.POSTGRES_DB}`);
    expect(url).toContain(pg.POSTGRES_PASSWORD);
    // Only the server (with in-process digests) opens the store; the one-shot pipeline does not.
    expect(services.pipeline.environment.DATABASE_URL).toBeUndefined();
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
