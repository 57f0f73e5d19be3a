// @kubernetes/client-node takes a large share of the extension's load time, and most sessions never
// touch a cluster: the Kubernetes adapters live in their own bundle (dist/k8s.js, built from
// k8sBundle.ts) and are required on first use (the view is shown, a command runs), not at activation.
import type * as Bundle from './k8sBundle';

let loaded: typeof Bundle | undefined;

function bundle(): typeof Bundle {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy loading, see above
  loaded ??= require('./k8s.js') as typeof Bundle;
  return loaded;
}

export const wiring = () => bundle().wiring;
export const kubeconfig = () => bundle().kubeconfig;
export const informers = () => bundle().informers;
export const namespaceCaches = () => bundle().namespaceCaches;
export const prometheus = () => bundle().prometheus;
export const helmCurrentRevisions = () => bundle().helmCurrentRevisions;
export const resources = () => bundle().resources;
