// Entry of dist/k8s.js: the Kubernetes adapters (and @kubernetes/client-node) and the Prometheus reader in a bundle of their own,
// so loading the extension does not even parse them; kube.ts requires it on first cluster use.
export * as wiring from '../../adapters/wiring';
export * as kubeconfig from '../../adapters/k8s/kubeconfig';
export * as informers from '../../adapters/k8s/informer';
export * as namespaceCaches from '../../adapters/k8s/namespaceCache';
export * as prometheus from '../../adapters/prometheus/reader';
export * as helmCurrentRevisions from '../../adapters/helm/currentRevisions';
export * as resources from '../../adapters/k8s/resources';
