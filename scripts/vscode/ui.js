#!/usr/bin/env node
'use strict';
// UI flow through the real workbench: code-server with this repo as the extension under development
// and a copy of test/vscode/workspace/ opened, driven by headless Chromium (Playwright). Opens the
// workspace's runbook file, checks the explorer, and saves screenshots/ui-runbook.png.
//
//   npm run test:ui               (builds first)
//   node scripts/vscode/ui.js
//
// Exit: 0 ok, 1 a UI check failed (a screenshots/ui-failure.png is saved), 2 infrastructure.
// Env: REMEDIATOR_KEEP_TMP=1 keeps code-server's temp dir (logs).
const assert = require('assert');
const path = require('path');
const { REPO, EXIT, InfraError, logger } = require('./lib/env');
const { openSession } = require('./lib/session');
const ui = require('./lib/workbench');

const log = logger('test:ui');
const RUNBOOK = 'lab.runbook.yaml';

/** The flow itself: a list of steps over the workbench page. */
async function flow(page) {
  await ui.waitForWorkbench(page);
  log('workbench loaded');

  await ui.openViewContainer(page, 'Explorer');
  const items = await ui.readTreeItems(page, { waitFor: RUNBOOK });
  log(`explorer items: ${JSON.stringify(items.map((i) => i.label))}`);
  assert.ok(items.some((i) => i.label === RUNBOOK), `${RUNBOOK} not shown in the explorer`);

  await ui.openFile(page, RUNBOOK);
  const text = await ui.visibleEditorText(page);
  assert.match(text, /kind:\s*RemediationRunbook/, 'the editor does not show the runbook');
  log(`opened ${RUNBOOK} in the editor`);

  // The F1 step, with a built-in command whose effect is visible: the explorer keeps the file selected.
  await ui.runCommand(page, 'File: Reveal Active File in Explorer View');
  await page.locator('.part.sidebar .monaco-list-row.selected', { hasText: RUNBOOK }).waitFor({ timeout: 30000 });
  log('command palette: revealed the active file in the explorer');

  const shot = await ui.screenshot(page, 'ui-runbook');
  log(`screenshot: ${path.relative(REPO, shot)}`);
}

(async () => {
  let session, exitCode = EXIT.INFRA;
  try {
    session = await openSession({ log });
    const { cs, page } = session;
    page.setDefaultTimeout(30000);
    const started = Date.now();
    await page.goto(cs.url([['extensionDevelopmentPath', cs.remote(REPO)]]));
    exitCode = EXIT.FAIL; // from here on, a failure is the UI's
    await session.race(flow(page));
    log(`UI flow passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    exitCode = EXIT.PASS;
  } catch (e) {
    if (e instanceof InfraError) exitCode = EXIT.INFRA;
    const detail = e instanceof ui.StepError || e instanceof InfraError ? e.message : (e && e.stack) || e;
    console.error(`[test:ui] FAILED: ${detail}`);
    if (session) {
      const shot = await ui.screenshot(session.page, 'ui-failure').catch(() => undefined);
      if (shot) console.error(`[test:ui] screenshot of the failure: ${path.relative(REPO, shot)}`);
    }
  } finally {
    await session?.close({ keep: exitCode !== EXIT.PASS });
  }
  log(exitCode === EXIT.PASS ? 'PASS' : exitCode === EXIT.FAIL ? 'FAIL' : 'ERROR (infrastructure)');
  process.exit(exitCode);
})().catch((e) => {
  console.error('[test:ui] crashed:', e);
  process.exit(EXIT.INFRA);
});
