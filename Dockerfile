# syntax=docker/dockerfile:1.7
#
# EngageTrack images, built by .github/workflows/deploy.yml (and checked, not pushed, by ci.yml):
#   docker build --target app       -t engagetrack .             # the server and the CLI (default target)
#   docker build --target notebooks -t engagetrack-notebooks .   # the notebooks site behind unprivileged nginx
#
# The app runs its TypeScript through tsx (a runtime dependency): there is no compile step, the
# typecheck is a gate. onnxruntime-node ships glibc binaries, so the base is Debian (bookworm-slim),
# never Alpine. scripts/docker-build-steps.sh runs the same steps as plain commands on a machine
# without a Docker engine.

ARG NODE_VERSION=24
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:1.28-bookworm

# ---- deps: every dependency, exactly as the lockfile says ---------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
# .npmrc skips onnxruntime-node's GPU download (the CPU binaries are in the package).
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --no-audit --no-fund

# ---- source: the files the app, its typecheck and the notebooks build read ----------------------
FROM deps AS source
COPY tsconfig.json ./
COPY bin ./bin
COPY core ./core
COPY bot ./bot
COPY cli ./cli
COPY notebooks ./notebooks
COPY data/experiments.json data/digests.json ./data/

# ---- build: typecheck, drop tests and dev dependencies -----------------------------------------
FROM source AS build
RUN npx tsc --noEmit
ARG TARGETARCH
RUN rm -rf core/test bot/test cli/test notebooks/test \
 && npm prune --omit=dev --no-audit --no-fund
# onnxruntime-node ships every platform's binaries (~290 MB): keep this image's only (~45 MB).
RUN keep=$([ "$TARGETARCH" = arm64 ] && echo arm64 || echo x64) \
 && find node_modules/onnxruntime-node/bin/napi-v6 -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} + \
 && find node_modules/onnxruntime-node/bin/napi-v6/linux -mindepth 1 -maxdepth 1 ! -name "$keep" -exec rm -rf {} +
# tsx is a runtime dependency: the pruned tree must still start the CLI.
RUN node bin/engagetrack.js --version

# ---- notebooks-build: the static site (Framework is a dev dependency) --------------------------
# With no snapshot in the build context the site is built from the seeded simulator
# (`engagetrack run`, deterministic); customer data never goes into an image.
FROM source AS notebooks-build
ENV OBSERVABLE_TELEMETRY_DISABLE=true TZ=UTC
RUN npm run notebooks:build

# ---- notebooks: the built site under an unprivileged nginx (UID 101, port 8080) -----------------
FROM ${NGINX_IMAGE} AS notebooks
COPY --chown=root:root docker/notebooks/default.conf /etc/nginx/conf.d/default.conf
COPY --from=notebooks-build --chown=root:root /app/notebooks/dist /usr/share/nginx/html/notebooks
USER 101:101
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]

# ---- app: the runtime image (default target) ----------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS app
# tini as PID 1: forwards SIGTERM to node (serve drains on it; jobs stop cleanly) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 engagetrack \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin engagetrack
WORKDIR /app
# Code and dependencies belong to root and are read-only for the app user.
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/core ./core
COPY --from=build --chown=root:root /app/bot ./bot
COPY --from=build --chown=root:root /app/cli ./cli
COPY --from=build --chown=root:root /app/notebooks/site.ts ./notebooks/site.ts
# The only writable paths: data/ (snapshots, digest ledger, outbox, Teams store) and logs/ (usage
# log). models/ is owned by the app user only so that a new named volume mounted there (Compose's
# pipeline service trains into it) starts writable; the server mounts it read-only.
COPY --from=build --chown=10001:10001 /app/data ./data
RUN mkdir -p logs models \
 && chown 10001:10001 logs models \
 && chmod 0750 data logs models
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    TZ=UTC \
    ENGAGETRACK_MODEL_DIR=models/demo \
    ENGAGETRACK_SNAPSHOTS_DIR=data/snapshots \
    ENGAGETRACK_USAGE_LOG=logs/usage.log
USER 10001:10001
EXPOSE 3000
# Also writable at run time: /tmp (tsx's compile cache) as a tmpfs in Compose, an emptyDir in Kubernetes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/engagetrack.js"]
CMD ["serve"]
