// Wrapper pinning the helm CLI (tests install charts and roll releases back with it).
module remediator.local/cluster/helm

go 1.26.0

require helm.sh/helm/v3 v3.22.0

tool helm.sh/helm/v3/cmd/helm
