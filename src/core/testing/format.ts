// Plain-text reports of a test run, shared by the CLI and the editor's Test Explorer. Every line is
// made printable: case names, reasons and file names may hold anything, including terminal escapes.
import type { CaseResult, Mismatch, TestFileResult, TestProblem } from './types';

// C0/C1 controls and the bidirectional overrides that can make a line read differently than it is.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function problemLine(file: string, p: TestProblem): string {
  return printable(`${file}:${p.line}:${p.col}: ${p.message}`);
}

function mismatchLines(m: Mismatch): string[] {
  const lines = [`${m.subject}: expected ${m.expected}, got ${m.actual}`];
  if (m.reason) lines.push(`  why: ${m.reason}`);
  return lines;
}

/** The body of a failing case's message (no file prefix): what differed, why, and what the engine decided. */
export function caseMessageLines(c: CaseResult): string[] {
  if (c.status === 'error') return c.problems.map((p) => printable(`${p.line}:${p.col}: ${p.message}`));
  const lines = c.mismatches.flatMap(mismatchLines);
  const blocking = c.decision?.verdicts.filter((v) => v.status === 'fail' || v.status === 'error') ?? [];
  const modeMismatch = c.mismatches.some((m) => m.subject === 'mode');
  if (modeMismatch && blocking.length > 0) {
    lines.push('blocked by:', ...blocking.map((v) => `  ${v.guardrail} (${v.status}): ${v.reason}`));
  }
  if (c.decision) lines.push(`decision: ${c.decision.sentence}`);
  return lines.map(printable);
}

/** One file's report: a line per case, the details of each failure, file problems and warnings. */
export function fileReportLines(result: TestFileResult): string[] {
  const lines: string[] = [];
  for (const p of result.problems) lines.push(`ERROR ${problemLine(result.file, p)}`);
  for (const w of result.warnings) lines.push(`warning: ${problemLine(result.file, w)}`);
  for (const c of result.cases) {
    const where = `${result.file}:${c.expectAt.line}:${c.expectAt.col}`;
    const label = c.status === 'passed' ? 'ok   ' : c.status === 'failed' ? 'FAIL ' : 'ERROR';
    lines.push(printable(`${label} ${where}: ${c.name}`));
    if (c.status !== 'passed') lines.push(...caseMessageLines(c).map((l) => `      ${l}`));
  }
  return lines;
}

export interface RunSummary {
  files: number;
  cases: number;
  passed: number;
  failed: number;
  /** Cases that could not run plus test files that are invalid. */
  errors: number;
}

export function summarize(results: readonly TestFileResult[]): RunSummary {
  const cases = results.flatMap((r) => r.cases);
  return {
    files: results.length,
    cases: cases.length,
    passed: cases.filter((c) => c.status === 'passed').length,
    failed: cases.filter((c) => c.status === 'failed').length,
    errors: cases.filter((c) => c.status === 'error').length + results.filter((r) => r.problems.length > 0).length,
  };
}
