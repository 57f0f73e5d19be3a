#!/usr/bin/env bash
# Stop the local test cluster started by up.sh (only the processes in .cluster/run/*.pid and
# their process groups) and remove its runtime state. The binary cache is kept.
# Safe to run when nothing is running.
set -euo pipefail
LOG_TAG=down
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
KEEP_FAILED_LOGS=0
[ "${1:-}" = --keep-failed-logs ] && KEEP_FAILED_LOGS=1
if [ -d "$STATE_DIR" ] && command -v flock >/dev/null 2>&1; then cluster_lock; fi

# Stop in reverse start order, in phases: the clients together, then the apiserver, then etcd.
PHASES=("kwok kube-scheduler kube-controller-manager" "kube-apiserver" "etcd")

# signal_target <pidfile>: prints "-pgid" (or pid) to signal if the pid file names a live process
# that up.sh started; removes stale pid files.
signal_target() {
  local f=$1 pid exe pgid
  pid=$(cat "$f" 2>/dev/null || true)
  case "$pid" in ''|*[!0-9]*) rm -f "$f"; return 1;; esac
  if ! proc_alive "$pid"; then rm -f "$f"; return 1; fi
  # Guard against a recycled pid: the process must still run one of our cached binaries.
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  case "$exe" in
    */remediator/k8s-*/bin/*) ;;
    *) log "pid $pid in $(basename "$f") is not ours any more (${exe:-unknown}); leaving it alone" >&2; rm -f "$f"; return 1;;
  esac
  # up.sh starts each component with setsid, so it leads its own process group: signal the group.
  pgid=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f3)
  if [ "$pgid" = "$pid" ]; then echo "-$pid"; else echo "$pid"; fi
}

# stop_phase name...: SIGTERM all, wait up to 10 s, then SIGKILL what is left.
stop_phase() {
  local names=() pids=() targets=() n t
  for n in "$@"; do
    t=$(signal_target "$RUN_DIR/$n.pid") || continue
    names+=("$n"); targets+=("$t"); pids+=("${t#-}")
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  log "stopping ${names[*]}"
  for t in "${targets[@]}"; do kill -TERM -- "$t" 2>/dev/null || true; done
  local end=$(( $(date +%s) + 10 )) left i
  while :; do
    left=0
    for i in "${!pids[@]}"; do proc_alive "${pids[$i]}" && left=$((left + 1)); done
    [ "$left" -gt 0 ] || break
    if [ "$(date +%s)" -ge "$end" ]; then
      for i in "${!pids[@]}"; do
        if proc_alive "${pids[$i]}"; then
          log "${names[$i]} still running after 10 s: SIGKILL"
          kill -KILL -- "${targets[$i]}" 2>/dev/null || true
        fi
      done
      end=$(( $(date +%s) + 3600 ))
    fi
    sleep 0.1
  done
  for n in "${names[@]}"; do rm -f "$RUN_DIR/$n.pid"; stopped=$((stopped + 1)); done
}

stopped=0
if [ -d "$RUN_DIR" ]; then
  for phase in "${PHASES[@]}"; do
    # shellcheck disable=SC2086
    stop_phase $phase
  done
  for f in "$RUN_DIR"/*.pid; do   # anything else up.sh may have recorded
    [ -e "$f" ] || continue
    stop_phase "$(basename "$f" .pid)"
  done
fi

if [ -d "$STATE_DIR" ]; then
  rm -rf "$RUN_DIR" "$DATA_DIR" "$PKI_DIR" "$STATE_DIR/bin" "$KUBECONFIG_FILE"
  rm -rf "$LOG_DIR"
  [ "$KEEP_FAILED_LOGS" = 1 ] || rm -rf "$STATE_DIR/failed-logs"
  rmdir "$STATE_DIR" 2>/dev/null || true   # .cluster/.lock (up/down lock) stays
fi
if [ "$stopped" -eq 0 ]; then log "nothing was running; state removed"; else log "cluster stopped; state removed (binary cache kept in $CACHE_DIR)"; fi
