// remediator test PATH...: runs runbook tests (`*.runbook-test.yaml`) with the pure engine and compares
// each case's decision with its `expect`. The runner is src/core/testing; this file finds the files,
// prints, and writes JUnit XML.
import * as fs from 'fs';
import * as path from 'path';
import { fileReportLines, junitXml, runRunbookTest, summarize, RUNBOOK_TEST_SUFFIX, type RunbookTestPort, type TestFileResult } from '../../core/testing';
import { parseArgs, single } from '../args';
import { EXIT_INVALID, EXIT_OK, InputError, UsageError, type CliIO, type Command } from '../io';

export const TEST_HELP = `Usage: remediator test PATH... [--junit FILE] [--json]

Runs runbook tests. A PATH is a test file or a directory searched recursively for *${RUNBOOK_TEST_SUFFIX}.
Paths inside a test file are relative to that file. Each case names a target, an optional incident and
the decision expected (mode, and the status of each guardrail listed); the runbook is decided offline
against the saved state, as simulate does.
  --junit FILE  also write JUnit XML (a testsuite per file, a testcase per case)
  --json        print one JSON document instead of text
Exit 0 when every case passes, 1 when a case fails or a test file is invalid, 2 for usage errors.
`;

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'dist']);

function findTests(dir: string, found: string[]): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    // Symbolic links are not followed (Dirent reports them as links), so a link cycle cannot loop.
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) findTests(full, found);
    else if (entry.isFile() && entry.name.endsWith(RUNBOOK_TEST_SUFFIX)) found.push(full);
  }
}

function testFiles(io: CliIO, paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.resolve(io.cwd, given));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new InputError(`${given}: ${code === 'ENOENT' ? 'no such file or directory' : code ?? String(err)}`);
    }
    if (!stat.isDirectory()) {
      files.push(given);
      continue;
    }
    const before = files.length;
    try {
      findTests(path.resolve(io.cwd, given), files);
    } catch (err) {
      throw new InputError(`${given}: cannot list (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    // Shown relative to what the user typed, like the files named directly.
    for (let i = before; i < files.length; i++) files[i] = path.join(given, path.relative(path.resolve(io.cwd, given), files[i]));
  }
  if (files.length === 0) throw new InputError(`no *${RUNBOOK_TEST_SUFFIX} files under ${paths.join(', ')}`);
  return files;
}

function runOne(file: string, port: RunbookTestPort): TestFileResult {
  try {
    return runRunbookTest(file, port);
  } catch (err) {
    // The runner never throws on content; if it does anyway, the file is reported as an error, not a crash.
    return { file, problems: [{ line: 1, col: 1, message: `could not run this test file: ${err instanceof Error ? err.message : String(err)}` }], warnings: [], cases: [] };
  }
}

export const testCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['junit'], booleans: ['json', 'help'] });
  if (args.booleans.has('help')) { io.stdout(TEST_HELP); return EXIT_OK; }
  if (args.positionals.length === 0) throw new UsageError('name at least one test file or directory');
  const files = testFiles(io, args.positionals);
  const port: RunbookTestPort = { readFile: (p) => io.readFile(path.resolve(io.cwd, p)), now: () => new Date() };
  const results = files.map((file) => runOne(file, port));
  const summary = summarize(results);
  const junit = single(args, 'junit');
  if (junit !== undefined) {
    try {
      fs.writeFileSync(path.resolve(io.cwd, junit), junitXml(results));
    } catch (err) {
      throw new InputError(`--junit ${junit}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  if (args.booleans.has('json')) {
    io.stdout(`${JSON.stringify({ summary, files: results }, null, 2)}\n`);
  } else {
    const lines = results.flatMap(fileReportLines);
    // Closing lines in mocha's form ("N passing", "N failing"), which scripts/test-all.sh adds up.
    lines.push('', `  ${summary.passed} passing (${summary.files} test file${summary.files === 1 ? '' : 's'})`);
    if (summary.failed + summary.errors > 0) lines.push(`  ${summary.failed + summary.errors} failing`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return summary.failed + summary.errors > 0 ? EXIT_INVALID : EXIT_OK;
};
