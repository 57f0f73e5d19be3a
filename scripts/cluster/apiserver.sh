#!/usr/bin/env bash
# Stop / start / restart ONLY the kube-apiserver of the running local test cluster (fault tests).
#   apiserver.sh stop [--kill]   SIGTERM (or SIGKILL with --kill) the apiserver, wait until it is gone
#   apiserver.sh start           start it again with the flags up.sh used, wait for /readyz
#   apiserver.sh restart | status
set -euo pipefail
LOG_TAG=apiserver
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PIDFILE=$RUN_DIR/kube-apiserver.pid
ARGS_FILE=$RUN_DIR/kube-apiserver.args
[ -f "$ARGS_FILE" ] || die "no cluster state in $STATE_DIR (run up.sh first)"
cluster_lock

api_ready() { curl -sf --max-time 3 --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" "https://127.0.0.1:$API_PORT/readyz" >/dev/null; }

do_stop() {
  local sig=TERM
  [ "${1:-}" = --kill ] && sig=KILL
  if ! pid_alive "$PIDFILE"; then log "kube-apiserver is not running"; rm -f "$PIDFILE"; return 0; fi
  local pid; pid=$(cat "$PIDFILE")
  case "$(readlink "/proc/$pid/exe" 2>/dev/null)" in
    */kube-apiserver*) ;;
    *) die "pid $pid is not a kube-apiserver";;
  esac
  log "stopping kube-apiserver (pid $pid, SIG$sig)"
  kill -"$sig" -- "-$pid" 2>/dev/null || kill -"$sig" "$pid"
  # With clients still watching, a SIGTERMed apiserver can hang after it stopped listening:
  # give it 10 s, then SIGKILL.
  local end=$(( $(date +%s) + 10 ))
  while proc_alive "$pid"; do
    if [ "$(date +%s)" -ge "$end" ] && [ "$sig" != KILL ]; then
      log "still running after 10 s: SIGKILL"; sig=KILL
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  rm -f "$PIDFILE"
  log "kube-apiserver stopped"
}

do_start() {
  if pid_alive "$PIDFILE"; then
    log "kube-apiserver already running (pid $(cat "$PIDFILE"))"
  else
    pid_alive "$RUN_DIR/etcd.pid" || die "etcd is not running (run down.sh && up.sh)"
    local args=()
    mapfile -t args <"$ARGS_FILE"
    log "starting kube-apiserver"
    setsid "$CACHE_BIN/kube-apiserver" "${args[@]}" >>"$LOG_DIR/kube-apiserver.log" 2>&1 </dev/null 8>&- &
    echo $! >"$PIDFILE"
  fi
  wait_until "kube-apiserver /readyz" 120 kube-apiserver api_ready
}

case "${1:-}" in
  stop) do_stop "${2:-}";;
  start) do_start;;
  restart) do_stop "${2:-}"; do_start;;
  status)
    if pid_alive "$PIDFILE" && api_ready; then echo "running (pid $(cat "$PIDFILE")), ready"
    elif pid_alive "$PIDFILE"; then echo "running (pid $(cat "$PIDFILE")), not ready"; exit 1
    else echo "stopped"; exit 3; fi;;
  *) echo "usage: $0 stop [--kill] | start | restart [--kill] | status" >&2; exit 2;;
esac
