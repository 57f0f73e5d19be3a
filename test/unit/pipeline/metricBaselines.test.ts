// Baselines are each verification metric's value at decision time: shown in the dry run (plan rows), the
// approval payload and the audit record, and compared against when verifying, now and again later.
import { strict as assert } from 'assert';
import { readAuditRecord } from '../../../src/core/audit/shape';
import type { AuditRecord } from '../../../src/core/model/audit';
import type { VerificationMetric } from '../../../src/core/model/runbook';
import { mayExecute } from '../../../src/core/engine/plan';
import { recordMetricRows } from '../../../src/core/metrics/checkRows';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import { reverify, storedMetricChecks } from '../../../src/core/pipeline/reverify';
import { MetricsError } from '../../../src/core/ports';
import { LAB_NAMESPACE, LAB_WEB_POD, LAB_WEB_RS, labSnapshot, pod, runbook } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';
import { ScriptedMetricsReader, type ScriptedAnswer } from '../../support/memoryMetrics';

const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
const ERRORS = `sum(rate(errors{namespace="${LAB_NAMESPACE}",app="web"}[1m]))`;
const RATIO = `sum(rate(errors{app="web"}[1m])) / sum(rate(requests{app="web"}[1m]))`;
const METRIC: VerificationMetric = {
  name: 'error-ratio', query: 'sum(rate(errors{app="${APP}"}[1m])) / sum(rate(requests{app="${APP}"}[1m]))',
  successCondition: 'result < 0.01', failureCondition: 'result > baseline * 1.2',
  initialDelay: '0s', interval: '1s', count: 2, failureLimit: 0, inconclusiveLimit: 2, onNoData: 'inconclusive',
};
const checked = (o: Parameters<typeof runbook>[0] = {}) => runbook({
  ...o,
  guardrails: { metricPreconditions: [{ name: 'errors-present', query: 'sum(rate(errors{namespace="${NAMESPACE}",app="${APP}"}[1m]))', condition: 'result > 0.05' }], ...o.guardrails },
  spec: { verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 5, metrics: [METRIC] }, ...o.spec },
});

function setup(ratio: ScriptedAnswer) {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  cluster.onDelete = () => queueMicrotask(() => cluster.change((s) => { s.pods.push(pod('web-5d8f9c7b6c-new01', { app: 'web', owner: LAB_WEB_RS })); }));
  const audit = new MemoryState();
  const state = new MemoryState();
  const metrics = new ScriptedMetricsReader({ [ERRORS]: 0.2, [RATIO]: ratio });
  let n = 0;
  const deps: PipelineDeps = {
    reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state, audit: [audit],
    clock: { now: () => new Date() }, newId: () => `attempt-${++n}`, metrics, sleep: async () => undefined,
  };
  return { cluster, audit, state, metrics, deps };
}

function readBack(r: AuditRecord): AuditRecord {
  const read = readAuditRecord(JSON.parse(JSON.stringify(r)));
  assert.ok(read.ok, read.ok ? '' : read.reason);
  return read.record;
}

