#!/usr/bin/env bash
# Start the local test cluster: etcd + kube-apiserver + kube-controller-manager + kube-scheduler
# as plain processes on 127.0.0.1, and kwok playing the kubelet for fake nodes.
# State under <repo>/.cluster (pki, data, logs, run/*.pid); admin kubeconfig: .cluster/kubeconfig.
# Env: REMEDIATOR_CLUSTER_NODES (default "kwok-node-1 kwok-node-2"),
#      REMEDIATOR_CLUSTER_{API,ETCD,ETCD_PEER,KCM,SCHED,KWOK}_PORT (see lib.sh).
set -euo pipefail
LOG_TAG=up
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NODES=${REMEDIATOR_CLUSTER_NODES:-kwok-node-1 kwok-node-2}
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)
command -v flock >/dev/null 2>&1 || ensure_cmds flock:util-linux
cluster_lock

api_ready() { curl -sf --max-time 3 --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" "https://127.0.0.1:$API_PORT/readyz" >/dev/null; }

# ---------- already running? ----------
if [ -d "$RUN_DIR" ]; then
  alive=0
  for c in "${COMPONENTS[@]}"; do pid_alive "$RUN_DIR/$c.pid" && alive=$((alive + 1)); done
  if [ "$alive" -eq ${#COMPONENTS[@]} ] && [ -f "$KUBECONFIG_FILE" ] && api_ready; then
    log "cluster already running and healthy"
    echo "export KUBECONFIG=$KUBECONFIG_FILE"
    exit 0
  fi
  if [ "$alive" -gt 0 ]; then
    log "cluster partly running ($alive/${#COMPONENTS[@]} components) or unhealthy: restarting it"
  fi
  bash "$CLUSTER_DIR/down.sh" >/dev/null
fi

ensure_cmds openssl:openssl curl:curl setsid:util-linux base64:coreutils
if ! binaries_present; then
  log "binaries missing in $CACHE_BIN: running build.sh"
  bash "$CLUSTER_DIR/build.sh"
fi

for port in "$API_PORT" "$ETCD_PORT" "$ETCD_PEER_PORT" "$KCM_PORT" "$SCHED_PORT" "$KWOK_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port 127.0.0.1:$port is in use (another cluster? set REMEDIATOR_CLUSTER_*_PORT)"
  fi
done

mkdir -p "$PKI_DIR" "$DATA_DIR" "$LOG_DIR" "$RUN_DIR" "$STATE_DIR/bin"
chmod 700 "$STATE_DIR" "$PKI_DIR" "$DATA_DIR"
for b in "${BINARIES[@]}"; do ln -sfn "$CACHE_BIN/$b" "$STATE_DIR/bin/$b"; done
ln -sfn "$HELM_BIN" "$STATE_DIR/bin/helm"
KUBECTL=$CACHE_BIN/kubectl

# If anything below fails, stop what was started.
cleanup_on_error() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "up.sh failed (rc=$rc); logs kept in $LOG_DIR (copied to $STATE_DIR/failed-logs); stopping what was started" >&2
    rm -rf "$STATE_DIR/failed-logs"; cp -r "$LOG_DIR" "$STATE_DIR/failed-logs" 2>/dev/null || true
    bash "$CLUSTER_DIR/down.sh" --keep-failed-logs >/dev/null 2>&1 || true
  fi
}
trap cleanup_on_error EXIT

# ---------- PKI ----------
log "generating CA and certificates (openssl)"
(
  cd "$PKI_DIR"
  umask 077
  # ECDSA P-256 keys: generating 8 RSA keys took ~7 s on a busy 2-core machine.
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1)
  openssl req -x509 "${ec[@]}" -nodes -keyout ca.key -out ca.crt -days 3650 \
    -subj "/CN=remediator-test-ca" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature 2>/dev/null
  # sign <name> <subject> <extensions>
  sign() {
    openssl req -new "${ec[@]}" -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
    printf '%b\n' "$3" >"$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -sha256 \
      -extfile "$1.ext" -out "$1.crt" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
  }
  client='basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth'
  sign apiserver "/CN=kube-apiserver" \
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local'
  sign admin "/O=system:masters/CN=kubernetes-admin" "$client"
  sign kube-controller-manager "/CN=system:kube-controller-manager" "$client"
  sign kube-scheduler "/CN=system:kube-scheduler" "$client"
  sign kwok "/O=system:masters/CN=kwok-controller" "$client"
  sign front-proxy-client "/CN=front-proxy-client" "$client"
  # service-account token signing key (ES256)
  openssl ecparam -name prime256v1 -genkey -noout -out sa.key 2>/dev/null
  openssl ec -in sa.key -pubout -out sa.pub 2>/dev/null
  rm -f ca.srl
)

# write_kubeconfig <file> <user> <cert-name>
write_kubeconfig() {
  local f=$1 user=$2 cert=$3
  ( umask 077
    cat >"$f" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: remediator-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 <"$PKI_DIR/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$PKI_DIR/$cert.crt")
    client-key-data: $(base64 -w0 <"$PKI_DIR/$cert.key")
contexts:
- name: remediator-local
  context:
    cluster: remediator-local
    user: $user
    namespace: default
current-context: remediator-local
KUBECONFIG
  )
}
write_kubeconfig "$KUBECONFIG_FILE" kubernetes-admin admin
for c in kube-controller-manager kube-scheduler kwok; do write_kubeconfig "$RUN_DIR/$c.kubeconfig" "$c" "$c"; done

