// The wiring an untrusted editor workspace gets, against the real API server: a dry run reads and
// server-side dry-runs but leaves no Event, no shared state and no Lease; execute and a label change are
// refused with a typed error and nothing changes. The trusted wiring, for contrast, leaves the Event.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRemediator } from '../../src/adapters/wiring';
import { isUntrustedWorkspaceError } from '../../src/adapters/k8s/readOnly';
import { REPORTING_CONTROLLER } from '../../src/adapters/k8s/events';
import { PATCH } from '../../src/adapters/k8s/http';
import { CONFIG_MAPS, EVENTS, LEASES, NAMESPACES, PODS, listAll, objectPath, type KubeObject } from '../../src/adapters/k8s/resources';
import { statusOf } from '../../src/adapters/k8s/errors';
import type { Pod } from '../../src/core/k8s/types';
import { executePlan } from '../../src/core/pipeline/execute';
import { parseRunbook } from '../../src/core/runbook';
import { deleteNamespace, useCluster } from './harness';
import { readyPods, seedLab } from './objects';
import { seedRunbook } from './e2e/support';

const INCIDENT = { id: 'INC-UNTRUSTED', symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.95 };

describe('cluster: untrusted workspace wiring', function () {
  this.timeout(120_000);
  const { cluster, namespace } = useCluster('untr');
  let dir: string;
  let stateNamespace: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-untrusted-'));
    stateNamespace = `${namespace()}-state`;
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    // Only the trusted contrast may have created it.
    await deleteNamespace(cluster().http, stateNamespace).catch(() => undefined);
  });

  const open = (trusted: boolean) => openRemediator({
    kubeconfig: cluster().kubeconfig, trusted, auditFile: path.join(dir, 'audit.jsonl'), stateNamespace,
  });
  const runbook = () => {
    const { runbook: rb, diagnostics } = parseRunbook(seedRunbook(namespace(), cluster().repoRoot));
    assert.ok(rb, JSON.stringify(diagnostics));
    return rb;
  };
  const remediatorEvents = async () => (await listAll<KubeObject & { reportingController?: string }>(cluster().http, EVENTS, namespace())).items
    .filter((e) => e.reportingController === REPORTING_CONTROLLER);
  const stateNamespaceExists = () => cluster().http.get(objectPath(NAMESPACES, undefined, stateNamespace))
    .then(() => true, (err: unknown) => (statusOf(err) === 404 ? false : Promise.reject(err)));

  it('a dry run reads and server-side dry-runs, audits locally, and writes nothing to the cluster', async () => {
    const ns = namespace();
    await seedLab(cluster().http, ns);
    const [pod] = await readyPods(cluster().http, ns, 'web');
    const r = open(false);
    const result = await executePlan({ runbook: runbook(), target: { namespace: ns, kind: 'Pod', name: pod.metadata.name }, incident: INCIDENT, execute: false }, r.deps);
    assert.equal(result.plan.mode, 'auto_execute', result.plan.modeReason);
    assert.equal(result.outcome, 'dry_run');
    assert.match(result.records.at(-1)?.message ?? '', /server-side dry run accepted: server dry run: deleted pod/);
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(await remediatorEvents(), [], 'no Event');
    assert.equal(await stateNamespaceExists(), false, 'no shared-state namespace, ConfigMap or Lease');
    assert.match(fs.readFileSync(r.auditFile, 'utf8'), /"outcome":"dry_run"/);
    const still = await cluster().http.get<Pod>(objectPath(PODS, ns, pod.metadata.name));
    assert.equal(still.metadata.uid, pod.metadata.uid);

    // The trusted wiring leaves the Event: the difference is the trust flag.
    await executePlan({ runbook: runbook(), target: { namespace: ns, kind: 'Pod', name: pod.metadata.name }, incident: INCIDENT, execute: false }, open(true).deps);
    assert.equal((await remediatorEvents()).length, 1);
  });

  it('execute and a label change are refused, typed; the pod, its labels, Leases and state are untouched', async () => {
    const ns = namespace();
    await seedLab(cluster().http, ns);
    const [pod] = await readyPods(cluster().http, ns, 'web');
    const r = open(false);
    const err = await executePlan({ runbook: runbook(), target: { namespace: ns, kind: 'Pod', name: pod.metadata.name }, incident: INCIDENT, execute: true }, r.deps)
      .then(() => undefined, (e: unknown) => e);
    assert.ok(isUntrustedWorkspaceError(err), String(err));
    assert.match((err as Error).message, /refused in an untrusted workspace/);
    const label = await r.adapters.connection.http.request('PATCH', objectPath(PODS, ns, pod.metadata.name), {
      body: { metadata: { labels: { 'remediator.kubedojo.io/restart': 'true' } } }, contentType: PATCH.merge,
    }).then(() => undefined, (e: unknown) => e);
    assert.ok(isUntrustedWorkspaceError(label), String(label));
    const real = await r.deps.writer.apply({ ...await planned(), target: { namespace: ns, kind: 'Pod', name: pod.metadata.name } }, { dryRun: false })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(isUntrustedWorkspaceError(real), String(real));

    const still = await cluster().http.get<Pod>(objectPath(PODS, ns, pod.metadata.name));
    assert.equal(still.metadata.uid, pod.metadata.uid);
    assert.ok(!still.metadata.deletionTimestamp, 'not deleted');
    assert.equal(still.metadata.labels?.['remediator.kubedojo.io/restart'], undefined, 'label unchanged');
    assert.deepEqual(await remediatorEvents(), []);
    assert.equal(await stateNamespaceExists(), false);
    // Leases and ConfigMaps could only be in the state namespace, which was never created.
    for (const type of [LEASES, CONFIG_MAPS]) {
      const listed = await listAll<KubeObject>(cluster().http, type, stateNamespace).catch(() => ({ items: [] }));
      assert.deepEqual(listed.items, []);
    }

    async function planned() {
      const dry = await executePlan({ runbook: runbook(), target: { namespace: ns, kind: 'Pod', name: pod.metadata.name }, incident: INCIDENT, execute: false }, r.deps);
      return dry.plan.action;
    }
  });
});
