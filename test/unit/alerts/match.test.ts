import { strict as assert } from 'assert';
import { runbooksForAlert } from '../../../src/core/alerts';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { runbook } from '../../support/model';
import { SEED, edit } from '../runbook/helpers';

const triggersAt = '    minimumConfidence: 0.8\n';

describe('runbooks matched by alerts', () => {
  const critical = runbook({ name: 'critical-only', spec: { ...runbook().spec, triggers: { ...runbook().spec.triggers, alerts: [{ alertname: 'PodNotReady', matchers: { severity: 'critical' } }] } } });
  const any = runbook({ name: 'any-severity', spec: { ...runbook().spec, triggers: { ...runbook().spec.triggers, alerts: [{ alertname: 'KubePodCrashLooping' }, { alertname: 'PodNotReady' }] } } });
  const none = runbook({ name: 'no-alert-triggers' });

  const cases: [string, Record<string, string>, string[]][] = [
    ['alertname and matcher', { alertname: 'PodNotReady', severity: 'critical' }, ['critical-only', 'any-severity']],
    ['matcher value differs', { alertname: 'PodNotReady', severity: 'warning' }, ['any-severity']],
    ['matcher label missing', { alertname: 'PodNotReady' }, ['any-severity']],
    ['second trigger of a runbook', { alertname: 'KubePodCrashLooping' }, ['any-severity']],
    ['unknown alertname', { alertname: 'Other', severity: 'critical' }, []],
    ['no alertname', { severity: 'critical' }, []],
    ['alertname differs only in case', { alertname: 'podnotready', severity: 'critical' }, []],
  ];
  for (const [name, labels, expected] of cases) {
    it(name, () => {
      assert.deepEqual(runbooksForAlert([critical, any, none], { labels }).map((r) => r.metadata.name), expected);
    });
  }

  it('a label named like an Object.prototype member matches only as an own label', () => {
    const rb = runbook({ spec: { ...runbook().spec, triggers: { ...runbook().spec.triggers, alerts: [{ alertname: 'A', matchers: { constructor: 'x' } }] } } });
    assert.deepEqual(runbooksForAlert([rb], { labels: { alertname: 'A' } }), []);
    assert.equal(runbooksForAlert([rb], { labels: { alertname: 'A', constructor: 'x' } }).length, 1);
  });
});

describe('runbook triggers.alerts in YAML', () => {
  it('parses into the typed runbook', () => {
    const text = edit(SEED(), triggersAt, `${triggersAt}    alerts:\n      - alertname: PodNotReady\n        matchers:\n          severity: critical\n`);
    const { runbook: rb, diagnostics } = parseRunbook(text);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(rb?.spec.triggers.alerts, [{ alertname: 'PodNotReady', matchers: { severity: 'critical' } }]);
  });

  const invalid: [string, string][] = [
    ['no alertname', '    alerts:\n      - matchers: { severity: critical }\n'],
    ['empty alertname', '    alerts:\n      - alertname: ""\n'],
    ['matcher value not a string', '    alerts:\n      - alertname: A\n        matchers: { severity: 3 }\n'],
    ['unknown field', '    alerts:\n      - alertname: A\n        match_re: { severity: ".*" }\n'],
  ];
  for (const [name, yaml] of invalid) {
    it(`refuses ${name}, located under triggers.alerts`, () => {
      const { runbook: rb, diagnostics } = parseRunbook(edit(SEED(), triggersAt, `${triggersAt}${yaml}`));
      assert.equal(rb, undefined);
      assert.ok(diagnostics.some((d) => d.severity === 'error' && (d.path ?? []).join('.').startsWith('spec.triggers.alerts')), JSON.stringify(diagnostics));
    });
  }
});
