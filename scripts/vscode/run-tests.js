#!/usr/bin/env node
'use strict';
// Runs the extension-host mocha suite (dist/test/vscode/suite/index.entry.js, which exports
// run(): Promise<void> per the @vscode/test-electron contract) with this repo as the extension under
// development and a copy of test/vscode/workspace/ as the open folder.
//
//   npm run test:vscode             (builds first)
//   node scripts/vscode/run-tests.js
//
// Default: inside code-server's Node extension host, driven by headless Chromium (works offline;
// installs code-server on first use). REMEDIATOR_VSCODE=electron: desktop VS Code downloaded by
// @vscode/test-electron (needs network access to update.code.visualstudio.com and, on Linux, a display
// such as xvfb-run).
//
// With code-server the suite runs twice: trusted (workspace trust off, as most tests need), then in
// restricted mode (trust on, the folder untrusted), where only the "untrusted workspace" suite runs.
// REMEDIATOR_TEST_TRUST=trusted|untrusted runs one of the two.
//
// Exit: 0 all tests passed, 1 a test failed, 2 infrastructure problem (install, start, crash, timeout).
// The whole environment reaches the extension host (KUBECONFIG, REMEDIATOR_TEST_KUBECONFIG, ...).
// Env: REMEDIATOR_TEST_GREP (mocha grep), REMEDIATOR_TEST_TIMEOUT_MS (whole run, default 300000),
//      REMEDIATOR_KEEP_TMP=1 (keep the temp dir), REMEDIATOR_VSCODE_VERSION (electron only).
const fs = require('fs');
const os = require('os');
const path = require('path');
const util = require('util');
const { REPO, SUITE_ENTRY, WORKSPACE_FIXTURE, EXIT, InfraError, logger, withDeadline } = require('./lib/env');

const log = logger('test:vscode');
/** First line the suite prints (test/vscode/suite/index.entry.ts). */
const SUITE_BANNER = '[suite] ';
const TIMEOUT = Number(process.env.REMEDIATOR_TEST_TIMEOUT_MS || 300000);

function printResults(file) {
  if (!file || !fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const f of r.failures) console.log(`FAILED: ${f.title}\n${f.error}`);
  console.log(`${r.passes.length} passed, ${r.failures.length} failed`
    + (r.pending.length ? `, ${r.pending.length} skipped` : '') + ` (mocha ${r.durationMs} ms)`);
}

/** The test title every restricted-mode test sits under (test/vscode/suite/untrusted.test.ts). */
const UNTRUSTED_SUITE = 'untrusted workspace';

/**
 * code-server + Chromium: the suite runs in code-server's extension host; we wait for its verdict.
 * `untrusted`: in restricted mode, only the untrusted-workspace suite.
 */
