// The schema and the engine agree on every numeric bound, and no number in the schema is unbounded.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseDuration } from '../../../src/core/runbook/durations';
import { lintRunbook } from '../../../src/core/runbook/lint';
import { parseRunbooks } from '../../../src/core/runbook/parse';
import { SEED, edit } from '../runbook/helpers';
import { GUARDRAIL_LIMITS, MINUTES_PER_YEAR, invalidLimit, type LimitName } from '../../../src/core/guardrails/limits';

type Schema = { type?: string | string[]; minimum?: number; maximum?: number; properties?: Record<string, Schema>; [k: string]: unknown };
const schema = JSON.parse(fs.readFileSync(path.join('schemas', 'remediation-runbook.schema.json'), 'utf8')) as { definitions: Record<string, Schema> };

function numericFields(node: unknown, at: string, out: [string, Schema][]): void {
  if (Array.isArray(node)) { node.forEach((n, i) => numericFields(n, `${at}[${i}]`, out)); return; }
  if (typeof node !== 'object' || node === null) return;
  const s = node as Schema;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes('integer') || types.includes('number')) out.push([at, s]);
  for (const [k, v] of Object.entries(s)) numericFields(v, `${at}.${k}`, out);
}

describe('numeric bounds: schema and engine', () => {
  it('every number in the runbook schema has a minimum and a maximum', () => {
    const fields: [string, Schema][] = [];
    numericFields(schema.definitions, 'definitions', fields);
    assert.ok(fields.length >= 15, `found only ${fields.length} numeric fields`);
    for (const [at, s] of fields) {
      assert.equal(typeof s.minimum, 'number', `${at} has no minimum`);
      assert.equal(typeof s.maximum, 'number', `${at} has no maximum`);
    }
  });

  it('the guardrail bounds in the schema are the ones the guardrails enforce', () => {
    const guardrails = schema.definitions.guardrails.properties!;
    for (const [name, limit] of Object.entries(GUARDRAIL_LIMITS)) {
      const [head, tail] = name.split('.');
      const field = tail ? guardrails[head].properties![tail] : guardrails[head];
      assert.ok(field, `${name} is not in the schema`);
      assert.deepEqual({ min: field.minimum, max: field.maximum }, { ...limit }, name);
    }
  });

  it('no duration is longer than a year', () => {
    for (const name of ['cooldownMinutes', 'circuitBreaker.windowMinutes'] as LimitName[]) assert.equal(GUARDRAIL_LIMITS[name].max, MINUTES_PER_YEAR);
    assert.equal(GUARDRAIL_LIMITS.maxStateAgeSeconds.max, MINUTES_PER_YEAR * 60);
  });

  it('refuses what is not a finite number within bounds, with the bounds in the message', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, 525_601, '10', null, undefined, 999999999999]) {
      assert.match(invalidLimit(bad, 'cooldownMinutes') ?? 'accepted', /from 0 to 525600/, String(bad));
    }
    assert.equal(invalidLimit(0, 'cooldownMinutes'), undefined);
    assert.equal(invalidLimit(525_600, 'cooldownMinutes'), undefined);
  });
});

describe('policy durations are bounded too', () => {
  it('accepts up to a year and refuses longer, with the limit in the message', () => {
    assert.deepEqual(parseDuration('8760h'), { ok: true, seconds: MINUTES_PER_YEAR * 60 });
    assert.deepEqual(parseDuration('1h30m'), { ok: true, seconds: 5400 });
    for (const long of ['8760h1s', '999999999999m', `${'9'.repeat(400)}s`]) {
      const r = parseDuration(long);
      assert.ok(!r.ok, long);
      assert.match(r.message, /at most a year/);
    }
  });
});

describe('lint: a floor of 0 on a pod action', () => {
  it('warns that a floor of 0 lets deletePod remove the last Ready replica, at the value', () => {
    const text = edit(SEED(), 'minimumReadyReplicasWithSameApp: 2', 'minimumReadyReplicasWithSameApp: 0');
    const rb = parseRunbooks(text).documents[0].runbook!;
    const diagnostics = lintRunbook(rb);
    const found = diagnostics.filter((d) => d.code === 'pod-action-without-replica-guard');
    assert.equal(found.length, 1, JSON.stringify(diagnostics));
    assert.equal(found[0].severity, 'warning');
    assert.match(found[0].message, /0 sets no floor/);
    assert.deepEqual(found[0].path, ['spec', 'guardrails', 'minimumReadyReplicasWithSameApp']);
  });
});
