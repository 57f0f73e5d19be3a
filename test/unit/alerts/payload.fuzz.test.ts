// Generated hostile bodies through the one reader: it never throws, and always answers either a typed
// payload (which reads back the same and yields incidents) or located reasons.
import { strict as assert } from 'assert';
import { incidentFromAlert, parseAlertmanagerBody, readAlertmanagerPayload, type PayloadRead } from '../../../src/core/alerts';
import { MAX_REASONS } from '../../../src/core/alerts/jsonRead';
import { prng } from '../../support/random';
import { alert, body } from './payloads';

type Rand = () => number;
const KEYS = ['version', 'groupKey', 'truncatedAlerts', 'status', 'receiver', 'groupLabels', 'commonLabels', 'commonAnnotations',
  'externalURL', 'alerts', 'labels', 'annotations', 'startsAt', 'endsAt', 'generatorURL', 'fingerprint', 'alertname', 'confidence',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'é中🙂', 'a.b', 'x"y'];

function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function randomValue(rand: Rand, depth = 0): unknown {
  const kind = Math.floor(rand() * (depth > 3 ? 6 : 9));
  switch (kind) {
    case 0: return null;
    case 1: return rand() < 0.5;
    case 2: return pick(rand, [0, -1, 1.5, 1e308, -0, 4, 2 ** 53, 0.9]);
    case 3: return pick(rand, ['', '4', 'firing', 'resolved', '2026-12-01T00:00:00Z', '0001-01-01T00:00:00Z', 'abc123', '\u0000', '\u202e', 'x'.repeat(300)]);
    case 4: return pick(rand, ['0.5', '1', 'NaN', '-1', '1e3', ' 0.7 ', 'deadbeef']);
    case 5: return undefined;
    case 6: return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i--) Object.defineProperty(o, pick(rand, KEYS), { value: randomValue(rand, depth + 1), enumerable: true, configurable: true, writable: true });
      return o;
    }
  }
}

/** A valid body with a few random edits anywhere in its tree (replace, delete, add a key). */
function mutated(rand: Rand): unknown {
  const alerts = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => alert());
  const root: unknown = JSON.parse(JSON.stringify(body(alerts)));
  for (let edits = Math.floor(rand() * 4); edits > 0; edits--) {
    let node = root;
    for (let depth = 0; depth < 4; depth++) {
      if (typeof node !== 'object' || node === null) break;
      const keys = Object.keys(node);
      if (keys.length === 0 || rand() < 0.3) break;
      const key = pick(rand, keys);
      const child: unknown = Reflect.get(node, key);
      if (typeof child !== 'object' || child === null || rand() < 0.4) {
        const action = rand();
        if (action < 0.4) Reflect.deleteProperty(node, key);
        else if (action < 0.8) Reflect.set(node, key, randomValue(rand));
        else Object.defineProperty(node, pick(rand, KEYS), { value: randomValue(rand), enumerable: true, configurable: true, writable: true });
        break;
      }
      node = child;
    }
  }
  return root;
}

function checkAnswer(read: PayloadRead, where: string): void {
  if (read.ok) {
    // A typed payload survives a round trip through JSON unchanged and yields an incident per alert.
    assert.deepEqual(readAlertmanagerPayload(JSON.parse(JSON.stringify(read.payload))), read, where);
    for (const a of read.payload.alerts) {
      const derived = incidentFromAlert(a);
      assert.ok(derived.incident.confidence >= 0 && derived.incident.confidence <= 1, where);
      assert.equal(typeof derived.incident.id, 'string', where);
    }
    return;
  }
  assert.ok(read.reasons.length >= 1 && read.reasons.length <= MAX_REASONS + 1, where);
  for (const r of read.reasons) {
    assert.ok(r.path.startsWith('$'), `${where}: ${r.path}`);
    assert.equal(typeof r.message, 'string', where);
  }
}

describe('Alertmanager payload reader: generated input', () => {
  it('2,000 seeded mutations of valid bodies: typed payload or located reasons, never a throw', () => {
    let ok = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const rand = prng(seed);
      const value = mutated(rand);
      const where = `seed ${seed}`;
      checkAnswer(readAlertmanagerPayload(value), where);
      checkAnswer(parseAlertmanagerBody(JSON.stringify(value) ?? 'undefined'), where);
      if (readAlertmanagerPayload(value).ok) ok++;
    }
    // The generator must exercise both answers, or it tests nothing.
    assert.ok(ok > 100 && ok < 1900, `${ok} of 2000 were accepted`);
  });

  it('2,000 seeded random values and texts, including cut-short bodies', () => {
    const valid = JSON.stringify(body());
    for (let seed = 1; seed <= 2000; seed++) {
      const rand = prng(seed);
      checkAnswer(readAlertmanagerPayload(randomValue(rand)), `seed ${seed}`);
      checkAnswer(parseAlertmanagerBody(valid.slice(0, Math.floor(rand() * valid.length))), `seed ${seed} (cut)`);
    }
  });

  it('deep nesting and huge lists do not throw', () => {
    let deep: unknown = {};
    for (let i = 0; i < 10000; i++) deep = { alerts: [deep] };
    checkAnswer(readAlertmanagerPayload(deep), 'deep');
    checkAnswer(readAlertmanagerPayload(body(Array.from({ length: 20000 }, () => alert()))), 'many');
  });
});
