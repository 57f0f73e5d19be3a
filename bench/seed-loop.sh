#!/usr/bin/env bash
# The seed's scan loop, as the baseline for `remediator scan` (dry run: it decides but deletes nothing):
# per labeled pod, one kubectl call for its app label and one to count Ready pods with that label.
# Usage: seed-loop.sh KUBECTL KUBECONFIG NAMESPACE...
set -eu
KUBECTL=$1 KC=$2; shift 2
for ns in "$@"; do
  pods="$("$KUBECTL" --kubeconfig "$KC" get pods -n "$ns" -l remediator.kubedojo.io/restart=true -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')"
  [ -n "$pods" ] || continue
  echo "$pods" | while read -r pod_name; do
    app_label="$("$KUBECTL" --kubeconfig "$KC" get pod "$pod_name" -n "$ns" -o jsonpath='{.metadata.labels.app}')"
    ready_count="$("$KUBECTL" --kubeconfig "$KC" get pods -n "$ns" -l app="$app_label" -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.containerStatuses[0].ready}{"\n"}{end}' | awk '$2 == "true" {count++} END {print count + 0}')"
    if [ "$ready_count" -lt 2 ]; then echo "skip $pod_name"; else echo "would delete $pod_name"; fi
  done
done
