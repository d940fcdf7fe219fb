#!/usr/bin/env bash
# The Dockerfile's build steps as plain commands, for machines without a Docker engine:
#
#   scripts/docker-build-steps.sh [--keep] [--ref <commit>]
#
# 1. context   `git archive <commit, default HEAD>` of the paths the Dockerfile copies
# 2. deps      npm ci (lockfile, .npmrc)
# 3. build     npx tsc --noEmit; rm -rf core/test bot/test cli/test notebooks/test; npm prune --omit=dev;
#              only this platform's onnxruntime-node binaries; node bin/engagetrack.js --version
# 4. app       the image's layout: code and node_modules owned by root (read-only for the app),
#              data/ logs/ models/ owned by UID 10001, /tmp replaced by a private writable dir;
#              as UID 10001 (setpriv, when run as root): `engagetrack run` (the Compose pipeline),
#              then models/ made read-only and `engagetrack serve` started, /healthz and /readyz
#              checked, nothing written outside data/ and logs/, SIGTERM drains and exits 0.
# Prints the time of each step. Takes a few minutes (npm ci dominates).
set -euo pipefail

keep=false ref=HEAD
while [ $# -gt 0 ]; do
  case $1 in
    --keep) keep=true ;;
    --ref) ref=${2:?--ref needs a commit}; shift ;;
    *) echo "usage: $0 [--keep] [--ref <commit>]" >&2; exit 2 ;;
  esac
  shift
done
repo=$(cd "$(dirname "$0")/.." && pwd)
uid=10001
work=$(mktemp -d "${TMPDIR:-/tmp}/et-docker-steps.XXXXXX")
chmod 0755 "$work"
app=$work/app
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  if $keep; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

t0=$(date +%s.%N)
step() {
  local now
  now=$(date +%s.%N)
  awk -v a="$t0" -v b="$now" -v what="$1" 'BEGIN { printf "%-34s %6.1f s\n", what, b - a }'
  t0=$now
}

# As the image's user when we can (root), else as whoever runs this (then ownership is not checked).
# (An array, not a function: started in the background, its PID is the server's own.)
if [ "$(id -u)" = 0 ]; then
  as_app=(setpriv --reuid=10001 --regid=10001 --clear-groups -- env HOME=/nonexistent TMPDIR="$work/tmp")
else
  echo "not root: the app steps run as $(id -un), not UID $uid (ownership checks skipped)" >&2
  as_app=(env TMPDIR="$work/tmp")
fi

# ---- context: what the Dockerfile COPYs, from HEAD -------------------------------------------
mkdir -p "$app"
git -C "$repo" archive --format=tar "$ref" \
  package.json package-lock.json .npmrc tsconfig.json bin core bot cli notebooks data/experiments.json data/digests.json |
  tar -x -C "$app"
cd "$app"
step "context (git archive $ref)"

# ---- deps ------------------------------------------------------------------------------------
npm ci --no-audit --no-fund --loglevel=error
step "deps: npm ci"

# ---- build -----------------------------------------------------------------------------------
npx tsc --noEmit
step "build: tsc --noEmit"
rm -rf core/test bot/test cli/test notebooks/test
npm prune --omit=dev --no-audit --no-fund --loglevel=error
node bin/engagetrack.js --version >/dev/null
[ -d node_modules/tsx ] || { echo "tsx was pruned" >&2; exit 1; }
[ ! -d node_modules/vitest ] || { echo "dev dependencies survived the prune (vitest)" >&2; exit 1; }
[ ! -d node_modules/@observablehq/framework ] || { echo "dev dependencies survived the prune (framework)" >&2; exit 1; }
arch=$(case "$(uname -m)" in aarch64 | arm64) echo arm64 ;; *) echo x64 ;; esac)
find node_modules/onnxruntime-node/bin/napi-v6 -mindepth 1 -maxdepth 1 ! -name linux -exec rm -rf {} +
find node_modules/onnxruntime-node/bin/napi-v6/linux -mindepth 1 -maxdepth 1 ! -name "$arch" -exec rm -rf {} +
step "build: prune --omit=dev"
echo "node_modules after prune: $(du -sh node_modules | cut -f1)"

# ---- app: the runtime layout -----------------------------------------------------------------
# What the app stage keeps (the notebooks sources stay out but for site.ts).
find notebooks -mindepth 1 -maxdepth 1 ! -name site.ts -exec rm -rf {} +
mkdir -p logs models "$work/tmp"
if [ "$(id -u)" = 0 ]; then
  chown -R root:root "$app"
  chmod -R go-w "$app"
  chown -R "$uid:$uid" data logs models "$work/tmp"
  chmod 0750 data logs models
  chmod 0700 "$work/tmp"
fi
env_app=(
  NODE_ENV=production TZ=UTC NO_COLOR=1
  ENGAGETRACK_MODEL_DIR=models/demo ENGAGETRACK_SNAPSHOTS_DIR=data/snapshots ENGAGETRACK_USAGE_LOG=logs/usage.log
)
"${as_app[@]}" "${env_app[@]}" ENGAGETRACK_SIMULATE_ROWS=1000 node bin/engagetrack.js run --json >"$work/run.json"
step "app: engagetrack run (1,000 rows)"

# The server mounts models/ read-only (the volume keeps its owner, 10001).
chmod -R a-w models
touch "$work/marker"
sleep 1
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"${as_app[@]}" "${env_app[@]}" HOST=127.0.0.1 PORT="$port" \
  ENGAGETRACK_API_KEYS="build-steps:$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')" \
  node bin/engagetrack.js serve >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url="http://127.0.0.1:$port"
check() {
  node -e '
    const [url, want] = process.argv.slice(1);
    fetch(url).then(async (r) => {
      const body = await r.text();
      if (r.status !== Number(want)) { console.error(url, r.status, body); process.exit(1); }
      console.log(url, r.status, body.slice(0, 160));
    }, () => process.exit(1));' "$1" "$2"
}
for _ in $(seq 1 120); do check "$url/healthz" 200 >/dev/null 2>&1 && break; sleep 0.5; done
check "$url/healthz" 200
step "app: serve up (/healthz)"
for _ in $(seq 1 60); do check "$url/readyz" 200 >/dev/null 2>&1 && break; sleep 0.5; done
check "$url/readyz" 200
check "$url/metrics" 200 >/dev/null
check "$url/v1/customers/0000-XXXXX" 401 >/dev/null
step "app: ready (/readyz 200)"

# The server wrote nothing but data/ and logs/ (and the private tmp).
written=$(find "$app" -newer "$work/marker" -not -path "$app/data*" -not -path "$app/logs*" -print)
if [ -n "$written" ]; then
  echo "written outside data/ and logs/:" >&2
  echo "$written" >&2
  exit 1
fi

kill -TERM "$server_pid"
wait "$server_pid" && code=0 || code=$?
server_pid=
[ "$code" = 0 ] || { echo "serve exited $code after SIGTERM" >&2; cat "$work/serve.err" >&2; exit 1; }
step "app: SIGTERM drained, exit 0"
echo "ok: the image's steps work here (user $(if [ "$(id -u)" = 0 ]; then echo "$uid"; else id -u; fi), writable: data/ logs/)"
