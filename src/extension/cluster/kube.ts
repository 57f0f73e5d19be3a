// @kubernetes/client-node takes a large share of the extension's load time, and most sessions never
// touch a cluster: the Kubernetes adapters are required on first use (the view is shown, a command runs),
// not when the extension activates. esbuild keeps a require()d module's evaluation lazy.
import type * as Informers from '../../adapters/k8s/informer';
import type * as Kubeconfig from '../../adapters/k8s/kubeconfig';
import type * as NamespaceCaches from '../../adapters/k8s/namespaceCache';
import type * as Wiring from '../../adapters/wiring';

/* eslint-disable @typescript-eslint/no-require-imports -- deliberate lazy loading, see above */
export const wiring = (): typeof Wiring => require('../../adapters/wiring');
export const kubeconfig = (): typeof Kubeconfig => require('../../adapters/k8s/kubeconfig');
export const informers = (): typeof Informers => require('../../adapters/k8s/informer');
export const namespaceCaches = (): typeof NamespaceCaches => require('../../adapters/k8s/namespaceCache');
