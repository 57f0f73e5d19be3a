import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../../support/cli';

describe('validate --notify-config: escalation names are channels', () => {
  it('warns at the line of each escalation name that is no channel, listing the known ones; exit 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-notify-'));
    try {
      const notify = path.join(dir, 'notify.yaml');
      fs.writeFileSync(notify, 'channels:\n  pagerduty-p1:\n    type: webhook\n    url: http://127.0.0.1:9/hook\n');
      const runbook = path.join(dir, 'rb.yaml');
      const text = fs.readFileSync('runbooks/replace-redundant-pod.yaml', 'utf8');
      fs.writeFileSync(runbook, text);
      const r = await cli(['validate', runbook, '--notify-config', notify]);
      assert.equal(r.code, 0, r.stderr);
      const lines = text.split('\n');
      const guardLine = lines.findIndex((l) => /onGuardrailFailure:/.test(l)) + 1;
      assert.match(r.stdout, new RegExp(`rb\\.yaml:${guardLine}:\\d+: warning: escalation\\.onGuardrailFailure names \\S+, which is not a channel of the notify config \\(known: pagerduty-p1\\) \\[escalation-channel\\]`));
      assert.match(r.stdout, /escalation\.onVerificationFailure names/);
      const bad = await cli(['validate', runbook, '--notify-config', path.join(dir, 'missing.yaml')]);
      assert.equal(bad.code, 1);
      assert.doesNotMatch(bad.stderr, /\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
