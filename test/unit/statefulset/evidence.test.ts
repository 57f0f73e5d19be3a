// StatefulSet targets for the read-only evidence action and for metric query templates: collectEvidence
// takes `NS/statefulset/NAME` (or one of its pods) and asks only for StatefulSet permissions; its writer
// gathers the StatefulSet's own pods; ${STATEFULSET} and ${WORKLOAD} name the StatefulSet in queries as
// ${DEPLOYMENT} (and ${WORKLOAD}) name a Deployment.
import { strict as assert } from 'assert';
import { collectEvidence } from '../../../src/adapters/k8s/evidence';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import { decisionContext, decideTarget } from '../../../src/core/engine/decide';
import { permissionLabel } from '../../../src/core/engine/permissions';
import type { Plan } from '../../../src/core/engine/plan';
import { parseTargetRef } from '../../../src/core/engine/targets';
import type { ClusterSnapshot, Pod, StatefulSet } from '../../../src/core/k8s/types';
import { preconditionQueries, templateValues } from '../../../src/core/metrics/readings';
import { substitute } from '../../../src/core/metrics/template';
import type { Runbook } from '../../../src/core/model/runbook';
import { incident, LAB_NAMESPACE, LAB_NOW, pod, runbook, statefulSet, statefulSetOwner } from '../../support/k8s';
import { hostileLabelValue, seededRandom } from '../../support/seeded';
import { withStatefulSet } from '../../support/statefulSets';

const NS = LAB_NAMESPACE;

function decide(rb: Runbook, snap: ClusterSnapshot, target: string): Plan {
  const ref = parseTargetRef(target);
  assert.ok(ref, target);
  return decideTarget(decisionContext({ runbook: rb, snapshot: snap, now: LAB_NOW }), ref, incident());
}

const evidenceRunbook = (o: Parameters<typeof runbook>[0] = {}) => runbook({
  ...o, spec: { action: { type: 'collectEvidence' }, actionCommand: undefined, rollback: { type: 'none' }, verification: { checks: ['available_replicas_equal_desired_replicas'], timeoutSeconds: 60 }, ...o.spec },
});

describe('collectEvidence on a StatefulSet', () => {
  it('takes NS/statefulset/NAME: read-only, worded for the StatefulSet, StatefulSet permissions only', () => {
    const plan = decide(evidenceRunbook(), withStatefulSet('db', 3), `${NS}/statefulset/db`);
    assert.equal(plan.verdicts.find((v) => v.guardrail === 'targetExists')?.status, 'pass', plan.modeReason);
    assert.deepEqual(plan.target, { namespace: NS, kind: 'StatefulSet', name: 'db' });
    assert.equal(plan.action.mutating, false);
    assert.match(plan.action.description, /^collect pods, events and rollout history for StatefulSet db in /);
    const asked = plan.action.permissions.map(permissionLabel);
    assert.ok(asked.includes(`get statefulsets.apps in ${NS}`), asked.join(', '));
    assert.ok(!asked.includes(`get deployments.apps in ${NS}`), asked.join(', '));
  });

  it('named through one of its pods, it collects for the StatefulSet', () => {
    const plan = decide(evidenceRunbook(), withStatefulSet('db', 3), `${NS}/pod/db-1`);
    assert.deepEqual(plan.target, { namespace: NS, kind: 'StatefulSet', name: 'db' });
  });

  it('a Deployment target still asks for Deployment permissions only', () => {
    const plan = decide(evidenceRunbook(), withStatefulSet('db', 3), `${NS}/deployment/web`);
    const asked = plan.action.permissions.map(permissionLabel);
    assert.ok(asked.includes(`get deployments.apps in ${NS}`) && !asked.includes(`get statefulsets.apps in ${NS}`), asked.join(', '));
  });
});

/** Enough of an API server for the evidence writer: a StatefulSet, pods by label selector, and Events. */
function scriptedApi(sts: StatefulSet, pods: Pod[], events: object[]): { http: KubeHttp; paths: string[] } {
  const paths: string[] = [];
  const http = {
    server: 'https://127.0.0.1:6443',
    get: (path: string) => {
      paths.push(path);
      if (path.endsWith(`/statefulsets/${sts.metadata.name}`)) return Promise.resolve(sts);
      return Promise.reject(new Error(`unexpected GET ${path}`));
    },
    getText: (path: string, query: Record<string, unknown>) => {
      paths.push(path);
      if (path.endsWith('/pods')) {
        const [key, value] = String(query.labelSelector).split('=');
        return Promise.resolve(JSON.stringify({ metadata: {}, items: pods.filter((p) => p.metadata.labels?.[key] === value) }));
      }
      if (path.endsWith('/events')) return Promise.resolve(JSON.stringify({ metadata: {}, items: events }));
      return Promise.reject(new Error(`unexpected list ${path}`));
    },
  };
  return { http: http as unknown as KubeHttp, paths };
}

