import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inspect } from 'util';
import { parseNotifyConfig } from '../../../src/core/notify/config';
import { NotifyConfigError, loadNotifyConfig } from '../../../src/adapters/notify/config';

const VALID = `defaultChannel: ops-slack
channels:
  pagerduty-p1:
    type: pagerduty
    url: https://events.pagerduty.invalid/v2/enqueue
    routingKeyFile: pd-key
    severity: error
  ops-slack:
    type: slack
    url: https://hooks.slack.invalid/services/T/B/secret
    notifyVerified: true
  audit-hook:
    type: webhook
    url: http://127.0.0.1:9/hook
`;

function problems(text: string): string[] {
  const parsed = parseNotifyConfig(text);
  assert.equal(parsed.ok, false);
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.line}: ${p.message}`);
}

describe('notify config: reader', () => {
  it('reads channels, defaults left to the loader', () => {
    const parsed = parseNotifyConfig(VALID);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.config, {
      defaultChannel: 'ops-slack',
      channels: {
        'pagerduty-p1': { type: 'pagerduty', url: 'https://events.pagerduty.invalid/v2/enqueue', routingKeyFile: 'pd-key', severity: 'error' },
        'ops-slack': { type: 'slack', url: 'https://hooks.slack.invalid/services/T/B/secret', notifyVerified: true },
        'audit-hook': { type: 'webhook', url: 'http://127.0.0.1:9/hook' },
      },
    });
  });

  it('reads JSON too', () => {
    assert.ok(parseNotifyConfig(JSON.stringify({ channels: { hook: { type: 'webhook', url: 'https://x.invalid/' } } })).ok);
  });

  // [what, text replaced, replacement, problems]
  const broken: [string, string, string, string[]][] = [
    ['a wrong type', 'type: pagerduty', 'type: opsgenie', ['4: channels.pagerduty-p1.type must be one of pagerduty, slack, webhook']],
    ['a wrong severity', 'severity: error', 'severity: sev1', ['7: channels.pagerduty-p1.severity must be one of critical, error, warning, info']],
    ['a missing routing key file', '    routingKeyFile: pd-key\n', '', ['3: channels.pagerduty-p1.routingKeyFile is required for a pagerduty channel']],
    ['a routing key on slack', '    notifyVerified: true\n', '    notifyVerified: true\n    routingKeyFile: k\n', ['12: channels.ops-slack.routingKeyFile is only for pagerduty channels']],
    ['a URL that is not http', 'url: http://127.0.0.1:9/hook', 'url: file:///etc/passwd', ['14: channels.audit-hook.url must be an http or https URL']],
    ['an unknown field', 'notifyVerified: true', 'notifyVerifed: true', ['11: channels.ops-slack.notifyVerifed is not a known field (known: type, url, routingKeyFile, severity, notifyVerified)']],
    ['a default naming no channel', 'defaultChannel: ops-slack', 'defaultChannel: nobody', ['1: defaultChannel must name one of the channels (pagerduty-p1, ops-slack, audit-hook)']],
    ['notifyVerified not a boolean', 'notifyVerified: true', 'notifyVerified: "yes"', ['11: channels.ops-slack.notifyVerified must be true or false']],
    ['a repeated key', '    notifyVerified: true\n', '    url: https://hooks.slack.invalid/again\n', ['11: this key is repeated in the same mapping']],
    ['a bad channel name', '  audit-hook:', '  "audit hook":', ['12: channels.audit hook is not a channel name (letters, digits, _ . -, at most 128)']],
  ];
  for (const [name, from, to, expected] of broken) {
    it(`says where: ${name}`, () => {
      assert.ok(VALID.includes(from));
      assert.deepEqual(problems(VALID.replace(from, to)), expected);
    });
  }

  it('never echoes a URL it refuses (a webhook URL is a secret)', () => {
    const found = problems(VALID.replace('url: http://127.0.0.1:9/hook', 'url: "not a url token-abc123"'));
    assert.ok(found.every((p) => !p.includes('token-abc123')), found.join('\n'));
  });

  it('a file that is not a mapping, or has no channels', () => {
    assert.deepEqual(problems('- a\n- b\n'), ['1: the file must be an object']);
    assert.deepEqual(problems('defaultChannel: x\n'), ['1: channels is required', '1: defaultChannel must name one of the channels (none)']);
  });
});

describe('notify config: loader', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notify-config-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the routing key from its file (relative to the config) and never shows it', () => {
    fs.writeFileSync(path.join(dir, 'pd-key'), 'R0UT1NGKEY0123456789abcdef012345\n');
    fs.writeFileSync(path.join(dir, 'notify.yaml'), VALID);
    const loaded = loadNotifyConfig(path.join(dir, 'notify.yaml'));
    const pd = loaded.channels.get('pagerduty-p1');
    assert.equal(pd?.routingKey?.reveal(), 'R0UT1NGKEY0123456789abcdef012345');
    assert.equal(pd?.severity, 'error');
    assert.equal(loaded.channels.get('ops-slack')?.severity, 'critical');
    assert.equal(loaded.defaultChannel, 'ops-slack');
    const slack = loaded.channels.get('ops-slack');
    assert.equal(slack?.url.reveal(), 'https://hooks.slack.invalid/services/T/B/secret');
    for (const shown of [JSON.stringify(pd), inspect(pd, { depth: 5 }), String(pd?.routingKey), `${pd?.routingKey}`, JSON.stringify(slack), inspect(slack)]) {
      assert.ok(!shown.includes('R0UT1NGKEY') && !shown.includes('/services/'), shown);
    }
  });

  it('errors say file:line, and name a missing key file without reading anything out', () => {
    const file = path.join(dir, 'notify.yaml');
    fs.writeFileSync(file, VALID.replace('severity: error', 'severity: sev1'));
    assert.throws(() => loadNotifyConfig(file), (err: unknown) => err instanceof NotifyConfigError && err.message === `${file}:7: channels.pagerduty-p1.severity must be one of critical, error, warning, info`);
    fs.writeFileSync(file, VALID);
    assert.throws(() => loadNotifyConfig(file), (err: unknown) => err instanceof NotifyConfigError && err.message === `${path.join(dir, 'pd-key')}: cannot read the routing key file of channel pagerduty-p1 (ENOENT)`);
    fs.writeFileSync(path.join(dir, 'pd-key'), '  \n');
    assert.throws(() => loadNotifyConfig(file), /the routing key file of channel pagerduty-p1 is empty/);
    assert.throws(() => loadNotifyConfig(path.join(dir, 'missing.yaml')), /missing\.yaml: cannot read the notify config \(ENOENT\)/);
  });
});
