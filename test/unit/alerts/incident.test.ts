import { strict as assert } from 'assert';
import { incidentFromAlert, readAlertmanagerPayload, type Alert } from '../../../src/core/alerts';
import { FINGERPRINT, STARTS_AT, alert, body } from './payloads';

function typed(o: Parameters<typeof alert>[0]): Alert {
  const read = readAlertmanagerPayload(body([alert(o)]));
  if (!read.ok) throw new Error(JSON.stringify(read.reasons));
  return read.payload.alerts[0];
}

describe('incident from an alert', () => {
  it('takes id, symptom, cause, confidence and target from the alert', () => {
    assert.deepEqual(incidentFromAlert(typed({})), {
      incident: { id: `${FINGERPRINT}@${STARTS_AT}`, symptom: 'PodNotReady', probableCause: 'pod_process_hung', confidence: 0.9 },
      alertname: 'PodNotReady',
      target: { namespace: 'aiops-remediation-lab', kind: 'Pod', name: 'web-7d4b9-abcde' },
      namespace: 'aiops-remediation-lab',
      resolved: false,
      notes: [],
    });
  });

  it('the same firing sent again has the same id; a new firing (new startsAt) a new one', () => {
    assert.equal(incidentFromAlert(typed({})).incident.id, incidentFromAlert(typed({})).incident.id);
    assert.notEqual(incidentFromAlert(typed({})).incident.id, incidentFromAlert(typed({ startsAt: '2026-12-01T23:00:00Z' })).incident.id);
  });

  it('symptom: the symptom label wins over the alertname', () => {
    const a = typed({ labels: { alertname: 'PodNotReady', symptom: 'readiness_probe_failed' } });
    assert.equal(incidentFromAlert(a).incident.symptom, 'readiness_probe_failed');
  });

  it('probable cause: the label wins over the annotation; absent when neither has one', () => {
    const a = typed({ labels: { alertname: 'A', probable_cause: 'from_label' }, annotations: { probable_cause: 'from_annotation' } });
    assert.equal(incidentFromAlert(a).incident.probableCause, 'from_label');
    const none = incidentFromAlert(typed({ labels: { alertname: 'A' }, annotations: {} })).incident;
    assert.equal(Object.prototype.hasOwnProperty.call(none, 'probableCause'), false);
  });

  const confidences: [string, { labels?: Record<string, string>; annotations?: Record<string, string> }, number, number][] = [
    ['missing', {}, 0, 0],
    ['annotation', { annotations: { confidence: '0.85' } }, 0.85, 0],
    ['label', { labels: { alertname: 'A', confidence: '1' } }, 1, 0],
    ['annotation over label', { labels: { alertname: 'A', confidence: '0.2' }, annotations: { confidence: '0.7' } }, 0.7, 0],
    ['above 1', { annotations: { confidence: '1.5' } }, 0, 1],
    ['negative', { annotations: { confidence: '-0.5' } }, 0, 1],
    ['hex', { annotations: { confidence: '0x1' } }, 0, 1],
    ['exponent', { annotations: { confidence: '1e-1' } }, 0, 1],
    ['percent', { annotations: { confidence: '90%' } }, 0, 1],
    ['words', { annotations: { confidence: 'high' } }, 0, 1],
    ['NaN', { annotations: { confidence: 'NaN' } }, 0, 1],
    ['Infinity', { annotations: { confidence: 'Infinity' } }, 0, 1],
    ['empty (as good as none)', { annotations: { confidence: '' } }, 0, 0],
  ];
  for (const [name, o, expected, notes] of confidences) {
    it(`confidence, ${name}: ${expected}`, () => {
      const derived = incidentFromAlert(typed({ labels: o.labels ?? { alertname: 'A' }, annotations: o.annotations ?? {} }));
      assert.equal(derived.incident.confidence, expected);
      assert.equal(derived.notes.length, notes);
    });
  }

  it('target: pod, else deployment, else statefulset, always with the namespace label', () => {
    const of = (labels: Record<string, string>) => incidentFromAlert(typed({ labels: { alertname: 'A', ...labels } })).target;
    assert.deepEqual(of({ namespace: 'ns', pod: 'p', deployment: 'd' }), { namespace: 'ns', kind: 'Pod', name: 'p' });
    assert.deepEqual(of({ namespace: 'ns', deployment: 'd', statefulset: 's' }), { namespace: 'ns', kind: 'Deployment', name: 'd' });
    assert.deepEqual(of({ namespace: 'ns', statefulset: 's' }), { namespace: 'ns', kind: 'StatefulSet', name: 's' });
    assert.equal(of({ namespace: 'ns' }), undefined);
    assert.equal(of({ pod: 'p' }), undefined);
  });

  it('recognises a resolved alert', () => {
    assert.equal(incidentFromAlert(typed({ status: 'resolved', endsAt: '2026-12-01T22:49:00Z' })).resolved, true);
  });

  it('an alert with neither symptom nor alertname has an empty symptom and says why', () => {
    const derived = incidentFromAlert(typed({ labels: { namespace: 'ns' } }));
    assert.equal(derived.incident.symptom, '');
    assert.deepEqual(derived.notes, ['the alert has neither a symptom nor an alertname label']);
  });
});
