#!/usr/bin/env bash
# Build the local test cluster binaries from Go modules (module proxy only):
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl (k8s.io/kubernetes),
#   etcd (go.etcd.io/etcd/server/v3), kwok (sigs.k8s.io/kwok) + kwok stage files, helm (helm.sh/helm/v3).
# Output: ${XDG_CACHE_HOME:-$HOME/.cache}/remediator/k8s-<v>-etcd-<v>-kwok-<v>/{bin,stages}
#         ${XDG_CACHE_HOME:-$HOME/.cache}/remediator/helm-<v>/bin/helm
# Each part is built only when it is missing, so a cache with the control plane builds just helm.
# Go module/build caches: ${XDG_CACHE_HOME:-$HOME/.cache}/remediator/go/{mod,build}
# Returns at once when everything is already in the cache. FORCE=1 rebuilds.
set -euo pipefail
LOG_TAG=build
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ "${FORCE:-0}" != 1 ] && binaries_present; then
  log "binaries cached in $CACHE_BIN"
  exit 0
fi

ensure_cmds flock:util-linux
if ! command -v go >/dev/null 2>&1; then
  [ -x /usr/local/go/bin/go ] && PATH=/usr/local/go/bin:$PATH || die "go (>= 1.26) not found in PATH"
fi

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS='-mod=mod -buildvcs=false'
export GOMODCACHE=$REMEDIATOR_CACHE/go/mod GOCACHE=$REMEDIATOR_CACHE/go/build
gover=$(go env GOVERSION)
case "$gover" in go1.2[6-9]*|go1.[3-9][0-9]*|go[2-9]*) ;; *) die "need Go >= 1.26 (found $gover)";; esac

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.build.lock"
if ! flock -n 9; then
  log "another build.sh is running; waiting for it"
  flock 9
fi
if [ "${FORCE:-0}" != 1 ] && binaries_present; then
  log "binaries cached in $CACHE_BIN (built by the other run)"
  exit 0
fi

WORK=$CACHE_DIR/work
OUT=$CACHE_DIR/bin.partial
rm -rf "$WORK" "$OUT"
mkdir -p "$WORK" "$OUT"
log "Go $gover; GOMODCACHE=$GOMODCACHE"

# prepare <name>: copy the wrapper module into a scratch dir and resolve it.
prepare() {
  local name=$1
  mkdir -p "$WORK/$name"
  cp "$CLUSTER_DIR/modules/$name/go.mod" "$WORK/$name/"
  [ -f "$CLUSTER_DIR/modules/$name/go.sum" ] && cp "$CLUSTER_DIR/modules/$name/go.sum" "$WORK/$name/"
  log "$name: resolving modules (go mod tidy)"
  ( cd "$WORK/$name" && go mod tidy )
}

# with_heartbeat <desc> cmd...: run cmd, printing a progress line every minute (go build is silent).
with_heartbeat() {
  local desc=$1 t=0 pid; shift
  "$@" &
  pid=$!
  trap 'kill "$pid" 2>/dev/null; exit 130' INT TERM
  while proc_alive "$pid"; do
    sleep 2; t=$((t + 2))
    [ $((t % 60)) -ne 0 ] || log "$desc: still building (${t}s)"
  done
  trap - INT TERM
  wait "$pid"
}

build_cluster() {
mkdir -p "$CACHE_BIN" "$CACHE_STAGES"
log "control plane: output $CACHE_BIN"
# ---------- kubernetes ----------
grep -q "require k8s.io/kubernetes $K8S_VERSION\$" "$CLUSTER_DIR/modules/k8s/go.mod" \
  || die "modules/k8s/go.mod does not require k8s.io/kubernetes $K8S_VERSION"
staging=${K8S_VERSION/#v1./v0.}
bad_replaces=$(grep '=>' "$CLUSTER_DIR/modules/k8s/go.mod" | grep -v " $staging\$" || true)
if [ -n "$bad_replaces" ]; then
  die "modules/k8s/go.mod: every replace must point at $staging"
fi
prepare k8s
minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
build_date=$(cd "$WORK/k8s" && go list -m -f '{{if .Time}}{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}{{end}}' k8s.io/kubernetes)
ld="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ld="$ld -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  [ -n "$build_date" ] && ld="$ld -X $p.buildDate=$build_date"
done
log "k8s $K8S_VERSION: building kube-apiserver kube-controller-manager kube-scheduler kubectl (slow: several minutes on 2 cores)"
( cd "$WORK/k8s" && with_heartbeat k8s go build -p 2 -trimpath -ldflags "$ld" -o "$OUT/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl )
log "k8s: done"

# ---------- etcd ----------
grep -q "require go.etcd.io/etcd/server/v3 $ETCD_VERSION\$" "$CLUSTER_DIR/modules/etcd/go.mod" \
  || die "modules/etcd/go.mod does not require etcd server $ETCD_VERSION"
prepare etcd
log "etcd $ETCD_VERSION: building"
( cd "$WORK/etcd" && with_heartbeat etcd go build -p 2 -trimpath -ldflags "-s -w" -o "$OUT/etcd" go.etcd.io/etcd/server/v3 )
log "etcd: done"

# ---------- kwok ----------
grep -q "require sigs.k8s.io/kwok $KWOK_VERSION\$" "$CLUSTER_DIR/modules/kwok/go.mod" \
  || die "modules/kwok/go.mod does not require kwok $KWOK_VERSION"
prepare kwok
log "kwok $KWOK_VERSION: building"
( cd "$WORK/kwok" && with_heartbeat kwok go build -p 2 -trimpath \
    -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=$K8S_VERSION" \
    -o "$OUT/kwok" sigs.k8s.io/kwok/cmd/kwok )
kwok_src=$(cd "$WORK/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)
for d in node/fast node/heartbeat-with-lease pod/fast; do
  for f in "$kwok_src/kustomize/stage/$d"/*.yaml; do
    [ "$(basename "$f")" = kustomization.yaml ] || install -m 0644 "$f" "$CACHE_STAGES/"
  done
done
for f in "${STAGE_FILES[@]}"; do [ -s "$CACHE_STAGES/$f" ] || die "kwok stage file $f not found in $kwok_src"; done
log "kwok: done"

for b in "${BINARIES[@]}"; do mv -f "$OUT/$b" "$CACHE_BIN/$b"; done
log "binaries in $CACHE_BIN:"
ls -la "$CACHE_BIN"
"$CACHE_BIN/kubectl" version --client
}

# ---------- helm ----------
build_helm() {
  grep -q "require helm.sh/helm/v3 $HELM_VERSION\$" "$CLUSTER_DIR/modules/helm/go.mod" \
    || die "modules/helm/go.mod does not require helm $HELM_VERSION"
  prepare helm
  log "helm $HELM_VERSION: building (output $HELM_BIN)"
  ( cd "$WORK/helm" && with_heartbeat helm go build -p 2 -trimpath \
      -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION -X helm.sh/helm/v3/internal/version.gitTreeState=clean" \
      -o "$OUT/helm" helm.sh/helm/v3/cmd/helm )
  mkdir -p "$HELM_CACHE_DIR/bin"
  mv -f "$OUT/helm" "$HELM_BIN"
  "$HELM_BIN" version --short
  log "helm: done"
}

if [ "${FORCE:-0}" = 1 ] || ! cluster_binaries_present; then build_cluster; else log "control plane cached in $CACHE_BIN"; fi
if [ "${FORCE:-0}" = 1 ] || ! helm_present; then build_helm; else log "helm cached in $HELM_BIN"; fi
rm -rf "$OUT"
