// Malformed saved states and incidents through the CLI: exit 1 with one "file:line:col: message" line at
// the offending field, never "internal error" with a stack (exit 3).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli } from '../../support/cli';

type Json = Record<string, unknown>;
const LAB = 'test/fixtures/simulate/lab/state.json';
const RUNBOOK = 'runbooks/replace-redundant-pod.yaml';
const lab = (): Json => JSON.parse(fs.readFileSync(LAB, 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-hostile-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string) => { const p = path.join(tmp, name); fs.writeFileSync(p, text); return p; };

/** The one line the CLI printed, and the text of the file line it names. */
async function refused(args: string[], file: string) {
  const r = await cli(args);
  assert.equal(r.code, 1, `exit 1, got ${r.code}: ${r.stderr}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  const m = new RegExp(`^remediator [\\w-]+: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+): (.+)$`).exec(lines[0]);
  assert.ok(m, lines[0]);
  const text = fs.readFileSync(file, 'utf8').split('\n')[Number(m[1]) - 1];
  return { message: m[3], line: text };
}

function stateWith(name: string, change: (items: Json[]) => void): string {
  const doc = lab();
  change(doc.items as Json[]);
  return write(name, JSON.stringify(doc, null, 2));
}

const meta = (item: Json) => item.metadata as Json;
const status = (item: Json) => item.status as Json;

const STATE_CASES: [string, (items: Json[]) => void, RegExp, RegExp][] = [
  ['ownerReferences as a string', (i) => { meta(i[0]).ownerReferences = 'web'; }, /ownerReferences must be a list/, /"ownerReferences": "web"/],
  ['ownerReferences [null]', (i) => { meta(i[0]).ownerReferences = [null]; }, /ownerReferences\[0\] must be a mapping, not null/, /null/],
  ['conditions as a mapping', (i) => { status(i[1]).conditions = {}; }, /status\.conditions must be a list/, /"conditions": \{\}/],
  ['conditions [null]', (i) => { status(i[1]).conditions = [null]; }, /status\.conditions\[0\] must be a mapping/, /null/],
  ['labels as a string', (i) => { meta(i[2]).labels = 'app=singleton'; }, /metadata\.labels must be a mapping/, /"labels": "app=singleton"/],
  ['annotations with a number value', (i) => { meta(i[2]).annotations = { a: 1 }; }, /metadata\.annotations\.a must be a string/, /"a": 1/],
  ['replicas as a string', (i) => { (i[3].spec as Json).replicas = '2'; }, /spec\.replicas must be a whole number/, /"replicas": "2"/],
  ['readyReplicas as a string', (i) => { status(i[5]).readyReplicas = '2'; }, /status\.readyReplicas must be a whole number/, /"readyReplicas": "2"/],
  ['containerStatuses [null]', (i) => { status(i[0]).containerStatuses = [null]; }, /containerStatuses\[0\] must be a mapping/, /null/],
  ['containerStatuses as a string', (i) => { status(i[0]).containerStatuses = 'ok'; }, /containerStatuses must be a list/, /"containerStatuses": "ok"/],
];

describe('remediator simulate: malformed saved states are located input errors', () => {
  for (const [name, change, message, line] of STATE_CASES) {
    it(name, async () => {
      const file = stateWith(`${name.replace(/\W+/g, '-')}.json`, change);
      const r = await refused(['simulate', '--runbook', RUNBOOK, '--state', file], file);
      assert.match(r.message, message);
      assert.match(r.line, line);
    });
  }

  it('a name with a newline cannot forge a second message line', async () => {
    const file = stateWith('newline-name.json', (i) => {
      meta(i[0]).name = 'evil\nremediator simulate: forged.json:1:1: fine';
      meta(i[0]).ownerReferences = 'x';
    });
    const r = await refused(['simulate', '--runbook', RUNBOOK, '--state', file], file);
    assert.match(r.message, /^Pod aiops-remediation-lab\/"evil\\nremediator simulate: forged\.json:1:1: fine": metadata\.ownerReferences must be a list/);
  });

  it('kind "constructor" (a prototype name) is an unknown kind, ignored; the rest decides', async () => {
    const file = stateWith('constructor.json', (i) => { i[0].kind = 'constructor'; i[1].kind = '__proto__'; i.push({ kind: 'hasOwnProperty' }); });
    const r = await cli(['simulate', '--runbook', RUNBOOK, '--state', file, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotThrow(() => JSON.parse(r.stdout));
  });

  it('2 MB of JSON nesting is refused at the level past the limit (no locator re-parse)', async () => {
    const file = write('deep.json', `{"kind": "List",\n "items": [${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}]}`);
    const r = await refused(['simulate', '--runbook', RUNBOOK, '--state', file], file);
    assert.match(r.message, /^the JSON nests deeper than 100 levels here; refused$/);
  });

  it('a YAML state with an unresolved alias', async () => {
    const file = write('alias.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - *nope\n');
    const r = await refused(['simulate', '--runbook', RUNBOOK, '--state', file], file);
    assert.match(r.message, /alias \*nope has no anchor/);
    assert.match(r.line, /\*nope/);
  });

  it('a YAML state with an alias bomb', async () => {
    const lines = ['kind: List', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const file = write('bomb.yaml', `${lines.join('\n')}\nitems: *a9\n`);
    const r = await refused(['simulate', '--runbook', RUNBOOK, '--state', file], file);
    assert.match(r.message, /alias bomb/);
  });
});

describe('remediator simulate/dry-run: malformed incidents are located input errors', () => {
  const base = ['simulate', '--runbook', RUNBOOK, '--state', LAB];
  const INCIDENTS: [string, string, RegExp][] = [
    ['an unresolved alias', 'id: x\nsymptom: *nope\nconfidence: 0.9\n', /alias \*nope has no anchor/],
    ['an alias bomb', `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `b${i}: &b${i} [${Array(10).fill(i === 0 ? '*a' : `*b${i - 1}`).join(', ')}]`).join('\n')}\nid: *b7\n`, /alias bomb/],
    ['two documents', 'id: x\nsymptom: OOMKilled\nconfidence: 0.9\n---\nid: y\n', /second YAML document/],
    ['a duplicate key', 'id: x\nsymptom: OOMKilled\nconfidence: 0.9\nconfidence: 0.1\n', /duplicate key "confidence"/],
    ['confidence as a string', '{"id": "x", "symptom": "OOMKilled", "confidence": "0.9"}', /incident confidence must be a number/],
    ['a list', '[1, 2]', /an incident is a mapping/],
    ['deep nesting', `{"id": ${'['.repeat(500)}${']'.repeat(500)}}`, /nests deeper than/],
  ];
  for (const [name, text, message] of INCIDENTS) {
    it(name, async () => {
      const file = write(`incident-${name.replace(/\W+/g, '-')}.yaml`, text);
      const r = await refused([...base, '--incident', file], file);
      assert.match(r.message, message);
    });
  }

  it('dry-run reads --incident the same way, before any cluster is needed', async () => {
    const file = write('incident-dry.yaml', 'id: x\nsymptom: *nope\nconfidence: 0.9\n');
    const r = await refused(['dry-run', '--runbook', RUNBOOK, '--target', 'aiops-remediation-lab/pod/web', '--incident', file], file);
    assert.match(r.message, /alias \*nope/);
  });
});

describe('remediator: verbs are looked up without the prototype', () => {
  for (const verb of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    it(`"${verb}" is an unknown command (exit 2)`, async () => {
      const r = await cli([verb]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /unknown command/);
    });
  }
});
