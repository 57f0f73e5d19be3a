// Alertmanager's API v2 alert list, read into the webhook's Alert shape: good entries are kept, odd ones
// skipped with located reasons, and nothing in the answer (prototype keys, wrong types) throws.
import { strict as assert } from 'assert';
import { parseActiveAlerts, readActiveAlerts } from '../../../src/core/alerts/activeAlerts';
import { hostileLabelValue, seededRandom } from '../../support/seeded';

const good = {
  labels: { alertname: 'KubePodCrashLooping', namespace: 'shop', pod: 'web-1' }, annotations: { confidence: '0.9' },
  startsAt: '2026-12-01T22:41:07.123456789Z', endsAt: '2026-12-01T22:46:07.123Z', updatedAt: '2026-12-01T22:41:07Z',
  fingerprint: '3e5d0a4c1b2f6a7d', receivers: [{ name: 'serve' }], status: { state: 'active', silencedBy: [], inhibitedBy: [] }, generatorURL: 'http://p/graph',
};

describe('Alertmanager API v2 alert list', () => {
  it('reads an active alert as a firing Alert, keeping labels and times verbatim', () => {
    const read = readActiveAlerts([good]);
    assert.ok(read.ok);
    assert.deepEqual(read.alerts, [{ status: 'firing', labels: good.labels, annotations: good.annotations, startsAt: good.startsAt, endsAt: good.endsAt, generatorURL: good.generatorURL, fingerprint: good.fingerprint }]);
    assert.equal(read.skipped, 0);
  });

  it('skips odd entries with located reasons; not a list or not JSON is the one failure', () => {
    const read = readActiveAlerts([good, 7, { ...good, fingerprint: 'not hex' }, { ...good, labels: { a: 1 } }]);
    assert.ok(read.ok);
    assert.equal(read.alerts.length, 1);
    assert.equal(read.skipped, 3);
    assert.deepEqual(read.reasons.map((r) => r.path), ['$[1]', '$[2].fingerprint', '$[3].labels.a']);
    assert.deepEqual(parseActiveAlerts('{"alerts":[]}'), { ok: false, reasons: [{ path: '$', message: 'must be a list of alerts' }] });
    assert.deepEqual(parseActiveAlerts('[{'), { ok: false, reasons: [{ path: '$', message: 'is not valid JSON' }] });
  });

  it('a __proto__ label is a plain own entry', () => {
    const read = parseActiveAlerts(`[${JSON.stringify({ ...good, labels: {} }).replace('"labels":{}', '"labels":{"__proto__":"x","alertname":"A"}')}]`);
    assert.ok(read.ok);
    assert.equal(Object.getPrototypeOf(read.alerts[0].labels), Object.prototype);
    assert.deepEqual(Object.keys(read.alerts[0].labels), ['__proto__', 'alertname']);
  });

  it('generated hostile answers never throw; every kept alert has string labels and a hex fingerprint', () => {
    const next = seededRandom(0xa1e2);
    const values = [() => hostileLabelValue(next), () => 1, () => null, () => [], () => ({}), () => good.startsAt, () => '3e5d'];
    for (let round = 0; round < 300; round++) {
      const list = Array.from({ length: Math.floor(next() * 5) }, () => {
        const entry: Record<string, unknown> = { ...good };
        for (const key of ['labels', 'annotations', 'startsAt', 'endsAt', 'fingerprint', 'generatorURL']) {
          if (next() < 0.2) entry[key] = values[Math.floor(next() * values.length)]();
          else if (next() < 0.1) delete entry[key];
        }
        if (next() < 0.3) entry.labels = { [hostileLabelValue(next)]: hostileLabelValue(next) };
        return entry;
      });
      const read = parseActiveAlerts(JSON.stringify(list));
      assert.ok(read.ok);
      assert.equal(read.alerts.length + read.skipped, list.length);
      for (const a of read.alerts) {
        assert.match(a.fingerprint, /^[0-9a-fA-F]{1,64}$/);
        assert.ok(Object.values(a.labels).every((v) => typeof v === 'string'));
      }
    }
  });
});
