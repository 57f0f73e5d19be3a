import { strict as assert } from 'assert';
import { decisionContext } from '../../../src/core/engine/decide';
import { snapshotFromList } from '../../../src/core/k8s/list';
import { caseMessageLines, fileReportLines, runRunbookTestText, summarize } from '../../../src/core/testing';
import { LAB_HEADER, memoryPort } from './memoryFiles';

const FILE = 'repo/tests/lab.runbook-test.yaml';
const run = (text: string, files: Record<string, string> = {}) => runRunbookTestText(FILE, text, memoryPort(files));

const WEB = 'aiops-remediation-lab/pod/web-5d8f9c7b6c-x8k2p';
const SINGLETON = 'aiops-remediation-lab/pod/singleton-7b9c6d4f8d-m2n4r';

describe('runbook tests: the runner', () => {
  it('passes the lab: web acted on, singleton blocked by the replica floor', () => {
    const r = run(`${LAB_HEADER}    - name: web is replaced
      target: ${WEB}
      expect: { mode: auto_execute, guardrails: { minimumReadyReplicasWithSameApp: pass } }
    - name: the singleton keeps its last replica
      target: ${SINGLETON}
      incident: { symptom: CrashLoopBackOff, probableCause: pod_process_hung, confidence: 0.9 }
      expect: { mode: abort, guardrails: { minimumReadyReplicasWithSameApp: fail, requiredLabels: pass } }
`);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.cases.map((c) => [c.name, c.status]), [['web is replaced', 'passed'], ['the singleton keeps its last replica', 'passed']]);
    assert.equal(r.cases[1].decision?.mode, 'abort');
  });

  it('reports a wrong expectation at its line with expected, actual, the reason and the decision sentence', () => {
    const r = run(`${LAB_HEADER}    - name: wrongly hopeful
      target: ${SINGLETON}
      expect:
        mode: auto_execute
        guardrails: { minimumReadyReplicasWithSameApp: pass }
`);
    const c = r.cases[0];
    assert.equal(c.status, 'failed');
    assert.deepEqual(c.expectAt, { line: 11, col: 7 });
    assert.deepEqual(c.mismatches.map((m) => [m.subject, m.expected, m.actual, m.at.line]), [
      ['mode', 'auto_execute', 'abort', 12],
      ['minimumReadyReplicasWithSameApp', 'pass', 'fail', 13],
    ]);
    const text = caseMessageLines(c).join('\n');
    assert.match(text, /mode: expected auto_execute, got abort/);
    assert.match(text, /minimumReadyReplicasWithSameApp: expected pass, got fail\n {2}why: .+/);
    assert.match(text, /blocked by:\n {2}minimumReadyReplicasWithSameApp \(fail\): /);
    assert.match(text, /decision: When symptom /);
    assert.match(fileReportLines(r).join('\n'), /^FAIL  repo\/tests\/lab\.runbook-test\.yaml:11:7: wrongly hopeful/m);
    assert.deepEqual(summarize([r]), { files: 1, cases: 1, passed: 0, failed: 1, errors: 0 });
  });

  it('re-run with history: nothing acts (cooldown), history per case replaces the file history', () => {
    const text = `${LAB_HEADER.replace('  now:', '  history: ../test/fixtures/simulate/lab-rerun/history.jsonl\n  now:')}    - name: web is in cooldown
      target: ${WEB}
      expect: { mode: abort, guardrails: { cooldownMinutes: fail } }
    - name: without history web acts
      target: ${WEB}
      history: ./empty.jsonl
      expect: { mode: auto_execute, guardrails: { cooldownMinutes: pass } }
`;
    const r = run(text, { 'repo/tests/empty.jsonl': '' });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.cases.map((c) => c.status), ['passed', 'passed']);
  });

  it('names a missing runbook, state or history at the line that names it', () => {
    const missing = run(LAB_HEADER.replace('../runbooks/replace-redundant-pod.yaml', './nope.yaml') + `    - name: x\n      target: ${WEB}\n      expect: { mode: abort }\n`);
    assert.deepEqual(missing.problems.map((p) => [p.line, p.col]), [[5, 12]]);
    assert.match(missing.problems[0].message, /^runbook \.\/nope\.yaml: cannot read repo\/tests\/nope\.yaml \(no such file\)$/);
    assert.deepEqual(missing.cases, []);
    const perCase = run(`${LAB_HEADER}    - name: x\n      target: ${WEB}\n      history: gone.jsonl\n      expect: { mode: abort }\n`);
    assert.equal(perCase.cases[0].status, 'error');
    assert.deepEqual(perCase.cases[0].problems.map((p) => [p.line, p.message]), [[11, 'history gone.jsonl: cannot read repo/tests/gone.jsonl (no such file)']]);
  });

  it('locates a problem inside a named file: the runbook error, the broken history line', () => {
    const broken = run(LAB_HEADER.replace('../runbooks/replace-redundant-pod.yaml', './bad.yaml') + `    - name: x\n      target: ${WEB}\n      expect: { mode: abort }\n`,
      { 'repo/tests/bad.yaml': 'apiVersion: remediations.kubedojo.io/v1\nkind: RemediationRunbook\nmetadata: { name: x }\nspec: {}\n' });
    assert.match(broken.problems[0].message, /^runbook repo\/tests\/bad\.yaml:\d+:\d+: /);
    const history = run(LAB_HEADER.replace('  now:', '  history: ./h.jsonl\n  now:') + `    - name: x\n      target: ${WEB}\n      expect: { mode: abort }\n`,
      { 'repo/tests/h.jsonl': '{"not":"a record"}\n' });
    assert.match(history.problems[0].message, /^history repo\/tests\/h\.jsonl:1:1: not an audit record/);
    assert.equal(history.problems[0].line, 7);
  });

  it('carries metrics into the decision and changes nothing with them today', () => {
    const r = run(`${LAB_HEADER}    - name: web with metrics
      target: ${WEB}
      metrics: { error-ratio: 0.3, latency-p99: 1200 }
      expect: { mode: auto_execute }
`);
    assert.equal(r.cases[0].status, 'passed');
    const without = run(`${LAB_HEADER}    - name: web with metrics\n      target: ${WEB}\n      expect: { mode: auto_execute }\n`);
    assert.deepEqual(r.cases[0].decision, without.cases[0].decision);
  });

  it('the decision input has a typed metrics map (empty unless a case names metrics)', () => {
    const runbook = { metadata: { name: 'x' } } as never;
    const { snapshot } = snapshotFromList({ kind: 'List', items: [] });
    assert.deepEqual(decisionContext({ runbook, snapshot, now: new Date(0) }).metrics, {});
    assert.deepEqual(decisionContext({ runbook, snapshot, now: new Date(0), metrics: { 'error-ratio': 0.3 } }).metrics, { 'error-ratio': 0.3 });
  });

  it('runs the valid cases of a file and marks the invalid ones as errors', () => {
    const r = run(`${LAB_HEADER}    - name: fine
      target: ${WEB}
      expect: { mode: auto_execute }
    - name: no expectation
      target: ${WEB}
`);
    assert.deepEqual(r.cases.map((c) => c.status), ['passed', 'error']);
    assert.match(r.cases[1].problems[0].message, /has no expect/);
    assert.equal(summarize([r]).errors, 1);
  });

  it('a target that is gone aborts and its guardrails are "not evaluated"', () => {
    const r = run(`${LAB_HEADER}    - name: gone
      target: aiops-remediation-lab/pod/nope
      expect: { mode: abort, guardrails: { targetExists: fail, cooldownMinutes: pass } }
`);
    assert.deepEqual(r.cases[0].mismatches.map((m) => [m.subject, m.actual]), [['cooldownMinutes', 'not evaluated']]);
  });

  it('reads each named file once per test file', () => {
    const port = memoryPort({});
    runRunbookTestText(FILE, `${LAB_HEADER}    - { name: a, target: ${WEB}, expect: { mode: auto_execute } }\n    - { name: b, target: ${SINGLETON}, expect: { mode: abort } }\n`, port);
    assert.deepEqual(port.reads, ['repo/runbooks/replace-redundant-pod.yaml', 'repo/test/fixtures/simulate/lab/state.json']);
  });
});
