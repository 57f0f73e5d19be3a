import { strict as assert } from 'assert';
import { describeReasons, parseAlertmanagerBody, readAlertmanagerPayload } from '../../../src/core/alerts';
import { MAX_REASONS } from '../../../src/core/alerts/jsonRead';
import { FINGERPRINT, NO_END, STARTS_AT, alert, body } from './payloads';

function reasonsOf(value: unknown): string[] {
  const read = readAlertmanagerPayload(value);
  assert.equal(read.ok, false);
  return read.ok ? [] : read.reasons.map((r) => `${r.path} ${r.message}`);
}

describe('Alertmanager payload reader', () => {
  it('reads a version 4 body into the typed payload, every field', () => {
    const read = readAlertmanagerPayload(body());
    assert.ok(read.ok);
    assert.deepEqual(read.payload, {
      version: '4', groupKey: '{}:{alertname="PodNotReady"}', truncatedAlerts: 0, status: 'firing', receiver: 'remediator',
      groupLabels: { alertname: 'PodNotReady' }, commonLabels: { alertname: 'PodNotReady', namespace: 'aiops-remediation-lab' },
      commonAnnotations: {}, externalURL: 'http://alertmanager.invalid:9093',
      alerts: [{
        status: 'firing',
        labels: { alertname: 'PodNotReady', namespace: 'aiops-remediation-lab', pod: 'web-7d4b9-abcde', severity: 'critical' },
        annotations: { summary: 'web-7d4b9-abcde is not Ready', confidence: '0.9', probable_cause: 'pod_process_hung' },
        startsAt: STARTS_AT, endsAt: NO_END,
        generatorURL: 'http://prometheus.invalid/graph?g0.expr=kube_pod_status_ready%7Bcondition%3D%22false%22%7D',
        fingerprint: FINGERPRINT,
      }],
    });
  });

  it('ignores fields it does not know (Alertmanager may add some)', () => {
    const read = readAlertmanagerPayload({ ...body([{ ...alert(), silencedBy: [] }]), newField: true });
    assert.ok(read.ok);
  });

  it('names every wrong field by its JSON path, never its value', () => {
    const b = body([alert({ startsAt: 'yesterday', fingerprint: 'not-hex!' }), alert({ status: 'pending' }), 7]);
    b.version = '3';
    b.truncatedAlerts = -1;
    b.commonLabels = { 'app.kubernetes.io/name': 5 };
    assert.deepEqual(reasonsOf(b), [
      '$.version must be one of 4',
      '$.truncatedAlerts must be a whole number, 0 or more',
      '$.commonLabels["app.kubernetes.io/name"] must be a string',
      '$.alerts[0].fingerprint must be 1 to 64 hexadecimal digits',
      '$.alerts[0].startsAt must be an RFC 3339 time',
      '$.alerts[1].status must be one of firing, resolved',
      '$.alerts[2] must be an object',
    ]);
  });

  it('reports missing fields as required', () => {
    const b = body([{ status: 'firing' }]);
    delete b.receiver;
    assert.deepEqual(reasonsOf(b), [
      '$.receiver is required',
      '$.alerts[0].fingerprint is required',
      '$.alerts[0].labels is required',
      '$.alerts[0].startsAt is required',
      '$.alerts[0].endsAt is required',
    ]);
  });

  it('looks at own properties only: inherited fields do not count', () => {
    const inherited = Object.create(body());
    assert.deepEqual(reasonsOf(inherited).slice(0, 2), ['$.version is required', '$.groupKey is required']);
  });

  it('keeps a __proto__ label as a plain label and never touches the prototype', () => {
    const text = JSON.stringify(body()).replace('"severity":"critical"', '"severity":"critical","__proto__":"x"');
    const read = parseAlertmanagerBody(text);
    assert.ok(read.ok);
    const labels = read.payload.alerts[0].labels;
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
    assert.equal(Object.prototype.hasOwnProperty.call(labels, '__proto__'), true);
  });

  it('says malformed JSON in one reason at $', () => {
    const read = parseAlertmanagerBody('{"version": "4",');
    assert.deepEqual(read, { ok: false, reasons: [{ path: '$', message: 'is not valid JSON' }] });
  });

  it('caps the reasons for a body with very many wrong alerts', () => {
    const read = readAlertmanagerPayload(body(Array.from({ length: 500 }, () => alert({ status: 'x' }))));
    assert.ok(!read.ok);
    assert.equal(read.reasons.length, MAX_REASONS + 1);
    assert.equal(describeReasons(read.reasons.slice(-1)), '$ 480 more problems are not shown');
  });

  it('reads a resolved group', () => {
    const read = readAlertmanagerPayload(body([alert({ status: 'resolved', endsAt: '2026-12-01T22:49:00Z' })], 'resolved'));
    assert.ok(read.ok);
    assert.equal(read.payload.status, 'resolved');
    assert.equal(read.payload.alerts[0].status, 'resolved');
  });
});
