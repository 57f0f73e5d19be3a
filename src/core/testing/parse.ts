// Reads a `*.runbook-test.yaml` file: the hardened YAML reader (size, nesting, duplicate keys,
// aliases), then the RunbookTest contract, every problem located at its line and column.
// Never throws on content. Pure: the files the test names are read by the runner.
import type { Document } from 'yaml';
import { ACTION_GUARDRAILS, ALL_GUARDRAILS } from '../guardrails';
import { parseTargetRef } from '../engine/targets';
import { PLAN_MODES, type PlanMode } from '../model/audit';
import type { Incident } from '../model/incident';
import type { GuardrailId, VerdictStatus } from '../model/verdict';
import { Locator } from '../runbook/positions';
import { MAX_ALIAS_COUNT, MAX_FILE_BYTES, MAX_NESTING, findAliasBomb, findDuplicateKeys, readYaml } from '../runbook/yamlRead';
import { Checker, describeType, isMapping, positionOf, quote } from './check';
import {
  RUNBOOK_TEST_API_VERSION, RUNBOOK_TEST_KIND,
  type CaseExpectation, type CaseOutline, type FileRef, type TestCase, type TestFileParse,
} from './types';

/** Guardrail ids a case may name: the engine's own (targetExists) and every registered guardrail. */
export function knownGuardrailIds(): GuardrailId[] {
  return ['targetExists', ...ALL_GUARDRAILS.map((g) => g.id), ...ACTION_GUARDRAILS.map((g) => g.id)];
}
export const VERDICT_STATUSES: readonly VerdictStatus[] = ['pass', 'fail', 'error', 'skip'];

const ROOT_KEYS = ['apiVersion', 'kind', 'metadata', 'spec'];
const METADATA_KEYS = ['name', 'labels', 'annotations'];
const SPEC_KEYS = ['runbook', 'state', 'history', 'now', 'cases'];
const CASE_KEYS = ['name', 'target', 'incident', 'metrics', 'state', 'history', 'now', 'expect'];
const INCIDENT_KEYS = ['id', 'symptom', 'probableCause', 'confidence', 'service'];
const EXPECT_KEYS = ['mode', 'guardrails'];
// A zone is required: a time without one would mean different instants on different machines.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function fileRef(check: Checker, data: Record<string, unknown>, path: (string | number)[], field: string, required: boolean, caseIndex?: number): FileRef | undefined {
  const text = check.text(data, path, field, required, caseIndex);
  return text === undefined ? undefined : { path: text, at: check.valueAt([...path, field]) };
}

/** `now` of the file (`path` ['spec']) or of a case. */
function readNow(check: Checker, data: Record<string, unknown>, path: (string | number)[] = ['spec'], caseIndex?: number): Date | undefined {
  if (data.now === undefined || data.now === null) return undefined;
  const text = data.now;
  const date = typeof text === 'string' && ISO_TIME.test(text) ? new Date(text) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    check.value([...path, 'now'], `now must be an ISO time with a zone, such as "2026-11-21T12:45:00Z", not ${describeType(text)}`, caseIndex);
    return undefined;
  }
  return date;
}

function readIncident(check: Checker, data: unknown, path: (string | number)[], caseIndex: number, caseName: string): Incident | undefined {
  if (data === undefined || data === null) return undefined;
  if (!isMapping(data)) {
    check.value(path, `incident must be a mapping { symptom, probableCause, confidence }, not ${describeType(data)}`, caseIndex);
    return undefined;
  }
  check.onlyKeys(data, path, INCIDENT_KEYS, 'incident', caseIndex);
  const symptom = check.text(data, path, 'symptom', true, caseIndex);
  const probableCause = check.text(data, path, 'probableCause', false, caseIndex);
  const id = check.text(data, path, 'id', false, caseIndex);
  const service = check.text(data, path, 'service', false, caseIndex);
  const confidence = data.confidence;
  let ok = symptom !== undefined;
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) {
    if (confidence === undefined) check.value(path, 'incident.confidence is required (a number from 0 to 1)', caseIndex);
    else check.value([...path, 'confidence'], `confidence must be a number from 0 to 1, not ${describeType(confidence)}`, caseIndex);
    ok = false;
  }
  if (!ok) return undefined;
  return {
    id: id ?? `test: ${caseName}`, symptom: symptom!, confidence: confidence as number,
    ...(probableCause !== undefined ? { probableCause } : {}),
    ...(service !== undefined ? { service } : {}),
  };
}

function readMetrics(check: Checker, data: unknown, path: (string | number)[], caseIndex: number): Record<string, number> {
  const metrics: Record<string, number> = {};
  if (data === undefined || data === null) return metrics;
  if (!isMapping(data)) {
    check.value(path, `metrics must be a mapping of metric name to number, such as { error-ratio: 0.3 }, not ${describeType(data)}`, caseIndex);
    return metrics;
  }
  for (const [name, value] of Object.entries(data)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      check.value([...path, name], `metric ${quote(name)} must be a number, not ${describeType(value)}`, caseIndex);
    } else {
      metrics[name] = value;
    }
  }
  return metrics;
}

