// Hover on duration and timeout fields: the value in seconds with the engine's bounds, found from the
// cursor's key path in a runbook's text (the same path logic as the editor's hover provider).
import { strict as assert } from 'assert';
import { durationHover, scalarValue, spelled } from '../../../src/extension/language/durationHover';
import { SEQUENCE_ITEM, keyAt, lineShape, type PathSegment } from '../../../src/extension/language/yamlPath';
import { seededRandom } from '../../support/seeded';

const TEXT = `apiVersion: remediations.kubedojo.io/v1
kind: RemediationRunbook
spec:
  guardrails:
    cooldownMinutes: 10
    maxStateAgeSeconds: 999999999
    circuitBreaker:
      windowMinutes: 60
    maxExecutionsPerHour: 3
  verification:
    timeoutSeconds: 300   # five minutes
    metrics:
      - name: error-ratio
        initialDelay: "1h30m"
        interval: 15s
      - name: bad
        interval: 15
`.split('\n');

function hoverOn(key: string, nth = 0): string | undefined {
  const lines = TEXT.map((l, i) => [l, i] as const).filter(([l]) => l.trimStart().replace(/^- /, '').startsWith(`${key}:`));
  const [line, index] = lines[nth];
  const at = keyAt(TEXT, index, line.indexOf(key) + 1);
  assert.ok(at, key);
  return durationHover(at.path, lineShape(line)?.rest);
}

describe('duration hover', () => {
  it('metric durations: seconds, spelled out, and the bounds; a bare number is explained', () => {
    assert.equal(hoverOn('initialDelay'), 'Duration: `1h30m` = **5,400 s** (1h 30m). Bounds: at most a year (31,536,000 s); a bare number has no unit and is refused.');
    assert.match(hoverOn('interval')!, /^Duration: `15s` = \*\*15 s\*\* \(15s\)\./);
    assert.match(hoverOn('interval', 1)!, /^Duration: 15 has no unit; write it as 15s or 15m\. Bounds:/);
  });

  it('guardrail windows: minutes and seconds with the limits of src/core/guardrails/limits.ts', () => {
    assert.equal(hoverOn('cooldownMinutes'), '`10` min = **600 s** (10m). Bounds: 0–525,600 min (0s to a year).');
    assert.equal(hoverOn('windowMinutes'), '`60` min = **3,600 s** (1h). Bounds: 1–525,600 min (1m to a year).');
    assert.match(hoverOn('maxStateAgeSeconds')!, /^`999999999` s = \*\*999,999,999 s\*\* .*outside the bounds.*Bounds: 1–31,536,000 s/);
    assert.equal(hoverOn('maxExecutionsPerHour'), undefined, 'not a duration');
  });

  it('verification timeout: spelled out with the schema bounds (the comment is not the value)', () => {
    assert.equal(hoverOn('timeoutSeconds'), '`300` s = **5m**. Bounds: 1–3,600 s (1s to 1h).');
  });

  it('scalar values: quotes and comments; spelled durations', () => {
    assert.equal(scalarValue('"30s" # x'), '30s');
    assert.equal(scalarValue("'1h'"), '1h');
    assert.equal(scalarValue('# only a comment'), undefined);
    assert.equal(scalarValue(''), undefined);
    assert.deepEqual([0, 59, 60, 61, 3600, 3661, 86400].map(spelled), ['0s', '59s', '1m', '1m 1s', '1h', '1h 1m 1s', '24h']);
  });

  it('generated values never throw and always name the bounds', () => {
    const random = seededRandom(4);
    const parts = ['1', '0', '9', 'h', 'm', 's', '"', "'", '#', ' ', '-', '.', 'e', '9999999999'];
    for (let i = 0; i < 500; i++) {
      let rest = '';
      for (let n = Math.floor(random() * 8); n > 0; n--) rest += parts[Math.floor(random() * parts.length)];
      const paths: PathSegment[][] = [['spec', 'verification', 'metrics', SEQUENCE_ITEM, 'interval'], ['spec', 'guardrails', 'cooldownMinutes'], ['spec', 'verification', 'timeoutSeconds']];
      for (const path of paths) {
        const text = durationHover(path, rest);
        assert.ok(text && /[Bb]ounds/.test(text), `${JSON.stringify(rest)} at ${path.join('.')}: ${text}`);
      }
    }
  });
});
