# shellcheck shell=bash
# Pinned versions of the local test cluster. Sourced by the scripts in this folder.
# Changing a version changes the cache key, so the next build.sh builds into a new folder.
# Keep modules/k8s/go.mod (require + every replace) in step with K8S_VERSION.
K8S_VERSION=v1.36.4    # newest 1.36 patch the proxy serves that also verifies against sum.golang.org (v1.36.5 does not)
ETCD_VERSION=v3.6.16   # newest etcd 3.6 patch (Kubernetes 1.36 ships the 3.6 client)
KWOK_VERSION=v0.8.0    # newest sigs.k8s.io/kwok; needs Go >= 1.26
HELM_VERSION=v3.22.0   # helm.sh/helm/v3 CLI for the Helm rollback tests; cached apart from the control plane
