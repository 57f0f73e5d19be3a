import { strict as assert } from 'assert';
import { alertSteps, readAlertmanagerPayload } from '../../../src/core/alerts';
import { runbook } from '../../support/model';
import { alert, body } from './payloads';

describe('alert intake steps', () => {
  const answering = runbook({ spec: { ...runbook().spec, triggers: { ...runbook().spec.triggers, alerts: [{ alertname: 'PodNotReady' }] } } });

  it('decide, manual (no runbook, no target) and resolve, one step per alert in order', () => {
    const read = readAlertmanagerPayload(body([
      alert(),
      alert({ labels: { alertname: 'DiskFull', namespace: 'ns', pod: 'p' }, fingerprint: 'aa' }),
      alert({ labels: { alertname: 'PodNotReady', namespace: 'ns' }, fingerprint: 'bb' }),
      alert({ status: 'resolved', endsAt: '2026-12-01T22:49:00Z', fingerprint: 'cc' }),
    ]));
    assert.ok(read.ok);
    const steps = alertSteps(read.payload, [answering]);
    assert.deepEqual(steps.map((s) => [s.kind, s.kind === 'manual' ? s.why : s.kind === 'decide' ? s.runbooks.map((r) => r.metadata.name).join() : '']), [
      ['decide', 'replace-redundant-pod'],
      ['manual', 'no runbook answers alert DiskFull'],
      ['manual', 'the alert names no target (labels namespace and pod, deployment or statefulset)'],
      ['resolve', ''],
    ]);
    assert.equal(steps[3].derived.incident.id.startsWith('cc@'), true);
  });
});
