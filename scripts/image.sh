#!/usr/bin/env bash
# Builds the Job's container image (Containerfile at the repository root) with the first container engine
# that answers: podman, then buildah, then docker. The tag is the image name export-job writes by default,
# read from src/core/export/image.ts so the two cannot disagree.
#   bash scripts/image.sh              build dist/ and the image
#   bash scripts/image.sh --print-tag  print the tag and exit
set -euo pipefail
cd "$(dirname "$0")/.."

TAG="$(sed -n "s/^export const JOB_IMAGE = '\([^']*\)';$/\1/p" src/core/export/image.ts)"
if [ -z "$TAG" ]; then
  echo "image: cannot read JOB_IMAGE from src/core/export/image.ts" >&2
  exit 1
fi
if [ "${1:-}" = "--print-tag" ]; then
  echo "$TAG"
  exit 0
fi

# An engine counts only if it answers: a docker client without a daemon does not.
engine=""
if command -v podman >/dev/null 2>&1 && podman info >/dev/null 2>&1; then
  engine=podman
elif command -v buildah >/dev/null 2>&1 && buildah info >/dev/null 2>&1; then
  engine=buildah
elif command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  engine=docker
fi
if [ -z "$engine" ]; then
  found=""
  for tool in podman buildah docker; do command -v "$tool" >/dev/null 2>&1 && found="$found $tool"; done
  echo "image: no working container engine: podman, buildah or docker must be installed and answer (found:${found:- none}${found:+, but none answers; is the daemon or service running?})" >&2
  exit 1
fi

npm run build --silent -- --production
echo "image: building $TAG with $engine" >&2
case "$engine" in
  podman) podman build --pull=missing -f Containerfile -t "$TAG" . ;;
  buildah) buildah bud --pull -f Containerfile -t "$TAG" . ;;
  docker) DOCKER_BUILDKIT=1 docker build -f Containerfile -t "$TAG" . ;;
esac
# The image must start the CLI as built, on a read-only root filesystem.
case "$engine" in
  podman) podman run --rm --read-only "$TAG" --help >/dev/null ;;
  docker) docker run --rm --read-only "$TAG" --help >/dev/null ;;
  buildah) : ;;
esac
echo "image: built $TAG" >&2
