// A case made from a decision (the editor's "Create test from this dry run") passes under the runner:
// its state is the decision's replay slice, its time the decision's, its expectation the decision's mode
// and verdicts. Appending keeps the file's other cases and comments; per-case state and now are read.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { decideTarget, decisionContext } from '../../../src/core/engine/decide';
import type { Plan } from '../../../src/core/engine/plan';
import { snapshotFromText } from '../../../src/core/k8s/dataText';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import type { AuditRecord, TargetRef } from '../../../src/core/model/audit';
import type { DecisionInput } from '../../../src/core/model/decisionInput';
import { decisionInputFor } from '../../../src/core/replay/slice';
import { runbookFromText } from '../../../src/core/runbook/fromText';
import {
  appendCaseText, caseFromDecision, caseNames, historyUpTo, newTestFileText, parseRunbookTest, runRunbookTestText, stateListOf, uniqueCaseName,
} from '../../../src/core/testing';
import { LIVE_ONLY_GUARDRAILS } from '../../../src/core/testing/fromDecision';
import { LAB_NAMESPACE, LAB_SINGLETON_POD, LAB_WEB_POD, auditRecord } from '../../support/k8s';
import { pick, prng } from '../../support/random';
import { memoryPort } from './memoryFiles';

const RUNBOOK_PATH = 'runbooks/replace-redundant-pod.yaml';
const runbookText = fs.readFileSync(RUNBOOK_PATH, 'utf8');
const read = runbookFromText(runbookText);
if (!read.ok) throw new Error(read.message);
const runbook = read.runbook;
const lab = snapshotFromText(fs.readFileSync('test/fixtures/simulate/lab/state.json', 'utf8'));
if (!lab.ok) throw new Error(lab.message);

/** A live-like decision: the lab state read "now" (so stateFreshness passes), with what it read. */
function decide(name: string, at: Date, history: AuditRecord[] = [], snapshot: ClusterSnapshot = lab.ok ? lab.value : (undefined as never)): { plan: Plan; input: DecisionInput } {
  const target: TargetRef = { namespace: LAB_NAMESPACE, kind: 'Pod', name };
  const ctx = decisionContext({ runbook, snapshot: { ...snapshot, takenAt: at.toISOString() }, history, now: at });
  const plan = decideTarget(ctx, target);
  return { plan, input: decisionInputFor(ctx, plan, target) };
}

/** The files of a test directory "t/": the runbook as t/rb.yaml, each case's state as its own file. */
function files(extra: Record<string, string>): Record<string, string> {
  return { 't/rb.yaml': runbookText, ...extra };
}

