import { strict as assert } from 'assert';
import Ajv from 'ajv';
import * as fs from 'fs';
import { parse } from 'yaml';
import { PLAN_MODES } from '../../../src/core/model/audit';
import { parseRunbooks } from '../../../src/core/runbook/parse';
import { VERDICT_STATUSES, knownGuardrailIds, parseRunbookTest } from '../../../src/core/testing';
import schema from '../../../schemas/runbook-test.schema.json';
import { LAB_HEADER } from './memoryFiles';

const WEB = 'aiops-remediation-lab/pod/web-5d8f9c7b6c-x8k2p';

/** [name, text, expected "line:col message-pattern" of the first problem] */
const CASES: [string, string, number, number, RegExp][] = [
  ['a case with no expect', `${LAB_HEADER}    - name: a\n      target: ${WEB}\n`, 9, 7, /case "a" has no expect/],
  ['an unknown mode', `${LAB_HEADER}    - name: a\n      target: ${WEB}\n      expect: { mode: yolo }\n`, 11, 23, /unknown mode "yolo"; a mode is one of manual, suggest/],
  ['an unknown guardrail', `${LAB_HEADER}    - name: a\n      target: ${WEB}\n      expect:\n        guardrails: { replicaFloor: fail }\n`, 12, 23, /unknown guardrail "replicaFloor"; known: targetExists, killSwitch/],
  ['a bad status', `${LAB_HEADER}    - name: a\n      target: ${WEB}\n      expect: { guardrails: { cooldownMinutes: ok } }\n`, 11, 48, /status of cooldownMinutes must be one of pass, fail, error, skip/],
  ['a target not NS/KIND/NAME', `${LAB_HEADER}    - name: a\n      target: web-5d8f9c7b6c-x8k2p\n      expect: { mode: abort }\n`, 10, 15, /not NAMESPACE\/KIND\/NAME/],
  ['a target of an unknown kind', `${LAB_HEADER}    - name: a\n      target: ns/service/web\n      expect: { mode: abort }\n`, 10, 15, /not NAMESPACE\/KIND\/NAME/],
  ['an empty expect', `${LAB_HEADER}    - name: a\n      target: ${WEB}\n      expect: {}\n`, 11, 7, /expect names nothing to check/],
  ['an unknown case field', `${LAB_HEADER}    - name: a\n      target: ${WEB}\n      expcet: { mode: abort }\n`, 11, 7, /unknown field "expcet" in a case; allowed: name, target/],
  ['a duplicate key', `${LAB_HEADER}    - name: a\n      name: b\n      target: ${WEB}\n      expect: { mode: abort }\n`, 10, 7, /duplicate key "name"/],
  ['duplicate case names', `${LAB_HEADER}    - { name: a, target: ${WEB}, expect: { mode: abort } }\n    - { name: a, target: ${WEB}, expect: { mode: abort } }\n`, 10, 15, /another case is already named "a"/],
  ['a wrong apiVersion', LAB_HEADER.replace('remediations.kubedojo.io/v1', 'v1') + `    - { name: a, target: ${WEB}, expect: { mode: abort } }\n`, 1, 13, /apiVersion must be remediations\.kubedojo\.io\/v1/],
  ['a time without a zone', LAB_HEADER.replace('"2026-04-26T10:00:00Z"', '"2026-04-26 10:00"') + `    - { name: a, target: ${WEB}, expect: { mode: abort } }\n`, 7, 8, /now must be an ISO time with a zone/],
  ['a metric that is not a number', `${LAB_HEADER}    - name: a\n      target: ${WEB}\n      metrics: { error-ratio: high }\n      expect: { mode: abort }\n`, 11, 31, /metric "error-ratio" must be a number/],
  ['an incident without confidence', `${LAB_HEADER}    - name: a\n      target: ${WEB}\n      incident: { symptom: CrashLoopBackOff }\n      expect: { mode: abort }\n`, 11, 17, /incident\.confidence is required/],
  ['no cases', LAB_HEADER + '    []\n', 9, 5, /spec\.cases must be a non-empty list/],
  ['no runbook', LAB_HEADER.replace(/ {2}runbook: .*\n/, '') + `    - { name: a, target: ${WEB}, expect: { mode: abort } }\n`, 5, 3, /spec\.runbook is required/],
  ['a list, not a mapping', '- a\n- b\n', 1, 1, /a runbook test is a mapping/],
  ['an alias bomb', `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n`, 4, 36, /aliases expand to too much data/],
  ['nesting too deep', `${'['.repeat(200)}`, 1, 65, /nests deeper than 64 levels/],
  ['two documents', `${LAB_HEADER}    - { name: a, target: ${WEB}, expect: { mode: abort } }\n---\nkind: RunbookTest\n`, 10, 1, /holds one document/],
  ['broken YAML', `${LAB_HEADER}    - { name: a, target: ${WEB}, expect: { mode: abort }\n`, 10, 1, /invalid YAML/],
];