function readExpect(check: Checker, data: unknown, path: (string | number)[], caseIndex: number): CaseExpectation | undefined {
  if (!isMapping(data)) {
    check.value(path, `expect must be a mapping { mode, guardrails }, not ${describeType(data)}`, caseIndex);
    return undefined;
  }
  check.onlyKeys(data, path, EXPECT_KEYS, 'expect', caseIndex);
  const expect: CaseExpectation = { guardrails: [], at: check.keyAt(path) };
  let ok = true;
  if (data.mode !== undefined) {
    if (PLAN_MODES.includes(data.mode as PlanMode)) {
      expect.mode = data.mode as PlanMode;
      expect.modeAt = check.valueAt([...path, 'mode']);
    } else {
      check.value([...path, 'mode'], `unknown mode ${quote(data.mode)}; a mode is one of ${PLAN_MODES.join(', ')}`, caseIndex);
      ok = false;
    }
  }
  const guardrails = data.guardrails;
  if (guardrails !== undefined) {
    if (!isMapping(guardrails)) {
      check.value([...path, 'guardrails'], `expect.guardrails must be a mapping of guardrail to status, such as { minimumReadyReplicasWithSameApp: fail }, not ${describeType(guardrails)}`, caseIndex);
      ok = false;
    } else {
      const known = knownGuardrailIds();
      for (const [id, status] of Object.entries(guardrails)) {
        const at = [...path, 'guardrails', id];
        if (!known.includes(id as GuardrailId)) {
          check.key(at, `unknown guardrail ${quote(id)}; known: ${known.join(', ')}`, caseIndex);
          ok = false;
        } else if (!VERDICT_STATUSES.includes(status as VerdictStatus)) {
          check.value(at, `the status of ${id} must be one of ${VERDICT_STATUSES.join(', ')}, not ${describeType(status)}`, caseIndex);
          ok = false;
        } else {
          expect.guardrails.push({ id: id as GuardrailId, status: status as VerdictStatus, at: check.valueAt(at) });
        }
      }
    }
  }
  if (ok && expect.mode === undefined && expect.guardrails.length === 0) {
    check.key(path, 'expect names nothing to check: give a mode, guardrails, or both', caseIndex);
    ok = false;
  }
  return ok ? expect : undefined;
}

function readCase(check: Checker, data: unknown, index: number, names: Set<string>): { outline: CaseOutline; testCase?: TestCase } {
  const path = ['spec', 'cases', index];
  const at = check.valueAt(path);
  if (!isMapping(data)) {
    check.value(path, `a case is a mapping { name, target, expect }, not ${describeType(data)}`, index);
    return { outline: { index, name: `case ${index + 1}`, at } };
  }
  const before = check.problems.length;
  check.onlyKeys(data, path, CASE_KEYS, 'a case', index);
  const name = check.text(data, path, 'name', true, index);
  if (name !== undefined) {
    if (names.has(name)) check.value([...path, 'name'], `another case is already named ${quote(name)}; case names must be unique in a file`, index);
    names.add(name);
  }
  const caseName = name ?? `case ${index + 1}`;
  const outline: CaseOutline = { index, name: caseName, at, ...(data.expect !== undefined ? { expectAt: check.keyAt([...path, 'expect']) } : {}) };
  const targetText = check.text(data, path, 'target', true, index);
  const target = targetText === undefined ? undefined : parseTargetRef(targetText);
  if (targetText !== undefined && !target) {
    check.value([...path, 'target'], `target ${quote(targetText)} is not NAMESPACE/KIND/NAME (kind: pod, deployment or statefulset), such as aiops-remediation-lab/pod/web-5d8f9c7b6c-x8k2p`, index);
  }
  const incident = readIncident(check, data.incident, [...path, 'incident'], index, caseName);
  const metrics = readMetrics(check, data.metrics, [...path, 'metrics'], index);
  const history = fileRef(check, data, path, 'history', false, index);
  const state = fileRef(check, data, path, 'state', false, index);
  const now = readNow(check, data, path, index);
  if (data.expect === undefined || data.expect === null) check.add(at, `case ${quote(caseName)} has no expect: say what the engine should decide ({ mode, guardrails })`, index);
  const expect = data.expect === undefined || data.expect === null ? undefined : readExpect(check, data.expect, [...path, 'expect'], index);
  if (check.problems.length > before || !name || !target || !expect) return { outline };
  return { outline, testCase: { index, name, at, target, ...(incident ? { incident } : {}), metrics, ...(history ? { history } : {}), ...(state ? { state } : {}), ...(now ? { now } : {}), expect } };
}

