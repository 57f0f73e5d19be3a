#!/usr/bin/env bash
# Smoke check of the running local test cluster (start it with up.sh first).
# Creates namespace aiops-remediation-lab, deployments web (2) + singleton (1), checks rollout,
# pod replacement after delete, RBAC (auth can-i), policy/v1 Eviction + PodDisruptionBudget,
# then deletes the namespace again. Exits non-zero on the first failure.
set -euo pipefail
LOG_TAG=smoke
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NS=aiops-remediation-lab
KUBECTL=$CACHE_BIN/kubectl
export KUBECONFIG=$KUBECONFIG_FILE
[ -x "$KUBECTL" ] || die "kubectl missing in $CACHE_BIN (run build.sh)"
[ -f "$KUBECONFIG" ] || die "cluster not running (run up.sh)"
k() { "$KUBECTL" "$@"; }
kn() { "$KUBECTL" -n "$NS" "$@"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }

cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "--- diagnostics" >&2
    kn get deploy,rs,pods,pdb -o wide >&2 2>/dev/null || true
    kn get events --sort-by=.lastTimestamp 2>/dev/null | tail -n 20 >&2 || true
  fi
  k delete namespace "$NS" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "smoke: FAIL at line $LINENO: $BASH_COMMAND" >&2' ERR

# ready_pods <label-selector>: names of Ready, not terminating pods
ready_pods() {
  kn get pods -l "$1" -o go-template='{{range .items}}{{$n := .metadata.name}}{{if not .metadata.deletionTimestamp}}{{range .status.conditions}}{{if and (eq .type "Ready") (eq .status "True")}}{{$n}}{{"\n"}}{{end}}{{end}}{{end}}{{end}}'
}
# wait_replaced <deleted-pod> <selector> <want>: until <want> Ready pods exist, none named <deleted-pod>, and it is gone
wait_replaced() {
  local gone=$1 sel=$2 want=$3 end=$(( $(date +%s) + 60 )) pods
  while :; do
    pods=$(ready_pods "$sel" || true)
    if [ "$(grep -c . <<<"$pods")" -eq "$want" ] && ! grep -qx "$gone" <<<"$pods" \
       && ! kn get pod "$gone" >/dev/null 2>&1; then
      return 0
    fi
    [ "$(date +%s)" -lt "$end" ] || fail "no Ready replacement for $gone within 60s"
    sleep 0.05
  done
}

log "API groups"
apis=$(k api-versions)
for gv in policy/v1 batch/v1 events.k8s.io/v1 apps/v1 rbac.authorization.k8s.io/v1; do
  grep -qx "$gv" <<<"$apis" || fail "API $gv not served"
done
# (no `cmd | grep -q` under pipefail: grep exiting early can SIGPIPE the writer)
res=$(k api-resources --api-group=batch -o name)
grep -qx cronjobs.batch <<<"$res" || fail "batch/v1 CronJob missing"
ver=$(k version -o json)
[ "$(grep -c "\"gitVersion\": \"$K8S_VERSION\"" <<<"$ver")" = 2 ] || fail "server/client version is not $K8S_VERSION: $ver"
log "server and kubectl report $K8S_VERSION; policy/v1, batch/v1 CronJob, events.k8s.io/v1 served"

if k get namespace "$NS" >/dev/null 2>&1; then
  log "namespace $NS exists from an earlier run: deleting it"
  k delete namespace "$NS" --timeout=90s >/dev/null
fi
k create namespace "$NS" >/dev/null
wait_until "ServiceAccount $NS/default" 30 "" kn get serviceaccount default

kn create deployment web --image=nginx:1.27 --replicas=2 >/dev/null
kn create deployment singleton --image=nginx:1.27 --replicas=1 >/dev/null
kn label deployment web remediator.kubedojo.io/enabled=true >/dev/null
t0=$(now_ms)
kn rollout status deployment/web --timeout=60s >/dev/null || fail "rollout web"
kn rollout status deployment/singleton --timeout=60s >/dev/null || fail "rollout singleton"
log "rollout status web + singleton: ok ($(( $(now_ms) - t0 )) ms)"
[ "$(kn get deploy web -o jsonpath='{.status.availableReplicas}')" = 2 ] || fail "web availableReplicas != 2"
[ "$(kn get deploy web -o jsonpath='{.metadata.labels.remediator\.kubedojo\.io/enabled}')" = true ] || fail "web label"
placed=$(kn get pods -l app=web -o jsonpath='{range .items[*]}{.status.phase}{" "}{.spec.nodeName}{"\n"}{end}')
[ "$(grep -c '^Running kwok-' <<<"$placed")" = 2 ] || fail "web pods not Running on kwok nodes: $placed"