# start <name> cmd... : detached in its own session / process group, pid file in run/.
start() {
  local name=$1; shift
  setsid "$@" >"$LOG_DIR/$name.log" 2>&1 </dev/null 8>&- 9>&- &
  echo $! >"$RUN_DIR/$name.pid"
}

# ---------- etcd ----------
log "starting etcd $ETCD_VERSION"
mkdir -p "$DATA_DIR/etcd"; chmod 700 "$DATA_DIR/etcd"
start etcd "$CACHE_BIN/etcd" --name remediator --data-dir "$DATA_DIR/etcd" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "remediator=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new \
  --quota-backend-bytes $((2 * 1024 * 1024 * 1024)) \
  --unsafe-no-fsync --log-level warn
wait_until "etcd /health" 30 etcd sh -c "curl -sf --max-time 2 http://127.0.0.1:$ETCD_PORT/health | grep -q '\"health\":\"true\"'"

# ---------- kube-apiserver ----------
# Flags are kept in run/kube-apiserver.args so apiserver.sh can restart it alone.
APISERVER_ARGS=(
  --etcd-servers="http://127.0.0.1:$ETCD_PORT"
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$API_PORT"
  --endpoint-reconciler-type=none --kubelet-preferred-address-types=InternalIP
  --tls-cert-file="$PKI_DIR/apiserver.crt" --tls-private-key-file="$PKI_DIR/apiserver.key"
  --client-ca-file="$PKI_DIR/ca.crt"
  --requestheader-client-ca-file="$PKI_DIR/ca.crt" --requestheader-allowed-names=front-proxy-client
  --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group
  --requestheader-extra-headers-prefix=X-Remote-Extra-
  --proxy-client-cert-file="$PKI_DIR/front-proxy-client.crt" --proxy-client-key-file="$PKI_DIR/front-proxy-client.key"
  --service-account-key-file="$PKI_DIR/sa.pub" --service-account-signing-key-file="$PKI_DIR/sa.key"
  --service-account-issuer=https://kubernetes.default.svc.cluster.local
  --service-cluster-ip-range=10.96.0.0/16
  --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction
  --allow-privileged=true --profiling=false --event-ttl=1h
  # graceful stop in ~2 s instead of waiting --request-timeout (60 s) for watch connections
  --shutdown-send-retry-after=true
  --cert-dir="$RUN_DIR/apiserver-certs" --v=1
)
printf '%s\n' "${APISERVER_ARGS[@]}" >"$RUN_DIR/kube-apiserver.args"
log "starting kube-apiserver $K8S_VERSION on https://127.0.0.1:$API_PORT"
start kube-apiserver "$CACHE_BIN/kube-apiserver" "${APISERVER_ARGS[@]}"
wait_until "kube-apiserver /readyz" 120 kube-apiserver api_ready

