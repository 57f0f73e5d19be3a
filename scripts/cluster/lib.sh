# shellcheck shell=bash
# Shared helpers for scripts/cluster/*.sh. Source after setting `set -euo pipefail`.
CLUSTER_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$CLUSTER_DIR/../.." && pwd)
# shellcheck source=versions.sh
. "$CLUSTER_DIR/versions.sh"

REMEDIATOR_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/remediator
CACHE_KEY=k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION
CACHE_DIR=$REMEDIATOR_CACHE/$CACHE_KEY
CACHE_BIN=$CACHE_DIR/bin
CACHE_STAGES=$CACHE_DIR/stages
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok)
# helm has its own cache folder, so adding or bumping it never rebuilds the control plane.
HELM_CACHE_DIR=$REMEDIATOR_CACHE/helm-$HELM_VERSION
HELM_BIN=$HELM_CACHE_DIR/bin/helm
# kwok stage files copied from sigs.k8s.io/kwok/kustomize/stage/{node/fast,node/heartbeat-with-lease,pod/fast}
STAGE_FILES=(node-initialize.yaml node-heartbeat-with-lease.yaml pod-ready.yaml pod-complete.yaml pod-delete.yaml)

# Runtime state of a running cluster (git-ignored).
STATE_DIR=$REPO_ROOT/.cluster
PKI_DIR=$STATE_DIR/pki
DATA_DIR=$STATE_DIR/data
LOG_DIR=$STATE_DIR/logs
RUN_DIR=$STATE_DIR/run
KUBECONFIG_FILE=$STATE_DIR/kubeconfig

# Fixed high ports (checked for conflicts by up.sh); override via environment.
API_PORT=${REMEDIATOR_CLUSTER_API_PORT:-26443}
ETCD_PORT=${REMEDIATOR_CLUSTER_ETCD_PORT:-22379}
ETCD_PEER_PORT=${REMEDIATOR_CLUSTER_ETCD_PEER_PORT:-22380}
KCM_PORT=${REMEDIATOR_CLUSTER_KCM_PORT:-20257}
SCHED_PORT=${REMEDIATOR_CLUSTER_SCHED_PORT:-20259}
KWOK_PORT=${REMEDIATOR_CLUSTER_KWOK_PORT:-20250}

_T0=$(date +%s%N)
log() {
  local ms=$(( ($(date +%s%N) - _T0) / 1000000 ))
  printf '[%s %3d.%03ds] %s\n' "${LOG_TAG:-cluster}" $((ms / 1000)) $((ms % 1000)) "$*"
}
die() { echo "${LOG_TAG:-cluster}: ERROR: $*" >&2; exit 1; }

cluster_binaries_present() {
  local b
  for b in "${BINARIES[@]}"; do [ -x "$CACHE_BIN/$b" ] || return 1; done
  for b in "${STAGE_FILES[@]}"; do [ -s "$CACHE_STAGES/$b" ] || return 1; done
}
helm_present() { [ -x "$HELM_BIN" ]; }
binaries_present() { cluster_binaries_present && helm_present; }

# ensure_cmds cmd:package ... - install missing Debian packages (CI / fresh machines).
ensure_cmds() {
  local pkgs=() c
  for c in "$@"; do command -v "${c%%:*}" >/dev/null 2>&1 || pkgs+=("${c#*:}"); done
  [ ${#pkgs[@]} -eq 0 ] && return 0
  local sudo=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing ${pkgs[*]} and not root (install them)"
    sudo=sudo
  fi
  log "installing missing packages: ${pkgs[*]}"
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${pkgs[@]}" >/dev/null \
    || die "apt-get install ${pkgs[*]} failed"
}

# proc_alive <pid>: running and not a zombie (daemons are reparented; a killed one can stay a
# zombie until its new parent reaps it, and kill -0 still succeeds on a zombie).
proc_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [ -n "$state" ] && [ "$state" != Z ]
}
pid_alive() { [ -f "$1" ] && proc_alive "$(cat "$1")"; }

# wait_until <desc> <timeout-seconds> <component-or-""> cmd... : poll until cmd succeeds.
wait_until() {
  local desc=$1 timeout=$2 comp=$3; shift 3
  local end=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$comp" ] && ! pid_alive "$RUN_DIR/$comp.pid"; then
      echo "--- last lines of $LOG_DIR/$comp.log:" >&2; tail -n 20 "$LOG_DIR/$comp.log" >&2 || true
      die "$comp exited while waiting for $desc"
    fi
    [ "$(date +%s)" -lt "$end" ] || die "timed out after ${timeout}s waiting for $desc"
    sleep 0.2
  done
  log "$desc: ok"
}

# cluster_lock: serialize up.sh / down.sh / apiserver.sh of one checkout (e.g. two test runs
# calling `npm run cluster:up` at once). Held on fd 8 until the script exits; children that
# are started as daemons must close fd 8 (start() in up.sh does). Re-entrant via the env var.
cluster_lock() {
  [ -z "${REMEDIATOR_CLUSTER_LOCK_HELD:-}" ] || return 0
  mkdir -p "$STATE_DIR"
  exec 8>"$STATE_DIR/.lock"
  if ! flock -n 8; then
    log "another up/down of this cluster is running; waiting for it"
    flock -w 600 8 || die "could not get $STATE_DIR/.lock within 600 s"
  fi
  export REMEDIATOR_CLUSTER_LOCK_HELD=1
}