function readTest(check: Checker, data: unknown): Omit<TestFileParse, 'problems'> {
  if (!isMapping(data)) {
    check.add({ line: 1, col: 1 }, `a runbook test is a mapping starting with apiVersion: ${RUNBOOK_TEST_API_VERSION} and kind: ${RUNBOOK_TEST_KIND}, not ${describeType(data)}`);
    return { cases: [] };
  }
  check.onlyKeys(data, [], ROOT_KEYS, 'a RunbookTest');
  if (data.apiVersion !== RUNBOOK_TEST_API_VERSION) check.value(['apiVersion'], `apiVersion must be ${RUNBOOK_TEST_API_VERSION}, not ${describeType(data.apiVersion)}`);
  if (data.kind !== RUNBOOK_TEST_KIND) check.value(['kind'], `kind must be ${RUNBOOK_TEST_KIND}, not ${describeType(data.kind)}`);
  let name: string | undefined;
  if (!isMapping(data.metadata)) check.value(['metadata'], `metadata must be a mapping { name }, not ${describeType(data.metadata)}`);
  else {
    check.onlyKeys(data.metadata, ['metadata'], METADATA_KEYS, 'metadata');
    name = check.text(data.metadata, ['metadata'], 'name', true);
  }
  const spec = data.spec;
  if (!isMapping(spec)) {
    check.value(['spec'], `spec must be a mapping { runbook, state, cases }, not ${describeType(spec)}`);
    return { ...(name ? { name } : {}), cases: [] };
  }
  check.onlyKeys(spec, ['spec'], SPEC_KEYS, 'spec');
  const runbook = fileRef(check, spec, ['spec'], 'runbook', true);
  const state = fileRef(check, spec, ['spec'], 'state', true);
  const history = fileRef(check, spec, ['spec'], 'history', false);
  const now = readNow(check, spec);
  const outlines: CaseOutline[] = [];
  const cases: TestCase[] = [];
  if (!Array.isArray(spec.cases) || spec.cases.length === 0) {
    check.value(spec.cases === undefined ? ['spec'] : ['spec', 'cases'], `spec.cases must be a non-empty list of cases, not ${describeType(spec.cases)}`);
  } else {
    const names = new Set<string>();
    spec.cases.forEach((item, index) => {
      const { outline, testCase } = readCase(check, item, index, names);
      outlines.push(outline);
      if (testCase) cases.push(testCase);
    });
  }
  const fileProblems = check.problems.some((p) => p.caseIndex === undefined);
  const test = !fileProblems && name && runbook && state
    ? { name, runbook, state, ...(history ? { history } : {}), ...(now ? { now } : {}), cases } : undefined;
  return { ...(name ? { name } : {}), cases: outlines, ...(test ? { test } : {}) };
}

function yamlProblems(check: Checker, document: Document.Parsed, locator: Locator): unknown {
  for (const error of document.errors) check.add(positionOf(locator.rangeOf(error.pos[0], error.pos[1])), `invalid YAML: ${error.message.split('\n')[0]}`);
  for (const key of findDuplicateKeys(document)) {
    const range = locator.nodeRange(key);
    check.add(range ? positionOf(range) : { line: 1, col: 1 }, `duplicate key ${quote(String((key as { value?: unknown }).value))}: a key may appear only once in a mapping`);
  }
  const bomb = findAliasBomb(document);
  if (bomb) {
    const range = locator.nodeRange(bomb);
    check.add(range ? positionOf(range) : { line: 1, col: 1 }, 'aliases expand to too much data (an alias bomb or a cycle); test files do not need aliases');
  }
  if (check.problems.length > 0) return undefined;
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    check.add({ line: 1, col: 1 }, `could not expand the document: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** Reads one runbook test file. Never throws. */
export function parseRunbookTest(text: string): TestFileParse {
  try {
    return readTestFile(text);
  } catch (err) {
    const overflow = err instanceof RangeError && /call stack/i.test(err.message);
    const message = overflow ? 'the file is nested too deeply to read' : `could not read the file: ${err instanceof Error ? err.message : String(err)}`;
    return { cases: [], problems: [{ line: 1, col: 1, message }] };
  }
}

function readTestFile(text: string): TestFileParse {
  const read = readYaml(text);
  if (read.problem) {
    const at = read.problem.kind === 'tooLarge' ? { line: 1, col: 1 } : read.lineCounter.linePos(read.problem.offset);
    const why = read.problem.kind === 'tooLarge' ? `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`
      : read.problem.kind === 'tooDeep' ? `the YAML nests deeper than ${MAX_NESTING} levels` : 'the file holds too many documents';
    return { cases: [], problems: [{ line: at.line, col: at.col, message: `${why}, so it is not read` }] };
  }
  const documents = read.documents.filter((d) => d.contents !== null);
  if (documents.length !== 1) {
    const extra = documents[1] ? read.lineCounter.linePos(documents[1].range[0]) : { line: 1, col: 1 };
    return { cases: [], problems: [{ ...extra, message: documents.length === 0 ? 'the file is empty: a runbook test is one RunbookTest document' : 'a runbook test file holds one document; split the others into their own files' }] };
  }
  const document = documents[0];
  const locator = new Locator(read.lineCounter, document);
  const check = new Checker(locator);
  const data = yamlProblems(check, document, locator);
  if (check.problems.length > 0) return { cases: [], problems: check.finish() };
  const result = readTest(check, data);
  return { ...result, problems: check.finish() };
}
