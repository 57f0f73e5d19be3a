// Names that hold newlines, ANSI escapes or bidirectional overrides must not fake table rows or lines,
// repaint the terminal or reorder what a reader sees: in the table, in every audit line, in Event notes,
// in validate's diagnostics, and in --json (which must stay JSON).
import { strict as assert } from 'assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LineAuditSink } from '../../../src/adapters/audit/stream';
import { eventNote } from '../../../src/adapters/k8s/events';
import type { AuditRecord } from '../../../src/core/model/audit';
import { cli } from '../../support/cli';
import { hostileText, prng } from '../text/random';

const RAW_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const RAW_UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The lab state with the marked web pod renamed to `name`. */
function stateWithPodName(dir: string, name: string): string {
  const state = JSON.parse(fs.readFileSync('test/fixtures/simulate/lab/state.json', 'utf8'));
  for (const item of state.items) if (item.metadata.name === 'web-5d8f9c7b6c-x8k2p') item.metadata.name = name;
  const file = path.join(dir, `state-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(state));
  return file;
}

describe('CLI output: control and bidi characters are escaped', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-escape-'));
  const simulate = (state: string, json = false) => cli(['simulate', '--runbook', 'runbooks/replace-redundant-pod.yaml', '--state', state, '--now', '2026-04-26T10:00:00Z', ...(json ? ['--json'] : [])]);

  it('a pod name cannot add a table row or a colour', async () => {
    const name = 'web-x\naiops-remediation-lab/pod/fake  auto_execute  all clear\x1b[32m\u202e';
    const r = await simulate(stateWithPodName(dir, name));
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, RAW_UNSAFE);
    const rows = r.stdout.split('\n\n')[0].split('\n');
    assert.equal(rows.length, 3, `header + two targets:\n${r.stdout}`);
    assert.ok(rows.some((row) => row.includes('web-x\\naiops-remediation-lab/pod/fake  auto_execute  all clear\\x1b[32m\\u202e')), r.stdout);
    assert.ok(!r.stdout.split('\n').some((line) => line.startsWith('aiops-remediation-lab/pod/fake')), 'no faked row');
  });

  it('--json stays JSON, with the same names, and carries no raw bidi or C1 character', async () => {
    const name = 'web-\u202eevil\u2066\u0085\x1b[0m';
    const r = await simulate(stateWithPodName(dir, name), true);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, RAW_UNSAFE);
    assert.match(r.stdout, /\\u202e/);
    const parsed = JSON.parse(r.stdout) as { decisions: { target: { name: string } }[] };
    assert.ok(parsed.decisions.some((d) => d.target.name === name));
  });

  it('generated names: every table line is one of the expected rows, nothing raw', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const name = `web-${hostileText(prng(seed), 16)}`;
      const r = await simulate(stateWithPodName(dir, name));
      assert.equal(r.code, 0, `seed ${seed}: ${r.stderr}`);
      assert.doesNotMatch(r.stdout, RAW_UNSAFE, `seed ${seed}`);
      assert.equal(r.stdout.split('\n\n')[0].split('\n').length, 3, `seed ${seed}:\n${r.stdout}`);
    }
  });

  it("validate's diagnostics cannot fake a diagnostic line", async () => {
    const runbook = fs.readFileSync('runbooks/replace-redundant-pod.yaml', 'utf8')
      .replace('spec:\n', 'spec:\n  "bad\\nrunbooks/x.yaml:1:1: info: all good [ok]\\e[2J\\u202e": 1\n');
    const file = path.join(dir, 'hostile.runbook.yaml');
    fs.writeFileSync(file, runbook);
    const r = await cli(['validate', file]);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, RAW_UNSAFE);
    for (const line of r.stdout.trim().split('\n')) assert.ok(line.startsWith(`${file}:`), `every line is a diagnostic of the file: ${line}`);
  });
});

describe('audit lines and Event notes are one safe line', () => {
  const record = (name: string, message: string): AuditRecord => ({
    id: 'a-1', time: '2026-04-26T10:00:00.000Z', runbook: 'replace-redundant-pod', outcome: 'error', mode: 'auto_execute', actor: 'me',
    target: { namespace: 'ns', kind: 'Pod', name }, incident: { id: 'i-1' }, message,
  } as unknown as AuditRecord);

  it('LineAuditSink (text and JSON)', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = prng(seed);
      const rec = record(hostileText(random), `${hostileText(random)} Authorization: Bearer abcdefghijklmnop`);
      let text = '';
      await new LineAuditSink((t) => { text += t; }).write(rec);
      assert.doesNotMatch(text.slice(0, -1), RAW_UNSAFE_OR_NEWLINE, `seed ${seed}`);
      assert.ok(!text.includes('abcdefghijklmnop'), `seed ${seed}`);
      let json = '';
      await new LineAuditSink((t) => { json += t; }, true).write(rec);
      assert.doesNotMatch(json.slice(0, -1), RAW_UNSAFE_OR_NEWLINE, `seed ${seed}`);
      assert.equal((JSON.parse(json) as AuditRecord).target.name, rec.target.name, `seed ${seed}`);
    }
  });

  it('eventNote', () => {
    const note = eventNote(record('web\n\x1b[2J', 'failed: token: abcdefghijkl\u202e'));
    assert.doesNotMatch(note, RAW_UNSAFE_OR_NEWLINE);
    assert.ok(!note.includes('abcdefghijkl'));
  });
});

describe('redaction leaves ordinary output alone', () => {
  it('export-job prints its manifests unchanged (automountServiceAccountToken is no credential)', async () => {
    const r = await cli(['export-job', '--runbook', 'runbooks/replace-redundant-pod.yaml']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /\[redacted\]/);
    assert.match(r.stdout, /automountServiceAccountToken: (true|false)/);
  });
});
