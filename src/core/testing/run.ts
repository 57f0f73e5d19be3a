// Runs a runbook test: reads the files it names through a port (paths relative to the test file),
// with the same readers simulate uses, decides each case with the pure engine and compares.
import { damagedLines, parseAuditJsonl, skippedLineText } from '../audit/jsonl';
import { decisionContext, decideTarget } from '../engine/decide';
import type { Plan } from '../engine/plan';
import { snapshotFromText } from '../k8s/dataText';
import type { ClusterSnapshot } from '../k8s/types';
import type { AuditRecord } from '../model/audit';
import type { Runbook } from '../model/runbook';
import { runbookFromText } from '../runbook/fromText';
import { parseRunbookTest } from './parse';
import { resolveFrom } from './paths';
import type { CaseResult, FileRef, Mismatch, TestCase, TestFileResult, TestProblem } from './types';

export interface RunbookTestPort {
  /** The text of a file, by the path the runner resolved; throws (an errno-style error) when it cannot. */
  readFile(path: string): string;
  /** The time for test files that give no `now`. */
  now(): Date;
}

type Loaded<T> = { ok: true; value: T } | { ok: false; problem: TestProblem };

function readError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.message : String(err);
}

/** Reads and converts the files a test names, each once per run. */
class Files {
  private readonly cache = new Map<string, Loaded<unknown>>();
  readonly warnings: TestProblem[] = [];

  constructor(private readonly testFile: string, private readonly port: RunbookTestPort) {}

  private load<T>(what: string, ref: FileRef, convert: (text: string, path: string) => Loaded<T>, caseIndex?: number): Loaded<T> {
    const path = resolveFrom(this.testFile, ref.path);
    const key = `${what}\n${path}`;
    let loaded = this.cache.get(key) as Loaded<T> | undefined;
    if (!loaded) {
      let text: string | undefined;
      try {
        text = this.port.readFile(path);
      } catch (err) {
        loaded = this.problem(ref, `${what} ${ref.path}: cannot read ${path} (${readError(err)})`);
      }
      if (text !== undefined) loaded = convert(text, path);
      this.cache.set(key, loaded!);
    }
    if (loaded!.ok || caseIndex === undefined) return loaded!;
    return { ok: false, problem: { ...loaded!.problem, caseIndex } };
  }

  private problem(ref: FileRef, message: string): { ok: false; problem: TestProblem } {
    return { ok: false, problem: { ...ref.at, message } };
  }

  runbook(ref: FileRef): Loaded<Runbook> {
    return this.load('runbook', ref, (text, path) => {
      const read = runbookFromText(text);
      if (read.ok) return { ok: true, value: read.runbook };
      const more = read.moreErrors > 0 ? ` (and ${read.moreErrors} more; run "remediator validate ${path}")` : '';
      return this.problem(ref, `runbook ${path}:${read.line}:${read.col}: ${read.message}${more}`);
    });
  }

  state(ref: FileRef, caseIndex?: number): Loaded<ClusterSnapshot> {
    return this.load('state', ref, (text, path) => {
      const read = snapshotFromText(text);
      return read.ok ? read : this.problem(ref, `state ${path}:${read.line}:${read.col}: ${read.message}`);
    }, caseIndex);
  }

  /** History, by the audit reader's policy: a torn line is left out (and noted), any other broken line is an error. */
  history(ref: FileRef, caseIndex?: number): Loaded<AuditRecord[]> {
    return this.load('history', ref, (text, path) => {
      const parse = parseAuditJsonl(text);
      const damaged = damagedLines(parse);
      if (damaged.length > 0) {
        const more = damaged.length > 1 ? ` (${damaged.length - 1} more broken line(s) after it)` : '';
        return this.problem(ref, `history ${path}:${damaged[0].line}:1: ${damaged[0].reason}${more}; history with a broken line cannot be trusted for cooldown, rate-limit and circuit-breaker decisions`);
      }
      for (const s of parse.skipped) this.warnings.push({ ...ref.at, message: skippedLineText(`history ${path}`, s) });
      return { ok: true, value: parse.records };
    }, caseIndex);
  }
}