# ---------- controller-manager & scheduler ----------
log "starting kube-controller-manager and kube-scheduler"
KCM_KC=$RUN_DIR/kube-controller-manager.kubeconfig
start kube-controller-manager "$CACHE_BIN/kube-controller-manager" \
  --kubeconfig="$KCM_KC" --authentication-kubeconfig="$KCM_KC" --authorization-kubeconfig="$KCM_KC" \
  --bind-address=127.0.0.1 --secure-port="$KCM_PORT" --cert-dir="$RUN_DIR/kcm-certs" --leader-elect=false \
  --service-account-private-key-file="$PKI_DIR/sa.key" --root-ca-file="$PKI_DIR/ca.crt" \
  --use-service-account-credentials=true \
  --cluster-signing-cert-file="$PKI_DIR/ca.crt" --cluster-signing-key-file="$PKI_DIR/ca.key" \
  --controllers='*,-node-ipam-controller' \
  --node-monitor-period=2s --concurrent-deployment-syncs=5 --concurrent-replicaset-syncs=5 \
  --kube-api-qps=200 --kube-api-burst=400 \
  --profiling=false --v=1
SCHED_KC=$RUN_DIR/kube-scheduler.kubeconfig
start kube-scheduler "$CACHE_BIN/kube-scheduler" \
  --kubeconfig="$SCHED_KC" --authentication-kubeconfig="$SCHED_KC" --authorization-kubeconfig="$SCHED_KC" \
  --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" --cert-dir="$RUN_DIR/scheduler-certs" --leader-elect=false \
  --profiling=false --v=1

# ---------- kwok (kubelet stand-in) ----------
KWOK_STAGE_ARGS=()
for f in "${STAGE_FILES[@]}"; do KWOK_STAGE_ARGS+=(-c "$CACHE_STAGES/$f"); done
log "starting kwok $KWOK_VERSION (stages: ${STAGE_FILES[*]})"
# HOME points into run/ so kwok ignores any ~/.kwok/kwok.yaml of the user.
mkdir -p "$RUN_DIR/kwok-home"
start kwok env HOME="$RUN_DIR/kwok-home" "$CACHE_BIN/kwok" \
  --kubeconfig="$RUN_DIR/kwok.kubeconfig" \
  "${KWOK_STAGE_ARGS[@]}" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
  --node-ip=10.0.0.1 --cidr=10.244.0.1/16 --node-lease-duration-seconds=40 \
  --server-address="127.0.0.1:$KWOK_PORT"

wait_until "kube-controller-manager /healthz" 60 kube-controller-manager curl -skf --max-time 2 "https://127.0.0.1:$KCM_PORT/healthz"
wait_until "kube-scheduler /healthz" 60 kube-scheduler curl -skf --max-time 2 "https://127.0.0.1:$SCHED_PORT/healthz"
wait_until "kwok /healthz" 60 kwok curl -sf --max-time 2 "http://127.0.0.1:$KWOK_PORT/healthz"

# ---------- fake nodes ----------
export KUBECONFIG=$KUBECONFIG_FILE
i=1
for n in $NODES; do
  i=$((i + 1))
  "$KUBECTL" apply -f - >/dev/null <<NODE
apiVersion: v1
kind: Node
metadata:
  name: $n
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    type: kwok
    kubernetes.io/arch: amd64
    kubernetes.io/os: linux
    kubernetes.io/hostname: $n
    node-role.kubernetes.io/worker: ""
status:
  allocatable: {cpu: "32", memory: 256Gi, pods: "5000"}
  capacity: {cpu: "32", memory: 256Gi, pods: "5000"}
  addresses:
  - {type: InternalIP, address: 10.0.0.$i}
  - {type: Hostname, address: $n}
NODE
done
log "created node(s): $NODES"
wait_until "node(s) Ready" 60 kwok "$KUBECTL" wait --for=condition=Ready node --all --timeout=2s
wait_until "not-ready taints removed (node-lifecycle-controller)" 60 kube-controller-manager \
  sh -c "[ -z \"\$('$KUBECTL' get nodes -o jsonpath='{.items[*].spec.taints}')\" ]"
wait_until "default ServiceAccount" 60 kube-controller-manager "$KUBECTL" -n default get serviceaccount default

trap - EXIT
log "cluster up ($K8S_VERSION): server https://127.0.0.1:$API_PORT, state in $STATE_DIR"
echo "export KUBECONFIG=$KUBECONFIG_FILE"