# ---------- delete a pod -> replacement Ready ----------
victim=$(ready_pods app=web | sed -n 1p)
t0=$(now_ms)
kn delete pod "$victim" --wait=false >/dev/null
wait_replaced "$victim" app=web 2
lat=$(( $(now_ms) - t0 ))
wait_until "deployment web availableReplicas=2 after delete" 30 "" \
  sh -c "[ \"\$('$KUBECTL' -n $NS get deploy web -o jsonpath='{.status.availableReplicas}')\" = 2 ]"
log "deleted pod $victim -> replacement Ready and old pod gone in ${lat} ms"

# ---------- RBAC ----------
[ "$(k auth can-i create pods --subresource=eviction -n "$NS")" = yes ] || fail "admin cannot evict"
kn create serviceaccount viewer >/dev/null
kn create role pod-reader --verb=get,list,watch --resource=pods >/dev/null
kn create rolebinding viewer-pod-reader --role=pod-reader --serviceaccount="$NS:viewer" >/dev/null
SA=system:serviceaccount:$NS:viewer
[ "$(k auth can-i list pods -n "$NS" --as="$SA")" = yes ] || fail "viewer cannot list pods"
if k auth can-i delete pods -n "$NS" --as="$SA" >/dev/null; then fail "viewer can delete pods (RBAC not enforced?)"; fi
if k auth can-i create pods --subresource=eviction -n "$NS" --as="$SA" >/dev/null; then fail "viewer can evict"; fi
if out=$(kn delete pod "$(ready_pods app=web | sed -n 1p)" --as="$SA" 2>&1); then fail "viewer deleted a pod"; fi
grep -q Forbidden <<<"$out" || fail "expected Forbidden, got: $out"
log "auth can-i + RBAC Forbidden for a limited ServiceAccount: ok"

# ---------- PDB + policy/v1 Eviction ----------
kn create poddisruptionbudget web --selector=app=web --min-available=1 >/dev/null
kn create poddisruptionbudget singleton --selector=app=singleton --min-available=1 >/dev/null
wait_until "PDB web disruptionsAllowed=1" 30 "" \
  sh -c "[ \"\$('$KUBECTL' -n $NS get pdb web -o jsonpath='{.status.disruptionsAllowed}')\" = 1 ]"
wait_until "PDB singleton disruptionsAllowed=0 (observed)" 30 "" \
  sh -c "[ \"\$('$KUBECTL' -n $NS get pdb singleton -o jsonpath='{.status.currentHealthy}/{.status.disruptionsAllowed}')\" = 1/0 ]"
evict() { # pod -> prints kubectl output, returns its status
  printf '{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"%s"}}' "$1" "$NS" \
    | "$KUBECTL" create --raw "/api/v1/namespaces/$NS/pods/$1/eviction" -f - 2>&1
}
victim=$(ready_pods app=web | sed -n 1p)
t0=$(now_ms)
evict "$victim" >/dev/null || fail "policy/v1 eviction of $victim refused"
wait_replaced "$victim" app=web 2
log "policy/v1 Eviction of $victim allowed by PDB; replacement Ready in $(( $(now_ms) - t0 )) ms"
single=$(ready_pods app=singleton | sed -n 1p)
if out=$(evict "$single"); then fail "eviction of $single should be blocked by PDB"; fi
grep -qi 'disruption budget\|TooManyRequests\|429' <<<"$out" || fail "unexpected eviction error: $out"
kn get pod "$single" >/dev/null || fail "blocked eviction deleted $single"
log "policy/v1 Eviction of $single blocked by PDB (429): ok"

# ---------- cleanup ----------
trap - EXIT
k delete namespace "$NS" --timeout=90s >/dev/null || fail "namespace $NS not deleted within 90s"
log "namespace $NS deleted"

rss=""
for c in etcd kube-apiserver kube-controller-manager kube-scheduler kwok; do
  pid=$(cat "$RUN_DIR/$c.pid" 2>/dev/null || true)
  kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  rss="$rss $c=$((kb / 1024))MiB"; total=$(( ${total:-0} + kb ))
done
log "RSS:$rss total=$(( total / 1024 ))MiB"
log "SMOKE OK"
