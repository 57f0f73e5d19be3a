'use strict';
// Namespace churn for the UI flow (REMEDIATOR_UI_CHURN=1): while the flow runs, batches of namespaces are
// created and deleted again on the test cluster, as on a long-lived cluster where other suites' namespaces
// come and go. The workloads tree must stay usable meanwhile (rows expand and keep their children).
// Every namespace it creates carries a label, and stop() deletes whatever is left.
const { execFile } = require('child_process');
const crypto = require('crypto');
const { kubectlBin } = require('./clusterLab');

const LABEL = 'remediator.kubedojo.io/ui-churn';

function kubectl(kubeconfig, args, input) {
  return new Promise((resolve, reject) => {
    const child = execFile(kubectlBin(), ['--kubeconfig', kubeconfig, ...args], { timeout: 60000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    if (input !== undefined) child.stdin.end(input);
  });
}

/**
 * Starts creating `batch` namespaces, then deleting them without waiting, over and over until stop().
 * Returns { stop(): Promise<{ created }> }.
 */
function startNamespaceChurn(kubeconfig, { batch = 4, log = () => {} } = {}) {
  const run = crypto.randomBytes(3).toString('hex');
  let stopped = false;
  let created = 0;
  const loop = (async () => {
    for (let round = 0; !stopped; round++) {
      const names = Array.from({ length: batch }, (_, i) => `ui-churn-${run}-${round}-${i}`);
      const list = { apiVersion: 'v1', kind: 'List', items: names.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [LABEL]: run } } })) };
      try {
        await kubectl(kubeconfig, ['create', '-f', '-'], JSON.stringify(list));
        created += names.length;
        await kubectl(kubeconfig, ['delete', 'namespace', '--wait=false', ...names]);
      } catch (err) {
        log(`namespace churn: ${String(err.message || err).split('\n')[0]}`);
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await kubectl(kubeconfig, ['delete', 'namespace', '--wait=false', '-l', `${LABEL}=${run}`]).catch(() => undefined);
      return { created };
    },
  };
}

module.exports = { startNamespaceChurn };
