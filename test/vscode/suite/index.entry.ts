// Entry of the VS Code integration suite, loaded *inside the extension host* (the
// @vscode/test-electron contract): the editor requires this bundle (extensionTestsPath) and calls
// run(); resolving means exit code 0, rejecting exit code 1. It runs every dist/test/vscode/**/*.test.js
// (esbuild bundles each test/vscode/**/*.test.ts there) with mocha's BDD interface (describe/it).
//
// Env (set by scripts/vscode/run-tests.js): REMEDIATOR_TEST_RESULTS (write a JSON summary there),
// REMEDIATOR_TEST_GREP (only tests whose full title matches).
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import type MochaType from 'mocha';

interface TestResult { title: string; durationMs?: number; error?: string }

/** dist/test/vscode: this bundle lives in dist/test/vscode/suite/. */
const TESTS_ROOT = path.resolve(__dirname, '..');
const REPO = path.resolve(TESTS_ROOT, '../../..');
// mocha is loaded from the repository's node_modules at run time rather than bundled: bundling it
// drags in its parallel-mode worker code (esbuild warnings) and half a megabyte for nothing.
const Mocha = createRequire(path.join(REPO, 'package.json'))('mocha') as typeof MochaType;

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.name.endsWith('.test.js')) found.push(full);
  }
  return found.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60000 });
  const grep = process.env.REMEDIATOR_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = findTests(TESTS_ROOT);
  for (const file of files) mocha.addFile(file);
  console.log(`[suite] ${files.length} test file(s) under ${TESTS_ROOT}${grep ? `, grep "${grep}"` : ''}`);

  const passes: TestResult[] = [];
  const failures: TestResult[] = [];
  const pending: TestResult[] = [];
  const started = Date.now();
  const writeResults = () => {
    const out = process.env.REMEDIATOR_TEST_RESULTS;
    if (!out) return;
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify({ passes, failures, pending, durationMs: Date.now() - started }, null, 2));
  };
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failed) => {
        writeResults();
        if (failed > 0) reject(new Error(`${failed} test(s) failed`));
        else if (files.length === 0) reject(new Error(`no *.test.js files under ${TESTS_ROOT}`));
        else resolve();
      });
      runner.on('pass', (t) => passes.push({ title: t.fullTitle(), durationMs: t.duration }));
      runner.on('fail', (t, err: Error) => failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err) }));
      runner.on('pending', (t) => pending.push({ title: t.fullTitle() }));
    } catch (err) {
      // A test file that throws while loading is a failing test, not a harness problem.
      failures.push({ title: 'loading the test files', error: String((err as Error)?.stack ?? err) });
      writeResults();
      reject(err);
    }
  });
}
