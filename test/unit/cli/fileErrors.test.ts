// Generated input over every CLI verb: missing, unreadable and malformed files (runbook, state, incident,
// history, audit log, kubeconfig) must give exit 1 (or 2 for usage) with one line naming the file, never
// a stack, never "internal error", never a credential.
import { strict as assert } from 'assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forgetSecrets } from '../../../src/core/text/redact';
import { prng, int, pick, hostileText, type Random } from '../text/random';
import { cli } from '../../support/cli';
import { assertOneLineFailure } from './assertions';
import { PLANTED, deadUrl, writeKubeconfig } from './loopback';

const RUNBOOK = 'runbooks/replace-redundant-pod.yaml';
const STATE = 'test/fixtures/simulate/lab/state.json';
const TARGET = 'aiops-remediation-lab/pod/web-1';

type Slot = 'runbook' | 'state' | 'incident' | 'history' | 'audit' | 'kubeconfig' | 'policy';

interface VerbCase { verb: string; slots: Slot[]; args: (f: Record<Slot, string>) => string[]; live?: boolean }

const VERBS: VerbCase[] = [
  { verb: 'validate', slots: ['runbook'], args: (f) => ['validate', f.runbook] },
  { verb: 'convert', slots: ['policy'], args: (f) => ['convert', f.policy] },
  { verb: 'simulate', slots: ['runbook', 'state', 'incident', 'history'], args: (f) => ['simulate', '--runbook', f.runbook, '--state', f.state, '--incident', f.incident, '--history', f.history] },
  { verb: 'dry-run', slots: ['runbook', 'incident', 'kubeconfig'], live: true, args: (f) => ['dry-run', '--runbook', f.runbook, '--target', TARGET, '--incident', f.incident, '--kubeconfig', f.kubeconfig] },
  { verb: 'execute', slots: ['runbook', 'incident', 'kubeconfig'], live: true, args: (f) => ['execute', '--runbook', f.runbook, '--target', TARGET, '--incident', f.incident, '--yes', '--kubeconfig', f.kubeconfig] },
  { verb: 'scan', slots: ['runbook', 'kubeconfig'], live: true, args: (f) => ['scan', '--runbook', f.runbook, '--kubeconfig', f.kubeconfig] },
  { verb: 'verify', slots: ['audit', 'kubeconfig'], live: true, args: (f) => ['verify', '--audit-id', 'attempt-1', '--audit-file', f.audit, '--kubeconfig', f.kubeconfig] },
  { verb: 'audit', slots: ['audit'], args: (f) => ['audit', '--audit-file', f.audit] },
  { verb: 'export-job', slots: ['runbook'], args: (f) => ['export-job', '--runbook', f.runbook] },
  { verb: 'replay', slots: ['runbook', 'audit'], args: (f) => ['replay', '--runbook', f.runbook, '--audit', f.audit] },
  { verb: 'report', slots: ['audit'], args: (f) => ['report', '--audit', f.audit] },
];
/** Verbs that read an audit log leniently: broken lines are skipped and reported. */
const LENIENT_AUDIT = ['audit', 'replay', 'report'];

const INCIDENT = JSON.stringify({ id: 'i-1', symptom: 'pod_crashlooping', probableCause: 'transient_node_issue', confidence: 0.9 });

type Fault = 'missing' | 'directory' | 'empty' | 'garbage' | 'not-a-mapping' | 'bad-yaml' | 'alias' | 'secret-in-yaml';

/** Content for a broken file of a given fault; the garbage carries planted credentials and escapes. */
function brokenText(random: Random, fault: Fault): string {
  switch (fault) {
    case 'empty': return '';
    case 'garbage': return `${hostileText(random, 40)} token: ${PLANTED.token} ${hostileText(random, 10)}`;
    case 'not-a-mapping': return pick(random, ['[1, 2, 3]\n', '"text"\n', '42\n', 'null\n', '- a\n- b\n']);
    case 'bad-yaml': return `a: [\n  token: ${PLANTED.token}\n b: }\n`;
    case 'alias': return 'a: &x [1]\nb: *y\n';
    case 'secret-in-yaml': return `kind: Config\nusers:\n- name: u\n  user:\n    token: ${PLANTED.token}\n    password: ${PLANTED.password}\n  : [\n`;
    default: return '';
  }
}

describe('CLI: bad and missing files in every verb (generated)', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-file-errors-'));
  let good: Record<Slot, string>;

  before(async () => {
    const incident = path.join(dir, 'incident.json');
    fs.writeFileSync(incident, INCIDENT);
    const audit = path.join(dir, 'good-audit.jsonl');
    fs.writeFileSync(audit, '');
    good = {
      runbook: RUNBOOK, state: STATE, incident, history: audit, audit, policy: 'test/fixtures/runbooks/policy/seed-memory-leak.yaml',
      kubeconfig: writeKubeconfig(dir, 'dead.kubeconfig', { server: await deadUrl() }),
    };
  });

  const FAULTS: Fault[] = ['missing', 'directory', 'empty', 'garbage', 'not-a-mapping', 'bad-yaml', 'alias', 'secret-in-yaml'];

  it('every verb, every file it reads, every fault: exit 1/2/5 and one line (seeded)', async () => {
    const seen = new Set<string>();
    const failures: string[] = [];
    for (let seed = 1; seed <= 400; seed++) {
      const random = prng(seed);
      const verb = VERBS[int(random, VERBS.length)];
      const slot = verb.slots[int(random, verb.slots.length)];
      const fault = FAULTS[int(random, FAULTS.length)];
      const files = { ...good };
      const broken = path.join(dir, `s${seed}-${slot}`);
      if (fault === 'directory') fs.mkdirSync(broken);
      else if (fault !== 'missing') fs.writeFileSync(broken, brokenText(random, fault));
      files[slot] = broken;
      forgetSecrets();
      const r = await cli(verb.args(files));
      const where = `seed ${seed}: ${verb.verb} with ${fault} ${slot} -> ${r.code}\n${r.stdout}${r.stderr}`;
      try { assertOneLineFailure(r, verb.verb); } catch { failures.push(where); continue; }
      seen.add(`${verb.verb}/${slot}`);
      // An audit log is read leniently (broken lines are skipped and reported); everything else is refused.
      const lenient = slot === 'audit' && LENIENT_AUDIT.includes(verb.verb) && fault !== 'directory';
      if (lenient) { assert.equal(r.code, 0, where); continue; }
      if (slot === 'history' && fault === 'empty') { assert.equal(r.code, 0, where); continue; }
      if (slot === 'kubeconfig') { assert.equal(r.code, 5, where); assert.match(r.stderr, new RegExp(`^remediator ${verb.verb}: `), where); continue; }
      if (slot === 'audit' && verb.verb === 'verify') { assert.equal(r.code, 1, where); continue; }
      if (verb.verb === 'validate' || verb.verb === 'convert') { assert.ok([0, 1].includes(r.code), where); continue; }
      assert.equal(r.code, 1, where);
      assert.ok(r.stderr.includes(broken), `the message names the file: ${where}`);
    }
    assert.deepEqual(failures, []);
    const all = VERBS.flatMap((v) => v.slots.map((s) => `${v.verb}/${s}`));
    assert.deepEqual(all.filter((k) => !seen.has(k)), [], 'every verb/file pair was generated');
  });
});
