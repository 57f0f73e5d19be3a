// Generated notify config files (a valid file cut, spliced and sprinkled with stray characters, and
// random data): the reader never throws and answers either a checked config or problems on real lines.
import { strict as assert } from 'assert';
import { CHANNEL_TYPES, PAGERDUTY_SEVERITIES, parseNotifyConfig, readNotifyConfig } from '../../../src/core/notify/config';
import { prng } from '../../support/random';

const VALID = `defaultChannel: ops
channels:
  pd:
    type: pagerduty
    url: https://events.pagerduty.invalid/v2/enqueue
    routingKeyFile: pd-key
    severity: warning
  ops:
    type: slack
    url: https://hooks.slack.invalid/services/T/B/x
    notifyVerified: false
  hook:
    type: webhook
    url: http://127.0.0.1:9/hook
`;
const STRAY = [':', '-', ' ', '\n', '  ', '"', "'", '{', '}', '[', ']', '&a', '*a', '!!str ', '#', '\t', '\u0000', 'é', 'type: webhook', 'url: x', '__proto__: 1', '? '];

function mutate(rand: () => number): string {
  let text = VALID;
  for (let edits = 1 + Math.floor(rand() * 4); edits > 0; edits--) {
    const at = Math.floor(rand() * (text.length + 1));
    const kind = rand();
    if (kind < 0.3) text = text.slice(0, at);
    else if (kind < 0.6) text = text.slice(0, at) + STRAY[Math.floor(rand() * STRAY.length)] + text.slice(at);
    else if (kind < 0.8) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rand() * 20)));
    else {
      const lines = text.split('\n');
      const i = Math.floor(rand() * lines.length);
      const j = Math.floor(rand() * lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      text = lines.join('\n');
    }
  }
  return text;
}

describe('notify config reader: generated input', () => {
  it('1,000 seeded mutations of a valid file: a checked config or problems on real lines, never a throw', () => {
    let accepted = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const text = mutate(prng(seed));
      const where = `seed ${seed}: ${JSON.stringify(text)}`;
      const parsed = parseNotifyConfig(text);
      if (parsed.ok) {
        accepted++;
        const names = Object.keys(parsed.config.channels);
        for (const c of Object.values(parsed.config.channels)) {
          assert.ok(CHANNEL_TYPES.includes(c.type), where);
          assert.ok(/^https?:$/.test(new URL(c.url).protocol), where);
          assert.equal(c.type === 'pagerduty', c.routingKeyFile !== undefined, where);
          assert.ok(c.severity === undefined || PAGERDUTY_SEVERITIES.includes(c.severity), where);
        }
        assert.ok(parsed.config.defaultChannel === undefined || names.includes(parsed.config.defaultChannel), where);
      } else {
        const lines = text.split('\n').length;
        assert.ok(parsed.problems.length > 0, where);
        for (const p of parsed.problems) assert.ok(p.line >= 1 && p.line <= lines && p.message.length > 0, `${where}: ${JSON.stringify(p)}`);
      }
    }
    assert.ok(accepted > 25 && accepted < 975, `${accepted} of 1000 accepted`);
  });

  it('random data straight into the reader never throws', () => {
    const values: unknown[] = [null, 0, 'x', [], {}, { channels: [] }, { channels: { a: null } }, { channels: { a: { type: 'slack', url: 5 } } },
      Object.create({ channels: { a: { type: 'webhook', url: 'https://x.invalid/' } } }), { channels: { ['__proto__']: { type: 'webhook', url: 'https://x.invalid/' } } }];
    for (const v of values) {
      const read = readNotifyConfig(v);
      assert.ok(read.ok ? typeof read.config.channels === 'object' : read.reasons.length > 0, JSON.stringify(v));
    }
    assert.equal(readNotifyConfig(values[8]).ok, false, 'inherited channels do not count');
  });
});
