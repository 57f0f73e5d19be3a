// The runbook test contract (`*.runbook-test.yaml`, kind RunbookTest) and the results of running one.
// Positions are 1-based line and column, as compilers print them and JUnit readers expect.
import type { PlanMode, TargetRef } from '../model/audit';
import type { Incident } from '../model/incident';
import type { GuardrailId, VerdictStatus } from '../model/verdict';
import type { MetricValues } from '../engine/decide';

export const RUNBOOK_TEST_API_VERSION = 'remediations.kubedojo.io/v1';
export const RUNBOOK_TEST_KIND = 'RunbookTest';
/** File names the CLI and the editor treat as runbook tests. */
export const RUNBOOK_TEST_SUFFIX = '.runbook-test.yaml';

export interface SourcePosition {
  line: number;
  col: number;
}

/** A problem in a test file (or in a file it names), at a place in the test file. */
export interface TestProblem extends SourcePosition {
  message: string;
  /** Index of the case the problem belongs to; absent for problems of the whole file. */
  caseIndex?: number;
}

/** A path as written in the test file, with where it was written. */
export interface FileRef {
  path: string;
  at: SourcePosition;
}

export interface CaseExpectation {
  mode?: PlanMode;
  /** Expected status per guardrail, in the order written. */
  guardrails: { id: GuardrailId; status: VerdictStatus; at: SourcePosition }[];
  /** The `expect:` key: where a failing case is reported. */
  at: SourcePosition;
  modeAt?: SourcePosition;
}

export interface TestCase {
  index: number;
  name: string;
  /** The case's first line (its `- name:` item). */
  at: SourcePosition;
  target: TargetRef;
  incident?: Incident;
  /**
   * Values for metric preconditions and baselines, by metric name. Runbooks cannot name metric
   * preconditions yet, so today these reach the decision input and change nothing.
   */
  metrics: MetricValues;
  /** Overrides the file's `spec.history` for this case. */
  history?: FileRef;
  /** Overrides the file's `spec.state` for this case (a case made from a dry run brings the state it read). */
  state?: FileRef;
  /** Overrides the file's `spec.now` for this case (the dry run's decision time). */
  now?: Date;
  expect: CaseExpectation;
}

export interface RunbookTest {
  name: string;
  runbook: FileRef;
  state: FileRef;
  history?: FileRef;
  /** Absent: the runner's clock decides. */
  now?: Date;
  cases: TestCase[];
}

/** What a case's listing needs even when the file has problems (the editor's Test Explorer). */
export interface CaseOutline {
  index: number;
  name: string;
  at: SourcePosition;
  expectAt?: SourcePosition;
}

export interface TestFileParse {
  test?: RunbookTest;
  /** metadata.name when it is a string. */
  name?: string;
  cases: CaseOutline[];
  problems: TestProblem[];
}

/** One expected-versus-actual difference. */
export interface Mismatch {
  /** 'mode' or a guardrail id. */
  subject: string;
  expected: string;
  actual: string;
  at: SourcePosition;
  /** The failing verdict's reason (for a guardrail), or the mode's reason. */
  reason?: string;
}

export interface CaseDecision {
  mode: PlanMode;
  modeReason: string;
  sentence: string;
  verdicts: { guardrail: string; status: VerdictStatus; reason: string }[];
}

export type CaseStatus = 'passed' | 'failed' | 'error';

export interface CaseResult {
  index: number;
  name: string;
  at: SourcePosition;
  /** Where a failure is reported: the case's `expect:` key (or the case when it has none). */
  expectAt: SourcePosition;
  status: CaseStatus;
  mismatches: Mismatch[];
  /** For 'error': the located problems that kept the case from running. */
  problems: TestProblem[];
  decision?: CaseDecision;
}

export interface TestFileResult {
  /** The test file as the caller named it (used in every message). */
  file: string;
  name?: string;
  /** Problems of the whole file: when present, no case ran. */
  problems: TestProblem[];
  /** Things the run left out but that do not fail it (a torn last history line). */
  warnings: TestProblem[];
  cases: CaseResult[];
}
