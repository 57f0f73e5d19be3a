// A runbook test case made from a decision the user saw (the editor's "Create test from this dry run"):
// its target, incident, metric values, mode and verdicts, and the state it read. The state is the
// replay slice the decision's audit record carries (src/core/replay/slice.ts): exactly what the decision
// read, bounded. The case carries its own state and time, so it can join a file whose other cases
// read another state.
import { Document, isSeq, parseDocument } from 'yaml';
import type { Plan } from '../engine/plan';
import { formatTargetRef } from '../engine/targets';
import type { DecisionInput } from '../model/decisionInput';
import type { AuditRecord } from '../model/audit';
import type { GuardrailId, VerdictStatus } from '../model/verdict';
import { parseRunbookTest } from './parse';
import { RUNBOOK_TEST_API_VERSION, RUNBOOK_TEST_KIND } from './types';

/**
 * Verdicts about the live read itself, not the runbook's logic: a saved state has no age, so
 * stateFreshness skips offline. They are left out of the expectation.
 */
export const LIVE_ONLY_GUARDRAILS: readonly GuardrailId[] = ['stateFreshness'];

export interface CaseFiles {
  /** The state file, relative to the test file. */
  state: string;
  /** The history file, relative to the test file, when the decision read any history. */
  history?: string;
}

/** One case as it is written in YAML (the test file's own shape). */
export interface WrittenCase {
  name: string;
  target: string;
  incident: { id: string; symptom: string; probableCause?: string; confidence: number };
  metrics?: Record<string, number>;
  state?: string;
  history?: string;
  now: string;
  expect: { mode: string; guardrails: Record<string, VerdictStatus> };
}

/** The state file: a Kubernetes List of the slice's objects, as `remediator simulate --state` reads it. */
export function stateListOf(input: DecisionInput): { apiVersion: 'v1'; kind: 'List'; items: DecisionInput['state']['items'] } {
  return { apiVersion: 'v1', kind: 'List', items: input.state.items };
}

/** Metric values as numbers; a reading with no value (no data, an error) cannot be written as a case's metric. */
function metricValues(input: DecisionInput): { metrics: Record<string, number>; unwritable: string[] } {
  const metrics: Record<string, number> = {};
  const unwritable: string[] = [];
  for (const [name, reading] of Object.entries(input.metrics ?? {})) {
    if (reading.kind === 'value') Object.defineProperty(metrics, name, { value: reading.value, enumerable: true, writable: true, configurable: true });
    else unwritable.push(name);
  }
  return { metrics, unwritable };
}

export interface CaseFromDecision {
  testCase: WrittenCase;
  /** Caveats the user should hear (a metric with no value, a truncated slice). */
  notes: string[];
}

/** The case for `plan`, decided on `input`. `files.state` is always written on the case (it may join another file). */
export function caseFromDecision(plan: Plan, input: DecisionInput, name: string, files: CaseFiles): CaseFromDecision {
  const guardrails: Record<string, VerdictStatus> = {};
  for (const v of plan.verdicts) {
    if (!LIVE_ONLY_GUARDRAILS.includes(v.guardrail)) guardrails[v.guardrail] = v.status;
  }
  const { metrics, unwritable } = metricValues(input);
  const { id, symptom, probableCause, confidence } = input.incident;
  const notes = [
    ...unwritable.map((m) => `metric ${m} had no value at decision time, so the case gives none`),
    ...(input.truncated ? [`the state is a bounded slice: ${input.truncated.reason}`] : []),
  ];
  const testCase: WrittenCase = {
    name, target: formatTargetRef(input.request),
    incident: { id, symptom, ...(probableCause !== undefined ? { probableCause } : {}), confidence },
    ...(Object.keys(metrics).length > 0 ? { metrics } : {}),
    state: files.state, ...(files.history ? { history: files.history } : {}),
    now: input.decidedAt,
    expect: { mode: plan.mode, guardrails },
  };
  return { testCase, notes };
}

/** The history a decision read, as far as the shared state still holds it: records up to its time. */
export function historyUpTo(records: readonly AuditRecord[], decidedAt: string): AuditRecord[] {
  const until = Date.parse(decidedAt);
  return records.filter((r) => Date.parse(r.time) <= until);
}

/** A case name not yet used in the file: "NAME", else "NAME (2)", ... */
export function uniqueCaseName(wanted: string, existing: readonly string[]): string {
  if (!existing.includes(wanted)) return wanted;
  for (let n = 2; ; n++) if (!existing.includes(`${wanted} (${n})`)) return `${wanted} (${n})`;
}

export class TestFileEditError extends Error {}

/** A new test file for the runbook at `runbookPath` (relative to it) holding `testCase`. */
export function newTestFileText(name: string, runbookPath: string, testCase: WrittenCase): string {
  const doc = new Document({
    apiVersion: RUNBOOK_TEST_API_VERSION, kind: RUNBOOK_TEST_KIND, metadata: { name },
    spec: { runbook: runbookPath, state: testCase.state, cases: [testCase] },
  });
  return '# Runbook tests: run with `remediator test` or the Test Explorer.\n' + doc.toString({ lineWidth: 0 });
}

/**
 * `text` (an existing, readable test file) with `testCase` appended to spec.cases; comments and the
 * other cases are kept as they are. Throws TestFileEditError when the file cannot take a case.
 */
export function appendCaseText(text: string, testCase: WrittenCase): string {
  const parsed = parseRunbookTest(text);
  const fileProblem = parsed.problems.find((p) => p.caseIndex === undefined);
  if (fileProblem) throw new TestFileEditError(`line ${fileProblem.line}: ${fileProblem.message}; fix it before adding a case`);
  const doc = parseDocument(text);
  const cases = doc.getIn(['spec', 'cases']);
  if (!isSeq(cases)) throw new TestFileEditError('spec.cases is not a list');
  cases.items.push(doc.createNode(testCase));
  return doc.toString({ lineWidth: 0 });
}

/** The names of the file's cases (for a unique name), empty when it cannot be read. */
export function caseNames(text: string): string[] {
  return parseRunbookTest(text).cases.map((c) => c.name);
}
