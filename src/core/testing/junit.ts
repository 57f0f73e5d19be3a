// JUnit XML for CI: one <testsuite> per test file, one <testcase> per case. An invalid test file is a
// suite with one <testcase> holding an <error>, so `tests`, `failures` and `errors` always count the
// elements really written.
import { caseMessageLines, problemLine } from './format';
import type { CaseResult, TestFileResult } from './types';

// Characters XML 1.0 cannot carry at all (even escaped): most C0 controls, lone surrogates, U+FFFE/F.
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function xmlAttr(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values).map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');
}

function caseXml(file: string, suite: string, c: CaseResult): string {
  const open = `    <testcase${attrs({ name: c.name, classname: suite, file, line: c.expectAt.line })}`;
  if (c.status === 'passed') return `${open}/>`;
  const body = caseMessageLines(c).join('\n');
  const first = c.status === 'failed' ? c.mismatches.map((m) => `${m.subject}: expected ${m.expected}, got ${m.actual}`).join('; ')
    : c.problems[0]?.message ?? 'the case could not run';
  const element = c.status === 'failed' ? 'failure' : 'error';
  return `${open}>\n      <${element}${attrs({ message: `${file}:${c.expectAt.line}:${c.expectAt.col}: ${first}`, type: c.status === 'failed' ? 'mismatch' : 'invalid' })}>${xmlText(body)}</${element}>\n    </testcase>`;
}

function suiteXml(result: TestFileResult): string {
  const suite = result.name ?? result.file;
  if (result.problems.length > 0) {
    const text = result.problems.map((p) => problemLine(result.file, p)).join('\n');
    return `  <testsuite${attrs({ name: suite, file: result.file, tests: 1, failures: 0, errors: 1 })}>\n`
      + `    <testcase${attrs({ name: 'test file', classname: suite, file: result.file, line: result.problems[0].line })}>\n`
      + `      <error${attrs({ message: problemLine(result.file, result.problems[0]), type: 'invalid' })}>${xmlText(text)}</error>\n`
      + '    </testcase>\n  </testsuite>';
  }
  const failures = result.cases.filter((c) => c.status === 'failed').length;
  const errors = result.cases.filter((c) => c.status === 'error').length;
  const cases = result.cases.map((c) => caseXml(result.file, suite, c));
  return [`  <testsuite${attrs({ name: suite, file: result.file, tests: result.cases.length, failures, errors })}>`, ...cases, '  </testsuite>'].join('\n');
}

export function junitXml(results: readonly TestFileResult[]): string {
  const suites = results.map(suiteXml);
  const count = (pick: (r: TestFileResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const tests = count((r) => (r.problems.length > 0 ? 1 : r.cases.length));
  const failures = count((r) => (r.problems.length > 0 ? 0 : r.cases.filter((c) => c.status === 'failed').length));
  const errors = count((r) => (r.problems.length > 0 ? 1 : r.cases.filter((c) => c.status === 'error').length));
  return ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attrs({ name: 'remediator test', tests, failures, errors })}>`, ...suites, '</testsuites>', ''].join('\n');
}