describe('runbook tests from a decision', () => {
  const at = new Date('2026-04-26T10:00:00.000Z');

  it('a new file with the web pod\'s case passes; the expectation is the decision\'s', () => {
    const { plan, input } = decide(LAB_WEB_POD, at);
    assert.equal(plan.mode, 'auto_execute');
    const { testCase, notes } = caseFromDecision(plan, input, 'web from a dry run', { state: './web.state.json' });
    assert.deepEqual(notes, []);
    assert.equal(testCase.target, `${LAB_NAMESPACE}/pod/${LAB_WEB_POD}`);
    assert.equal(testCase.now, at.toISOString());
    assert.deepEqual(testCase.incident, { id: input.incident.id, symptom: 'manual_restart_recommended', confidence: 1 });
    for (const id of LIVE_ONLY_GUARDRAILS) assert.equal(testCase.expect.guardrails[id], undefined, `${id} is about the live read`);
    assert.equal(Object.keys(testCase.expect.guardrails).length, plan.verdicts.length - 1);
    const text = newTestFileText('replace-redundant-pod', './rb.yaml', testCase);
    const result = runRunbookTestText('t/x.runbook-test.yaml', text, memoryPort(files({ 't/web.state.json': JSON.stringify(stateListOf(input)) })));
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.cases.map((c) => [c.name, c.status, c.mismatches]), [['web from a dry run', 'passed', []]]);
  });

  it('appending keeps comments and the other cases; each case reads its own state and time', () => {
    const web = decide(LAB_WEB_POD, at);
    const first = caseFromDecision(web.plan, web.input, 'web', { state: './web.state.json' }).testCase;
    const later = new Date('2026-04-26T11:30:00.000Z');
    const singleton = decide(LAB_SINGLETON_POD, later);
    assert.equal(singleton.plan.mode, 'abort');
    const text = newTestFileText('rb', './rb.yaml', first).replace('  cases:', '  # kept: a comment\n  cases:');
    const name = uniqueCaseName('web', caseNames(text));
    assert.equal(name, 'web (2)');
    const second = caseFromDecision(singleton.plan, singleton.input, name, { state: './singleton.state.json' }).testCase;
    const appended = appendCaseText(text, second);
    assert.match(appended, /# kept: a comment/);
    assert.deepEqual(caseNames(appended), ['web', 'web (2)']);
    const parsed = parseRunbookTest(appended);
    assert.equal(parsed.test?.cases[1].now?.toISOString(), later.toISOString());
    assert.equal(parsed.test?.cases[1].state?.path, './singleton.state.json');
    const port = memoryPort(files({ 't/web.state.json': JSON.stringify(stateListOf(web.input)), 't/singleton.state.json': JSON.stringify(stateListOf(singleton.input)) }));
    const result = runRunbookTestText('t/x.runbook-test.yaml', appended, port);
    assert.deepEqual(result.cases.map((c) => [c.status, c.mismatches]), [['passed', []], ['passed', []]]);
    assert.ok(port.reads.includes('t/singleton.state.json'));
    assert.equal(result.cases[1].decision?.verdicts.find((v) => v.guardrail === 'minimumReadyReplicasWithSameApp')?.status, 'fail');
  });

  it('the history the decision read, up to its time, makes cooldown agree', () => {
    const recent = auditRecord({ id: 'before', time: new Date(at.getTime() - 5 * 60_000).toISOString(), outcome: 'verified', runbook: runbook.metadata.name });
    const after = auditRecord({ id: 'after', time: new Date(at.getTime() + 60_000).toISOString(), outcome: 'verified', runbook: runbook.metadata.name });
    const history = historyUpTo([recent, after], at.toISOString());
    assert.deepEqual(history.map((r) => r.id), ['before']);
    const { plan, input } = decide(LAB_WEB_POD, at, history);
    assert.equal(plan.verdicts.find((v) => v.guardrail === 'cooldownMinutes')?.status, 'fail');
    const { testCase } = caseFromDecision(plan, input, 'in cooldown', { state: './s.json', history: './h.jsonl' });
    const text = newTestFileText('rb', './rb.yaml', testCase);
    const result = runRunbookTestText('t/x.runbook-test.yaml', text, memoryPort(files({
      't/s.json': JSON.stringify(stateListOf(input)), 't/h.jsonl': history.map((r) => JSON.stringify(r)).join('\n') + '\n',
    })));
    assert.deepEqual(result.cases.map((c) => [c.status, c.mismatches]), [['passed', []]]);
  });

  it('refuses to append to a file it cannot read, with the line', () => {
    const { plan, input } = decide(LAB_WEB_POD, at);
    const { testCase } = caseFromDecision(plan, input, 'x', { state: './s.json' });
    assert.throws(() => appendCaseText('apiVersion: remediations.kubedojo.io/v1\nkind: Nope\n', testCase), /line 2: kind must be RunbookTest/);
  });

  it('a per-case now that is not a time, and a per-case state that is missing, are located on their case', () => {
    const text = `apiVersion: remediations.kubedojo.io/v1
kind: RunbookTest
metadata: { name: t }
spec:
  runbook: ./rb.yaml
  state: ./s.json
  cases:
    - name: bad time
      target: ${LAB_NAMESPACE}/pod/${LAB_WEB_POD}
      now: tomorrow
      expect: { mode: abort }
    - name: missing state
      target: ${LAB_NAMESPACE}/pod/${LAB_WEB_POD}
      state: ./gone.json
      expect: { mode: abort }
`;
    const result = runRunbookTestText('t/x.runbook-test.yaml', text, memoryPort(files({ 't/s.json': JSON.stringify(stateListOf(decide(LAB_WEB_POD, at).input)) })));
    assert.equal(result.cases[0].status, 'error');
    assert.deepEqual([result.cases[0].problems[0].line, result.cases[0].problems[0].col], [10, 12]);
    assert.match(result.cases[0].problems[0].message, /now must be an ISO time/);
    assert.equal(result.cases[1].status, 'error');
    assert.match(result.cases[1].problems[0].message, /state \.\/gone\.json: cannot read t\/gone\.json \(no such file\)/);
    assert.equal(result.cases[1].problems[0].line, 14);
  });

  it('generated case names and pod names (hostile text) survive the YAML and still pass', () => {
    const parts = ['"', "'", ': ', '#', '- ', '{', '}', '[', ']', '&a', '*a', '!tag', '%', '@', '`', '\\', '\t', 'é', '日本', '😀', '---', '...', 'web', ' '];
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(seed);
      let name = '';
      for (let i = 1 + Math.floor(random() * 6); i > 0; i--) name += pick(random, parts);
      name = name.trim() || 'x';
      const { plan, input } = decide(LAB_WEB_POD, at);
      const { testCase } = caseFromDecision(plan, input, name, { state: './s.json' });
      const text = newTestFileText(`suite ${name}`, './rb.yaml', testCase);
      const twice = appendCaseText(text, { ...testCase, name: uniqueCaseName(name, caseNames(text)) });
      const result = runRunbookTestText('t/x.runbook-test.yaml', twice, memoryPort(files({ 't/s.json': JSON.stringify(stateListOf(input)) })));
      assert.deepEqual(result.problems, [], `seed ${seed}: ${JSON.stringify(name)}`);
      assert.deepEqual(result.cases.map((c) => c.status), ['passed', 'passed'], `seed ${seed}: ${JSON.stringify(name)}`);
      assert.equal(result.cases[0].name, name, `seed ${seed}`);
    }
  });
});