describe('collectEvidence writer on a StatefulSet', () => {
  it('gathers the pods the StatefulSet controls (not another workload\'s with the same labels) and their Events', async () => {
    const sts = statefulSet('db', { replicas: 2 });
    const own = [pod('db-0', { app: 'db', owner: statefulSetOwner('db') }), pod('db-1', { app: 'db', owner: statefulSetOwner('db'), ready: false })];
    const stranger = pod('db-migrate', { app: 'db' });
    const events = [
      { metadata: { name: 'e1', creationTimestamp: '2026-01-01T00:00:01Z' }, regarding: { kind: 'Pod', name: 'db-1' }, type: 'Warning', reason: 'Unhealthy', note: 'Readiness probe failed' },
      { metadata: { name: 'e2', creationTimestamp: '2026-01-01T00:00:02Z' }, regarding: { kind: 'StatefulSet', name: 'db' }, type: 'Normal', reason: 'SuccessfulCreate' },
      { metadata: { name: 'e3', creationTimestamp: '2026-01-01T00:00:03Z' }, regarding: { kind: 'Pod', name: 'db-migrate' }, type: 'Normal', reason: 'Pulled' },
    ];
    const { http, paths } = scriptedApi(sts, [...own, stranger], events);
    const result = await collectEvidence(http, { namespace: NS, kind: 'StatefulSet', name: 'db' });
    assert.ok(paths.some((p) => p.endsWith('/apis/apps/v1/namespaces/' + NS + '/statefulsets/db')), paths.join(' '));
    assert.deepEqual(result.details.pods.map((p) => [p.name, p.ready]), [['db-0', true], ['db-1', false]]);
    assert.deepEqual(result.details.events.map((e) => e.object), ['StatefulSet/db', 'Pod/db-1']);
    assert.match(result.summary, /^collected evidence for statefulset .*\/db: 1\/2 pods ready, 2 recent events \(1 warnings\)$/);
  });
});

describe('query templates for StatefulSet targets', () => {
  const QUERY = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",statefulset="${STATEFULSET}",workload="${WORKLOAD}"}[5m]))';

  it('a StatefulSet, or a pod of one: ${STATEFULSET} and ${WORKLOAD} are its name; ${DEPLOYMENT} has none', () => {
    assert.deepEqual(templateValues({ target: { namespace: 'n', kind: 'StatefulSet', name: 'db' }, app: 'db' }), { NAMESPACE: 'n', APP: 'db', STATEFULSET: 'db', WORKLOAD: 'db' });
    assert.deepEqual(templateValues({ target: { namespace: 'n', kind: 'Pod', name: 'db-1' }, workload: { namespace: 'n', kind: 'StatefulSet', name: 'db' } }),
      { NAMESPACE: 'n', STATEFULSET: 'db', WORKLOAD: 'db', POD_NAME: 'db-1' });
    assert.deepEqual(templateValues({ target: { namespace: 'n', kind: 'Pod', name: 'web-1' }, workload: { namespace: 'n', kind: 'Deployment', name: 'web' } }),
      { NAMESPACE: 'n', DEPLOYMENT: 'web', WORKLOAD: 'web', POD_NAME: 'web-1' });
    const missing = substitute('up{deployment="${DEPLOYMENT}"}', templateValues({ target: { namespace: 'n', kind: 'StatefulSet', name: 'db' } }));
    assert.ok(!missing.ok && /\$\{DEPLOYMENT\} has no value for this target/.test(missing.problem.message));
  });

  it('a decided StatefulSet pod plan fills ${STATEFULSET} and ${WORKLOAD} in its precondition queries', () => {
    const rb = runbook({ guardrails: { metricPreconditions: [{ name: 'errors', query: QUERY, condition: 'result < 5' }] } });
    const plan = decide(rb, withStatefulSet('db', 3), `${NS}/pod/db-1`);
    assert.deepEqual(plan.workload, { namespace: NS, kind: 'StatefulSet', name: 'db' });
    const [q] = preconditionQueries(rb, plan);
    assert.ok(q.ok, JSON.stringify(q));
    assert.equal(q.query, `sum(rate(http_requests_total{namespace="${NS}",statefulset="db",workload="db"}[5m]))`);
  });

  it('generated hostile StatefulSet names stay inside their label values', () => {
    const random = seededRandom(912);
    for (let i = 0; i < 300; i++) {
      const name = hostileLabelValue(random);
      const s = substitute(QUERY, templateValues({ target: { namespace: 'n', kind: 'StatefulSet', name } }));
      assert.ok(s.ok, `case ${i}`);
      // Each value is escaped: un-escaping the two label values gives the name back exactly.
      const values = [...s.query.matchAll(/(statefulset|workload)="((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[2].replace(/\\x([0-9a-f]{2})/g, '\\u00$1')}"`) as string);
      assert.deepEqual(values, [name, name], `case ${i}: ${s.query}`);
    }
  });
});
