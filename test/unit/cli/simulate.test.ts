import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, repoPath } from '../../support/cli';

interface Expectation {
  target: string;
  mode: string;
  verdicts?: Record<string, string>;
  action?: Record<string, unknown>;
  approval?: boolean;
}
interface Case { name: string; runbook: string; dir: string; target?: string; now: string; expect: Expectation[] }

const cases: Case[] = JSON.parse(fs.readFileSync(repoPath('test/fixtures/simulate/cases.json'), 'utf8'));

function argsFor(c: Case): string[] {
  const dir = path.join('test/fixtures/simulate', c.dir);
  const args = ['simulate', '--runbook', c.runbook, '--state', path.join(dir, 'state.json'), '--now', c.now, '--json'];
  if (fs.existsSync(repoPath(dir, 'incident.json'))) args.push('--incident', path.join(dir, 'incident.json'));
  if (fs.existsSync(repoPath(dir, 'history.jsonl'))) args.push('--history', path.join(dir, 'history.jsonl'));
  if (c.target) args.push('--target', c.target);
  return args;
}

describe('remediator simulate: fixtures (one per sample runbook)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const r = await cli(argsFor(c));
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { decisions: { target: { namespace: string; kind: string; name: string }; mode: string; verdicts: { guardrail: string; status: string; reason: string }[]; action: Record<string, unknown>; sentence: string; approval?: unknown }[] };
      assert.equal(out.decisions.length, c.expect.length);
      c.expect.forEach((want, i) => {
        const got = out.decisions[i];
        assert.equal(`${got.target.namespace}/${got.target.kind}/${got.target.name}`, want.target);
        assert.equal(got.mode, want.mode, JSON.stringify(got.verdicts.filter((v) => v.status !== 'pass' && v.status !== 'skip')));
        for (const [guardrail, status] of Object.entries(want.verdicts ?? {})) {
          assert.equal(got.verdicts.find((v) => v.guardrail === guardrail)?.status, status, `${guardrail}`);
        }
        for (const [k, v] of Object.entries(want.action ?? {})) assert.deepEqual(got.action[k], v, `action.${k}`);
        assert.equal(Boolean(got.approval), Boolean(want.approval));
        assert.match(got.sentence, /^When symptom /);
        for (const v of got.verdicts) assert.ok(v.reason.length > 0, `${v.guardrail} has a reason`);
      });
    });
  }

  it('prints a readable table without --json', async () => {
    const c = cases[0];
    const r = await cli(argsFor(c).filter((a) => a !== '--json'));
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^TARGET\s+MODE\s+WHY/);
    assert.match(r.stdout, /aiops-remediation-lab\/pod\/web-5d8f9c7b6c-x8k2p\s+auto_execute/);
    assert.match(r.stdout, /FAIL\s+minimumReadyReplicasWithSameApp\s+only 1 Ready pod/);
  });
});

describe('remediator simulate: exit codes and messages', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-sim-'));
  const write = (name: string, text: string) => { const p = path.join(tmp, name); fs.writeFileSync(p, text); return p; };
  const base = ['simulate', '--runbook', 'runbooks/replace-redundant-pod.yaml', '--state', 'test/fixtures/simulate/lab/state.json'];

  it('exits 2 on usage errors', async () => {
    assert.equal((await cli(['simulate'])).code, 2);
    assert.equal((await cli([...base, '--bogus'])).code, 2);
    assert.equal((await cli([...base, '--target', 'web'])).code, 2);
    assert.equal((await cli([...base, '--now', 'yesterday'])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
  });

  it('exits 1 naming the file and line for a broken state file', async () => {
    const bad = write('state.json', '{\n  "kind": "List",\n  "items": [\n    { "kind": "Pod", }\n  ]\n}\n');
    const r = await cli(['simulate', '--runbook', 'runbooks/replace-redundant-pod.yaml', '--state', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /state\.json:4:\d+: invalid JSON/);
  });

  it('exits 1 naming the item line for a pod without a name', async () => {
    const bad = write('state2.json', '{\n  "kind": "List",\n  "items": [\n    { "kind": "Pod", "metadata": { "namespace": "x" } }\n  ]\n}\n');
    const r = await cli(['simulate', '--runbook', 'runbooks/replace-redundant-pod.yaml', '--state', bad]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /state2\.json:4:\d+: Pod item 0 has no metadata\.name/);
  });

  it('exits 1 for a missing file and for a broken incident or audit line', async () => {
    assert.match((await cli([...base, '--incident', 'nope.json'])).stderr, /nope\.json: cannot read \(no such file\)/);
    const inc = write('incident.json', '{ "id": "x", "symptom": "CrashLoopBackOff", "confidence": 7 }');
    const r1 = await cli([...base, '--incident', inc]);
    assert.equal(r1.code, 1);
    assert.match(r1.stderr, /incident\.json:1:\d+: incident confidence must be a number from 0 to 1/);
    const record = '{"time":"2026-01-01T00:00:00Z","incidentId":"i","runbook":"r","target":{"namespace":"n","kind":"Pod","name":"p"},"mode":"auto_execute","outcome":"executed","verdicts":[],"action":{"type":"deletePod"},"actor":"a"}';
    const hist = write('history.jsonl', `${record}\nnot json\n`);
    const r2 = await cli([...base, '--history', hist]);
    assert.equal(r2.code, 1);
    assert.match(r2.stderr, /history\.jsonl:2:1: invalid JSON/);
  });

  it('exits 1 naming the line for an invalid runbook', async () => {
    const rb = write('bad.yaml', fs.readFileSync(repoPath('runbooks/replace-redundant-pod.yaml'), 'utf8').replace('risk: "low"', 'risk: "critical"'));
    const r = await cli(['simulate', '--runbook', rb, '--state', 'test/fixtures/simulate/lab/state.json']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.yaml:9:9: risk must be one of low, medium, high/);
  });
});