describe('verification baselines at decision time', () => {
  it('dry run: the plan shows every check with its value now and the baseline; the audit record keeps them', async () => {
    const { audit, deps } = setup(0.3);
    const r = await executePlan({ runbook: checked(), target: webPod, execute: false }, deps);
    assert.equal(r.outcome, 'dry_run');
    assert.deepEqual(r.plan.metricChecks?.map((c) => [c.kind, c.name, c.now?.kind === 'value' ? c.now.value : c.now, c.baseline, c.verdict]), [
      ['precondition', 'errors-present', 0.2, undefined, 'pass'],
      ['verification', 'error-ratio', 0.3, 0.3, undefined],
    ]);
    assert.equal(r.plan.metricChecks?.[1].query, RATIO);
    const rec = readBack(audit.records[0]);
    assert.deepEqual(rec.verification, { metrics: [{ name: 'error-ratio', status: 'not_run', baseline: 0.3, samples: [] }] });
  });

  it('approval payload carries the rows; a blocked decision records its baselines too', async () => {
    const { audit, deps } = setup(0.3);
    const approval = checked({ spec: { decisionMode: 'approval_required', verification: { checks: [], timeoutSeconds: 5, metrics: [METRIC] } } });
    const r = await executePlan({ runbook: approval, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'approval_pending');
    assert.deepEqual(r.plan.approval?.metricChecks, r.plan.metricChecks);
    assert.equal(r.plan.approval?.metricChecks?.[1].baseline, 0.3);
    assert.equal(readBack(audit.records[0]).verification?.metrics?.[0].status, 'not_run');
  });

  it('no data at decision time: no baseline number, the reading says why', async () => {
    const { deps } = setup({ kind: 'vector', samples: [{ labels: {}, value: Number.NaN, timestamp: 0 }] });
    const r = await executePlan({ runbook: checked(), target: webPod, execute: false }, deps);
    const row = r.plan.metricChecks![1];
    assert.equal(row.baseline, undefined);
    assert.deepEqual(row.now && { kind: row.now.kind }, { kind: 'no_data' });
  });

  it('execute: the baseline compared against is the one the re-decision showed (no extra query), rows end with samples', async () => {
    const { audit, metrics, deps } = setup((n) => (n <= 2 ? 0.3 : 0.001));
    const r = await executePlan({ runbook: checked(), target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verified', JSON.stringify(r.records.map((x) => x.message)));
    assert.equal(metrics.calls.filter((q) => q === RATIO).length, 2 + 2, 'two decisions, then two samples');
    const executed = audit.records.find((x) => x.outcome === 'executed')!;
    assert.equal(executed.verification?.metrics?.[0].baseline, 0.3);
    const row = r.metricRows?.find((x) => x.kind === 'verification');
    assert.equal(row?.status, 'verified');
    assert.equal(row?.baseline, 0.3);
    assert.deepEqual(row?.now, { kind: 'value', value: 0.001, query: RATIO });
    assert.deepEqual(row?.samples?.map((s) => s.verdict), ['success', 'success']);
  });
});

describe('verify --audit-id: metrics sampled again with the recorded baseline', () => {
  async function executed(): Promise<{ record: AuditRecord; cluster: MemoryCluster }> {
    const { audit, cluster, deps } = setup((n) => (n <= 2 ? 0.3 : 0.001));
    const r = await executePlan({ runbook: checked(), target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'verified');
    return { record: readBack(audit.records.find((x) => x.outcome === 'executed')!), cluster };
  }

  it('recovered since: verified, samples against the recorded baseline, readable rows', async () => {
    const { record, cluster } = await executed();
    assert.deepEqual(storedMetricChecks(record).checks.map((c) => [c.metric.initialDelay, c.query.ok && c.query.query, c.baseline]),
      [['0s', RATIO, { kind: 'value', value: 0.3, query: RATIO }]]);
    const metrics = new ScriptedMetricsReader({ [RATIO]: 0.002 });
    const again = await reverify(cluster, record, 'someone', () => new Date(), undefined, { metrics, sleep: async () => undefined });
    assert.equal(again.outcome, 'verified', again.message);
    assert.equal(again.verification?.status, 'verified');
    assert.equal(again.verification?.metrics?.[0].baseline, 0.3);
    assert.equal(metrics.calls.length, 2);
    assert.deepEqual(readBack(again), JSON.parse(JSON.stringify(again)));
    const rows = recordMetricRows(again, record);
    assert.deepEqual(rows.map((x) => [x.name, x.query, x.status, x.baseline, x.condition]),
      [['error-ratio', RATIO, 'verified', 0.3, 'result < 0.01; fails when result > baseline * 1.2']]);
  });

  it('errors back above the baseline: verification_failed; the metric is named', async () => {
    const { record, cluster } = await executed();
    const again = await reverify(cluster, record, 'someone', () => new Date(), undefined, { metrics: new ScriptedMetricsReader({ [RATIO]: 0.5 }), sleep: async () => undefined });
    assert.equal(again.outcome, 'verification_failed');
    assert.match(again.message!, /error-ratio failed: .*result > baseline \* 1\.2 holds/);
  });

  it('no Prometheus, or Prometheus down: an error (unobservable), never verified', async () => {
    const { record, cluster } = await executed();
    const none = await reverify(cluster, record, 'someone', () => new Date(), undefined, { sleep: async () => undefined });
    assert.equal(none.outcome, 'error');
    assert.match(none.message!, /no Prometheus is configured/);
    const down = new ScriptedMetricsReader({ [RATIO]: new MetricsError('Prometheus at http://127.0.0.1:9 is unreachable', 'unreachable') });
    const again = await reverify(cluster, record, 'someone', () => new Date(), undefined, { metrics: down, sleep: async () => undefined });
    assert.equal(again.outcome, 'error');
    assert.equal(again.verification?.status, 'unobservable');
  });

  it('a record that does not carry a metric\'s query cannot pass it', async () => {
    const { record, cluster } = await executed();
    const old = { ...record, verification: { ...record.verification!, metrics: [{ name: 'error-ratio', status: 'running' as const, baseline: 0.3, samples: [] }] } };
    const again = await reverify(cluster, old, 'someone', () => new Date());
    assert.equal(again.outcome, 'error');
    assert.match(again.message!, /error-ratio unobservable: the record does not carry the query/);
    assert.ok(readAuditRecord(JSON.parse(JSON.stringify(again))).ok);
  });
});

describe('a failed metric verification counts for the circuit breaker', () => {
  it('the next decision for the same app is blocked by the breaker and escalates', async () => {
    const { state, deps } = setup((n) => (n <= 2 ? 0.3 : 0.5));
    const first = await executePlan({ runbook: checked(), target: webPod, execute: true }, deps);
    assert.ok(first.records.some((x) => x.outcome === 'verification_failed'));
    assert.match(first.records.find((x) => x.outcome === 'verification_failed')!.message!, /escalate: open_incident_and_disable_runbook/);
    assert.ok(state.records.some((x) => x.outcome === 'verification_failed'));
    const peer = { namespace: LAB_NAMESPACE, kind: 'Pod', name: 'web-5d8f9c7b6c-new01' };
    const next = await executePlan({ runbook: checked(), target: peer, execute: false }, deps);
    const breaker = next.plan.verdicts.find((v) => v.guardrail === 'circuitBreaker');
    assert.equal(breaker?.status, 'fail', breaker?.reason);
    assert.ok(!mayExecute(next.plan.mode), next.plan.mode);
    assert.ok(next.plan.escalation.now, 'a human is asked');
  });
});
