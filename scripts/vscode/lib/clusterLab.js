'use strict';
// The seed lab for the cluster UI flow: finds an answering kubeconfig (REMEDIATOR_TEST_KUBECONFIG,
// KUBECONFIG, then <repo>/.cluster/kubeconfig), creates a namespace with web x2 and singleton x1
// (opted in), marks one web pod and the singleton pod for restart, and writes a runbook scoped to it.
const { execFileSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { REPO } = require('./env');

const OPT_IN = 'remediator.kubedojo.io/enabled';
const RESTART = 'remediator.kubedojo.io/restart';
const RUNBOOK_NAME = 'ui-replace-redundant-pod';

function kubectlBin() {
  const local = path.join(REPO, '.cluster', 'bin', 'kubectl');
  return fs.existsSync(local) ? local : 'kubectl';
}

function kubectl(kubeconfig, args, input) {
  return execFileSync(kubectlBin(), ['--kubeconfig', kubeconfig, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 120000 });
}

/** The first kubeconfig whose API server answers, or undefined. */
function findKubeconfig() {
  const candidates = [process.env.REMEDIATOR_TEST_KUBECONFIG, ...(process.env.KUBECONFIG || '').split(path.delimiter), path.join(REPO, '.cluster', 'kubeconfig')]
    .filter((f) => f && fs.existsSync(f));
  return candidates.find((file) => {
    try { kubectl(file, ['get', '--raw', '/version']); return true; } catch { return false; }
  });
}

function deployment(namespace, name, replicas) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name, [OPT_IN]: 'true' } },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }], terminationGracePeriodSeconds: 0 } },
    },
  };
}

/** The seed lab's runbook (test/vscode/fixtures/lab-runbook.yaml.tmpl, shared with the VS Code suite). */
function runbookYaml(namespace) {
  const template = fs.readFileSync(path.join(REPO, 'test', 'vscode', 'fixtures', 'lab-runbook.yaml.tmpl'), 'utf8');
  return template.replace(/\{\{NAME\}\}/g, RUNBOOK_NAME).replace(/\{\{DECISION_MODE\}\}/g, 'auto_execute').replace(/\{\{NAMESPACE\}\}/g, namespace);
}

/** Creates the lab; returns { kubeconfig, namespace, markedWebPod, remove() }. */
function seedUiLab(kubeconfig, workspace) {
  const namespace = `ui-lab-${crypto.randomBytes(3).toString('hex')}`;
  const list = { apiVersion: 'v1', kind: 'List', items: [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    deployment(namespace, 'web', 2), deployment(namespace, 'singleton', 1),
  ] };
  kubectl(kubeconfig, ['apply', '-f', '-'], JSON.stringify(list));
  kubectl(kubeconfig, ['-n', namespace, 'wait', '--for=condition=Available', '--timeout=90s', 'deployment/web', 'deployment/singleton']);
  const webPods = kubectl(kubeconfig, ['-n', namespace, 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}']).trim().split(/\s+/).sort();
  kubectl(kubeconfig, ['-n', namespace, 'label', 'pod', webPods[0], `${RESTART}=true`, '--overwrite']);
  kubectl(kubeconfig, ['-n', namespace, 'label', 'pod', '-l', 'app=singleton', `${RESTART}=true`, '--overwrite']);
  // The flow executes: keep its audit records out of the user's ~/.remediator/audit.jsonl.
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ 'remediator.auditFile': path.join(path.dirname(workspace), 'ui-audit.jsonl') }, null, 2));
  const runbookFile = path.join(workspace, 'runbooks', `${RUNBOOK_NAME}.yaml`);
  fs.mkdirSync(path.dirname(runbookFile), { recursive: true });
  fs.writeFileSync(runbookFile, runbookYaml(namespace));
  return {
    kubeconfig, namespace, markedWebPod: webPods[0], runbook: RUNBOOK_NAME,
    remove: () => { try { kubectl(kubeconfig, ['delete', 'namespace', namespace, '--wait=false']); } catch { /* best effort */ } },
  };
}

module.exports = { findKubeconfig, seedUiLab, kubectlBin };
