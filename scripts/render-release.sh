#!/usr/bin/env bash
# Renders one kustomize overlay for a release, without editing tracked files:
#   scripts/render-release.sh <overlay dir> <registry> <tag> [<scoring run id>] > rendered.yaml
# e.g. scripts/render-release.sh k8s/overlays/prod myacr.azurecr.io "$GITHUB_SHA"
# Points the images `engagetrack` and `engagetrack-notebooks` at <registry>/<name>:<tag>, sets
# SCORE_RUN for a scoring overlay, and refuses (exit 1, naming the lines) to print a manifest that
# still holds a "replace-me" value an environment has to set. Needs `kustomize` or `kubectl`.
set -euo pipefail

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: $0 <overlay dir> <registry> <tag> [<scoring run id>]" >&2
  exit 2
fi
overlay=$1 registry=${2%/} tag=$3 run=${4:-}
repo=$(cd "$(dirname "$0")/.." && pwd)

[ -f "$overlay/kustomization.yaml" ] || { echo "render-release: no kustomization.yaml in $overlay" >&2; exit 2; }
[[ $registry =~ ^[a-z0-9.-]+(:[0-9]+)?(/[a-z0-9._/-]+)?$ ]] || { echo "render-release: invalid registry: \"$registry\"" >&2; exit 2; }
[[ $tag =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || { echo "render-release: invalid tag: \"$tag\"" >&2; exit 2; }
[ "$tag" != latest ] || { echo "render-release: refusing tag \"latest\" (use the commit SHA)" >&2; exit 2; }
[ -z "$run" ] || [[ $run =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || { echo "render-release: invalid scoring run id: \"$run\" (lowercase letters, digits, '-')" >&2; exit 2; }

# The wrapper lives inside the repository so that kustomize's load restrictions allow the overlay.
work=$(mktemp -d "$repo/k8s/.release.XXXXXX")
trap 'rm -rf "$work"' EXIT
base=$(realpath --relative-to="$work" "$overlay")
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources:"
  echo "  - $base"
  echo "images:"
  echo "  - name: engagetrack"
  echo "    newName: $registry/engagetrack"
  echo "    newTag: \"$tag\""
  echo "  - name: engagetrack-notebooks"
  echo "    newName: $registry/engagetrack-notebooks"
  echo "    newTag: \"$tag\""
  if [ -n "$run" ]; then
    echo "patches:"
    echo "  - target:"
    echo "      kind: ConfigMap"
    echo "      name: engagetrack-scoring"
    echo "    patch: |-"
    echo "      - op: replace"
    echo "        path: /data/SCORE_RUN"
    echo "        value: \"$run\""
  fi
} > "$work/kustomization.yaml"

if command -v kustomize >/dev/null; then
  kustomize build "$work" > "$work/rendered.yaml"
elif command -v kubectl >/dev/null; then
  kubectl kustomize "$work" > "$work/rendered.yaml"
else
  echo "render-release: needs kustomize or kubectl on the PATH" >&2
  exit 2
fi

if grep -n 'replace-me' "$work/rendered.yaml" >&2; then
  echo "render-release: $overlay still has the \"replace-me\" values above: set them in the overlay first" >&2
  exit 1
fi
cat "$work/rendered.yaml"
