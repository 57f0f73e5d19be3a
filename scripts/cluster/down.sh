#!/usr/bin/env bash
# Stop the local test cluster started by up.sh (only the processes in .cluster/run/*.pid and
# their process groups) and remove its runtime state. The binary cache is kept.
# Safe to run when nothing is running.
set -euo pipefail
LOG_TAG=down
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
KEEP_FAILED_LOGS=0
[ "${1:-}" = --keep-failed-logs ] && KEEP_FAILED_LOGS=1

# Stop in reverse start order: clients first, etcd last.
ORDER=(kwok kube-scheduler kube-controller-manager kube-apiserver etcd)

# stop_pidfile <pidfile>: SIGTERM the process group started by up.sh, SIGKILL after 10 s.
stop_pidfile() {
  local f=$1 pid name
  name=$(basename "$f" .pid)
  pid=$(cat "$f" 2>/dev/null || true)
  case "$pid" in ''|*[!0-9]*) rm -f "$f"; return 0;; esac
  if ! kill -0 "$pid" 2>/dev/null; then rm -f "$f"; return 0; fi
  # Guard against a recycled pid: the process must still run one of our cached binaries.
  local exe
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  case "$exe" in
    */remediator/k8s-*/bin/*) ;;
    *) log "pid $pid in $name.pid is not ours any more (${exe:-unknown}); leaving it alone"; rm -f "$f"; return 0;;
  esac
  # up.sh starts each component with setsid, so it leads its own process group: signal the group.
  local target=$pid pgid
  pgid=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f3)
  [ "$pgid" = "$pid" ] && target=-$pid
  log "stopping $name (pid $pid)"
  kill -TERM -- "$target" 2>/dev/null || true
  local end=$(( $(date +%s) + 10 ))
  while kill -0 "$pid" 2>/dev/null && [ "$(date +%s)" -lt "$end" ]; do sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not exit after SIGTERM; sending SIGKILL"
    kill -KILL -- "$target" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$f"
}

stopped=0
if [ -d "$RUN_DIR" ]; then
  for c in "${ORDER[@]}"; do
    [ -f "$RUN_DIR/$c.pid" ] || continue
    stop_pidfile "$RUN_DIR/$c.pid"; stopped=$((stopped + 1))
  done
  for f in "$RUN_DIR"/*.pid; do   # anything else up.sh may have recorded
    [ -e "$f" ] || continue
    stop_pidfile "$f"; stopped=$((stopped + 1))
  done
fi

if [ -d "$STATE_DIR" ]; then
  rm -rf "$RUN_DIR" "$DATA_DIR" "$PKI_DIR" "$STATE_DIR/bin" "$KUBECONFIG_FILE"
  rm -rf "$LOG_DIR"
  [ "$KEEP_FAILED_LOGS" = 1 ] || rm -rf "$STATE_DIR/failed-logs"
  rmdir "$STATE_DIR" 2>/dev/null || true
fi
if [ "$stopped" -eq 0 ]; then log "nothing was running; state removed"; else log "cluster stopped; state removed (binary cache kept in $CACHE_DIR)"; fi