async function runInCodeServer(untrusted = false) {
  const { openSession } = require('./lib/session');
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-results-'));
  const resultsFile = path.join(resultsDir, 'results.json');
  let session, exitCode = EXIT.INFRA;
  try {
    const trust = untrusted ? { REMEDIATOR_TEST_TRUST: 'untrusted', REMEDIATOR_TEST_GREP: UNTRUSTED_SUITE } : { REMEDIATOR_TEST_TRUST: 'trusted' };
    session = await openSession({ log, untrusted, env: { REMEDIATOR_TEST_RESULTS: resultsFile, REMEDIATOR_TEST_HOST: 'code-server', ...trust } });
    const { cs, page } = session;
    // In test mode the workbench hands its log, which includes the extension host's console (mocha's
    // reporter), to window.codeAutomationLog, and run()'s outcome to window.codeAutomationExit(code).
    // Both must exist before the page loads. Workbench chatter before the suite starts goes only to
    // workbench.log (REMEDIATOR_VERBOSE=1 prints it), errors always reach the console.
    const workbenchLog = path.join(cs.tmp, 'workbench.log');
    let suiteStarted = false;
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const line = util.format(...args);
      try { fs.appendFileSync(workbenchLog, `${level} ${line}\n`); } catch { /* temp dir already gone */ }
      suiteStarted ||= line.startsWith(SUITE_BANNER);
      if (suiteStarted || level === 'error' || process.env.REMEDIATOR_VERBOSE) console.log(line);
    });
    const verdict = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    const started = Date.now();
    await page.goto(cs.url([
      ['extensionDevelopmentPath', cs.remote(REPO)],
      ['extensionTestsPath', cs.remote(SUITE_ENTRY)],
    ]));
    await session.race(page.waitForSelector('.monaco-workbench', { timeout: 60000 }));
    log('workbench loaded; suite running in the extension host');
    const code = await session.race(withDeadline(verdict, TIMEOUT, 'test suite'));
    log(`suite finished with exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (!fs.existsSync(resultsFile)) {
      // The suite entry never got to write its results (it failed to load, or is not ours).
      throw new InfraError(`the suite exited with ${code} without writing its results; see the log above`);
    }
    exitCode = code === 0 ? EXIT.PASS : EXIT.FAIL;
  } catch (e) {
    exitCode = EXIT.INFRA;
    console.error(`[test:vscode] ERROR: ${e instanceof InfraError ? e.message : (e && e.stack) || e}`);
  } finally {
    await session?.close({ keep: exitCode !== EXIT.PASS });
    printResults(resultsFile);
    fs.rmSync(resultsDir, { recursive: true, force: true });
  }
  return exitCode;
}

/** Desktop VS Code through @vscode/test-electron (machines that can download it). */
async function runInElectron() {
  const { runTests, TestRunFailedError } = require('@vscode/test-electron');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-electron-'));
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(WORKSPACE_FIXTURE, workspace, { recursive: true });
  const resultsFile = path.join(tmp, 'results.json');
  let exitCode = EXIT.INFRA;
  try {
    await runTests({
      version: process.env.REMEDIATOR_VSCODE_VERSION || undefined, // default: latest stable
      cachePath: path.join(REPO, '.vscode-test'),
      extensionDevelopmentPath: REPO,
      extensionTestsPath: SUITE_ENTRY,
      // Own profile dirs: otherwise test-electron shares one under .vscode-test/ between runs.
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(tmp, 'user-data')}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`],
      extensionTestsEnv: { REMEDIATOR_TEST_RESULTS: resultsFile, REMEDIATOR_TEST_HOST: 'electron' },
    });
    exitCode = EXIT.PASS;
  } catch (e) {
    // VS Code exits 1 when run() rejects (a test failed); anything else is the harness or the editor.
    if (e instanceof TestRunFailedError && e.code === 1 && fs.existsSync(resultsFile)) exitCode = EXIT.FAIL;
    else console.error(`[test:vscode] ERROR: ${(e && e.stack) || e}`);
  } finally {
    printResults(resultsFile);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return exitCode;
}

(async () => {
  if (!fs.existsSync(SUITE_ENTRY)) {
    console.error(`[test:vscode] ${path.relative(REPO, SUITE_ENTRY)} is missing: run "npm run build" first`);
    process.exit(EXIT.INFRA);
  }
  // The suite drives the extension through its test hooks, which only the development build has; after
  // `npm run package` dist/ holds the production build.
  const bundle = path.join(REPO, 'dist', 'extension.js');
  if (!fs.existsSync(bundle) || !fs.readFileSync(bundle, 'utf8').includes('remediator._test.api')) {
    console.error('[test:vscode] dist/extension.js is a production build (no test hooks) or missing: run "npm run build" first');
    process.exit(EXIT.INFRA);
  }
  const mode = process.env.REMEDIATOR_VSCODE || 'code-server';
  if (!['code-server', 'electron'].includes(mode)) {
    console.error(`[test:vscode] REMEDIATOR_VSCODE must be "code-server" or "electron", not "${mode}"`);
    process.exit(EXIT.INFRA);
  }
  log(`running ${path.relative(REPO, SUITE_ENTRY)} in ${mode}`);
  const trust = process.env.REMEDIATOR_TEST_TRUST || 'both';
  if (!['both', 'trusted', 'untrusted'].includes(trust)) {
    console.error(`[test:vscode] REMEDIATOR_TEST_TRUST must be "trusted" or "untrusted", not "${trust}"`);
    process.exit(EXIT.INFRA);
  }
  let code;
  if (mode === 'electron') code = await runInElectron();
  else {
    code = trust === 'untrusted' ? EXIT.PASS : await runInCodeServer(false);
    if (trust !== 'trusted' && code !== EXIT.INFRA) {
      log(`restricted mode: the "${UNTRUSTED_SUITE}" suite in an untrusted workspace`);
      code = Math.max(code, await runInCodeServer(true));
    }
  }
  log(code === EXIT.PASS ? 'PASS' : code === EXIT.FAIL ? 'FAIL (tests failed)' : 'ERROR (infrastructure)');
  process.exit(code);
})().catch((e) => {
  console.error('[test:vscode] crashed:', e);
  process.exit(EXIT.INFRA);
});
