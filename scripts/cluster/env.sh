#!/usr/bin/env bash
# Print shell exports for using the local test cluster:  eval "$(bash scripts/cluster/env.sh)"
#   KUBECONFIG             admin kubeconfig written by up.sh (.cluster/kubeconfig)
#   REMEDIATOR_KUBECTL     cached kubectl matching the cluster version
#   REMEDIATOR_HELM        cached helm (HELM_VERSION)
#   PATH                   .cluster/bin (symlinks to the cached binaries) first
# Prints the paths even when the cluster is not running (exit 1 then, with a note on stderr).
set -euo pipefail
LOG_TAG=env
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
q() { printf '%q' "$1"; }
echo "export KUBECONFIG=$(q "$KUBECONFIG_FILE")"
echo "export REMEDIATOR_KUBECTL=$(q "$CACHE_BIN/kubectl")"
echo "export REMEDIATOR_HELM=$(q "$HELM_BIN")"
echo "export PATH=$(q "$STATE_DIR/bin"):\$PATH"
rc=0
[ -x "$CACHE_BIN/kubectl" ] || { echo "# kubectl not built yet: npm run cluster:build" >&2; rc=1; }
[ -f "$KUBECONFIG_FILE" ] || { echo "# cluster not running: npm run cluster:up" >&2; rc=1; }
exit $rc