describe('runbook tests: reading the test file', () => {
  for (const [name, text, line, col, pattern] of CASES) {
    it(`locates ${name}`, () => {
      const { problems } = parseRunbookTest(text);
      assert.ok(problems.length > 0, 'a problem is reported');
      assert.match(problems[0].message, pattern);
      assert.deepEqual([problems[0].line, problems[0].col], [line, col], problems[0].message);
    });
  }

  it('reads the contract as the issue gives it', () => {
    const parsed = parseRunbookTest(`apiVersion: remediations.kubedojo.io/v1
kind: RunbookTest
metadata: { name: seed-lab }
spec:
  runbook: ./replace-redundant-pod.yaml      # paths relative to this file
  state: ./lab-state.json
  history: ./history.jsonl
  now: "2026-11-21T12:45:00Z"
  cases:
    - name: the singleton keeps its last replica
      target: aiops-remediation-lab/pod/singleton-74c885d5dc-q262q
      incident: { symptom: CrashLoopBackOff, probableCause: pod_process_hung, confidence: 0.9 }
      metrics: { error-ratio: 0.3 }
      expect: { mode: abort, guardrails: { minimumReadyReplicasWithSameApp: fail } }
`);
    assert.deepEqual(parsed.problems, []);
    const test = parsed.test!;
    assert.equal(test.name, 'seed-lab');
    assert.equal(test.now?.toISOString(), '2026-11-21T12:45:00.000Z');
    assert.deepEqual(test.cases[0].target, { namespace: 'aiops-remediation-lab', kind: 'Pod', name: 'singleton-74c885d5dc-q262q' });
    assert.deepEqual(test.cases[0].metrics, { 'error-ratio': 0.3 });
    assert.deepEqual(test.cases[0].incident, { id: 'test: the singleton keeps its last replica', symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.9 });
    assert.deepEqual(test.cases[0].expect.guardrails.map((g) => [g.id, g.status, g.at.line]), [['minimumReadyReplicasWithSameApp', 'fail', 14]]);
    assert.deepEqual(test.cases[0].expect.at, { line: 14, col: 7 });
  });

  it('lists the cases of a file even when one is invalid (for the Test Explorer)', () => {
    const parsed = parseRunbookTest(`${LAB_HEADER}    - { name: a, target: ${WEB}, expect: { mode: abort } }\n    - { name: b, target: nope }\n`);
    assert.deepEqual(parsed.cases.map((c) => c.name), ['a', 'b']);
    assert.ok(parsed.test);
    assert.deepEqual(parsed.test.cases.map((c) => c.name), ['a']);
    assert.ok(parsed.problems.every((p) => p.caseIndex === 1));
  });
});

describe('runbook tests beside runbooks', () => {
  it('are not read as runbooks (no runbook diagnostics in the editor or validate)', () => {
    const text = fs.readFileSync('test/fixtures/runbook-tests/valid/lab.runbook-test.yaml', 'utf8');
    const result = parseRunbooks(text);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.documents.map((d) => d.isRunbook), [false]);
  });
});

describe('runbook tests: the JSON Schema', () => {
  const s = schema as unknown as { definitions: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[]; properties?: Record<string, unknown> }> }> };
  it('names the engine\'s modes, guardrails and statuses', () => {
    assert.deepEqual([...s.definitions.expect.properties!.mode.enum!].sort(), [...PLAN_MODES].sort());
    assert.deepEqual(Object.keys(s.definitions.expect.properties!.guardrails.properties!).sort(), knownGuardrailIds().sort());
    assert.deepEqual(s.definitions.status.enum, [...VERDICT_STATUSES]);
  });

  it('accepts every test file in the repository, and every one has descriptions for completion and hover', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
    ajv.addVocabulary(['markdownEnumDescriptions']);
    const validate = ajv.compile(schema);
    const files = listTests('runbooks').concat(listTests('test/fixtures/runbook-tests/valid'));
    assert.ok(files.length > 0);
    for (const file of files) {
      const data = (parseRunbookTest(fs.readFileSync(file, 'utf8')).problems.length === 0) ? loadYaml(file) : undefined;
      assert.ok(data, `${file} reads`);
      assert.ok(validate(data), `${file}: ${JSON.stringify(validate.errors)}`);
    }
  });
});

function listTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.runbook-test.yaml')).map((f) => `${dir}/${f}`);
}

function loadYaml(file: string): unknown {
  return parse(fs.readFileSync(file, 'utf8'));
}
