import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../../support/cli';

const VALID = 'test/fixtures/runbooks/valid/seed-replace-redundant-pod.yaml';
const WRONG_ENUM = 'test/fixtures/runbooks/invalid/wrong-enum.yaml';
const POLICY = 'test/fixtures/runbooks/policy/seed-memory-leak.yaml';

describe('remediator validate', () => {
  it('prints nothing on stdout and exits 0 for a valid runbook', async () => {
    const { code, stdout, stderr } = await cli(['validate', VALID]);
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.equal(stderr, 'checked 1 file: 1 valid runbook, 0 errors, 0 warnings, 0 info\n');
  });

  it('prints file:line:col: severity: message [code] and exits 1 on errors', async () => {
    const { code, stdout } = await cli(['validate', VALID, WRONG_ENUM]);
    assert.equal(code, 1);
    assert.deepEqual(stdout.trim().split('\n'), [
      `${WRONG_ENUM}:8:9: error: risk must be one of low, medium, high; got "critical" [invalid-value]`,
      `${WRONG_ENUM}:37:11: error: rollback.type must be one of controller_recreates_pod, scale_to_previous_replicas, rollout_undo, manual, none; got "recreate" [invalid-value]`,
    ]);
  });

  it('exits 0 when there are only warnings', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-validate-'));
    const file = path.join(dir, 'high-risk.yaml');
    fs.writeFileSync(file, fs.readFileSync(VALID, 'utf8').replace('risk: "low"', 'risk: "high"'));
    const { code, stdout } = await cli(['validate', file]);
    assert.equal(code, 0);
    assert.match(stdout, /high-risk\.yaml:9:17: warning: a high-risk runbook should not auto_execute; .* \[auto-execute-high-risk\]\n$/);
  });

  it('prints a JSON array with --json', async () => {
    const { code, stdout } = await cli(['validate', '--json', WRONG_ENUM]);
    assert.equal(code, 1);
    const problems = JSON.parse(stdout) as { file: string; line: number; column: number; code: string; severity: string }[];
    assert.deepEqual(problems.map((p) => [p.file, p.line, p.column, p.severity, p.code]), [
      [WRONG_ENUM, 8, 9, 'error', 'invalid-value'], [WRONG_ENUM, 37, 11, 'error', 'invalid-value']]);
    assert.deepEqual(JSON.parse((await cli(['validate', '--json', VALID])).stdout), []);
  });

  it('names a missing file, exits 1 and still checks the others', async () => {
    const { code, stdout } = await cli(['validate', 'no/such/runbook.yaml', VALID]);
    assert.equal(code, 1);
    assert.equal(stdout, 'no/such/runbook.yaml:1:1: error: cannot read no/such/runbook.yaml: no such file [file-unreadable]\n');
  });

  it('explains a remediation_policy file with info diagnostics (exit 0)', async () => {
    const { code, stdout } = await cli(['validate', POLICY]);
    assert.equal(code, 0);
    assert.match(stdout, /seed-memory-leak\.yaml:2:1: info: this is a remediation_policy .*remediator convert FILE.* \[policy-shape\]/);
    assert.match(stdout, /:8:3: info: cooldown_after_action becomes spec\.guardrails\.cooldownMinutes .* \[policy-field\]/);
  });

  it('warns about a file with no runbook, and is a usage error without files', async () => {
    const { code, stdout } = await cli(['validate', 'package.json']);
    assert.equal(code, 0);
    assert.match(stdout, /^package\.json:1:1: warning: no RemediationRunbook in this file/);
    assert.equal((await cli(['validate'])).code, 2);
    assert.equal((await cli(['validate', '--bogus', VALID])).code, 2);
  });
});

describe('remediator convert', () => {
  it('prints the runbook YAML on stdout and the notes on stderr', async () => {
    const { code, stdout, stderr } = await cli(['convert', POLICY]);
    assert.equal(code, 0);
    assert.match(stdout, /^# Converted by "remediator convert"/);
    assert.match(stdout, /cooldownMinutes: 10 # from cooldown_after_action: "10m"/);
    assert.match(stderr, /^note: action: guessed "kubectl rollout restart"/);
    assert.match(stderr, /note: owner: FILL IN/);
  });

  it('writes -o OUT, which validate then rejects until the placeholders are filled', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-convert-')), 'runbook.yaml');
    const { code, stdout } = await cli(['convert', POLICY, '-o', out]);
    assert.equal(code, 0);
    assert.equal(stdout, '');
    const validated = await cli(['validate', out]);
    assert.equal(validated.code, 1);
    // owner, risk, scope.allowedNamespaces and the verification_window metric's query.
    assert.deepEqual(validated.stdout.trim().split('\n').map((line) => /\[([a-z-]+)\]$/.exec(line)?.[1]), ['wrong-type', 'invalid-value', 'wrong-type', 'wrong-type']);
    assert.match(validated.stdout, /verification\.metrics\[0\]\.query must be a string/);
  });

  it('fails on a file without a policy and on a missing file', async () => {
    const none = await cli(['convert', VALID]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no remediation_policy: mapping found to convert \[no-policy\]/);
    assert.equal((await cli(['convert', 'missing.yaml'])).code, 1);
    assert.equal((await cli(['convert'])).code, 2);
  });
});