function compare(testCase: TestCase, plan: Plan): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const { expect } = testCase;
  if (expect.mode !== undefined && plan.mode !== expect.mode) {
    mismatches.push({ subject: 'mode', expected: expect.mode, actual: plan.mode, at: expect.modeAt ?? expect.at, reason: plan.modeReason });
  }
  for (const want of expect.guardrails) {
    const got = plan.verdicts.find((v) => v.guardrail === want.id);
    if (!got) {
      mismatches.push({ subject: want.id, expected: want.status, actual: 'not evaluated', at: want.at, reason: plan.modeReason });
    } else if (got.status !== want.status) {
      mismatches.push({ subject: want.id, expected: want.status, actual: got.status, at: want.at, reason: got.reason });
    }
  }
  return mismatches;
}

function errorCase(index: number, name: string, at: CaseResult['at'], expectAt: CaseResult['expectAt'] | undefined, problems: TestProblem[]): CaseResult {
  return { index, name, at, expectAt: expectAt ?? at, status: 'error', mismatches: [], problems };
}

interface FileInputs { runbook: Runbook; snapshot: ClusterSnapshot; history: AuditRecord[] }

function runCase(files: Files, inputs: FileInputs, testCase: TestCase, now: Date): CaseResult {
  const { index, name, at } = testCase;
  let history = inputs.history;
  if (testCase.history) {
    const loaded = files.history(testCase.history, index);
    if (!loaded.ok) return errorCase(index, name, at, testCase.expect.at, [loaded.problem]);
    history = loaded.value;
  }
  let snapshot = inputs.snapshot;
  if (testCase.state) {
    const loaded = files.state(testCase.state, index);
    if (!loaded.ok) return errorCase(index, name, at, testCase.expect.at, [loaded.problem]);
    snapshot = loaded.value;
  }
  const ctx = decisionContext({ runbook: inputs.runbook, snapshot, history, now: testCase.now ?? now, metrics: testCase.metrics });
  const plan = decideTarget(ctx, testCase.target, testCase.incident);
  const mismatches = compare(testCase, plan);
  return {
    index, name, at, expectAt: testCase.expect.at, status: mismatches.length === 0 ? 'passed' : 'failed', mismatches, problems: [],
    decision: {
      mode: plan.mode, modeReason: plan.modeReason, sentence: plan.sentence,
      verdicts: plan.verdicts.map((v) => ({ guardrail: v.guardrail, status: v.status, reason: v.reason })),
    },
  };
}

function loadInputs(files: Files, test: NonNullable<ReturnType<typeof parseRunbookTest>['test']>): Loaded<FileInputs> {
  const runbook = files.runbook(test.runbook);
  if (!runbook.ok) return runbook;
  const state = files.state(test.state);
  if (!state.ok) return state;
  const history = test.history ? files.history(test.history) : { ok: true as const, value: [] };
  if (!history.ok) return history;
  return { ok: true, value: { runbook: runbook.value, snapshot: state.value, history: history.value } };
}

/** Runs every case of a test file whose text is given. Never throws on content. */
export function runRunbookTestText(file: string, text: string, port: RunbookTestPort): TestFileResult {
  const parsed = parseRunbookTest(text);
  const result: TestFileResult = { file, ...(parsed.name ? { name: parsed.name } : {}), problems: [], warnings: [], cases: [] };
  const fileProblems = parsed.problems.filter((p) => p.caseIndex === undefined);
  if (!parsed.test || fileProblems.length > 0) return { ...result, problems: fileProblems.length > 0 ? fileProblems : parsed.problems };
  const files = new Files(file, port);
  const inputs = loadInputs(files, parsed.test);
  if (!inputs.ok) return { ...result, problems: [inputs.problem] };
  const now = parsed.test.now ?? port.now();
  const ready = new Map(parsed.test.cases.map((c) => [c.index, c]));
  for (const outline of parsed.cases) {
    const testCase = ready.get(outline.index);
    result.cases.push(testCase
      ? runCase(files, inputs.value, testCase, now)
      : errorCase(outline.index, outline.name, outline.at, outline.expectAt, parsed.problems.filter((p) => p.caseIndex === outline.index)));
  }
  return { ...result, warnings: files.warnings };
}

/** Reads the test file through the port, then runs it. */
export function runRunbookTest(file: string, port: RunbookTestPort): TestFileResult {
  let text: string;
  try {
    text = port.readFile(file);
  } catch (err) {
    return { file, problems: [{ line: 1, col: 1, message: `cannot read ${file} (${readError(err)})` }], warnings: [], cases: [] };
  }
  return runRunbookTestText(file, text, port);
}
