#!/usr/bin/env node
'use strict';
// UI flow through the real workbench: code-server with this repo as the extension under development
// and a copy of test/vscode/workspace/ opened, driven by headless Chromium (Playwright). Opens the
// workspace's runbook file, checks the explorer, and saves screenshots/ui-runbook.png; then opens a
// runbook with a problem, checks the squiggle and CodeLens, triggers completion and saves
// screenshots/runbook-diagnostics-completion.png.
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
/** A runbook with a misspelled risk (line 10) and an empty decisionMode (line 11) for the authoring step. */
const RUNBOOK_WITH_PROBLEMS = 'authoring/needs-fixes.yaml';
const DECISION_MODE_LINE = 11;

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

  await runbookAuthoring(page);
}

const activeEditor = (page) => page.locator('.editor-group-container.active .monaco-editor').first();

/** Ctrl+G to a 1-based line and column of the active editor. */
function goToLine(page, line, column, { timeout = 30000 } = {}) {
  return ui.step(`go to line ${line}:${column}`, async () => {
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout });
    await input.fill(`:${line}:${column}`, { timeout });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout });
    await page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).first().waitFor({ timeout });
  });
}

/** Ctrl+Space in the active editor; waits for the suggest widget to list `label`. Returns the labels. */
function triggerCompletion(page, label, { timeout = 30000 } = {}) {
  return ui.step(`complete (Ctrl+Space) and find "${label}"`, async () => {
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.editor-widget.suggest-widget.visible');
    await widget.locator('.monaco-list-row', { hasText: label }).first().waitFor({ timeout });
    return widget.locator('.monaco-list-row .label-name').allInnerTexts();
  });
}

/** Runbook authoring: a diagnostic squiggle from the runbook contract, and schema completion at the cursor. */
async function runbookAuthoring(page) {
  await ui.openFile(page, RUNBOOK_WITH_PROBLEMS);
  await ui.step('wait for the runbook diagnostic squiggle', () =>
    activeEditor(page).locator('.squiggly-error').first().waitFor({ timeout: 30000 }));
  await ui.step('wait for the Dry-run… CodeLens', () =>
    activeEditor(page).locator('.codelens-decoration', { hasText: 'Dry-run…' }).first().waitFor({ timeout: 30000 }));
  log('runbook with problems: squiggle and CodeLens shown');

  await goToLine(page, DECISION_MODE_LINE, '  decisionMode: '.length + 1);
  const labels = await triggerCompletion(page, 'approval_required');
  log(`completion for decisionMode: ${JSON.stringify(labels)}`);
  assert.ok(['manual', 'suggest', 'auto_execute'].every((mode) => labels.includes(mode)), 'the decision modes are not all offered');
  // Ctrl+Space again shows the focused item's documentation: the schema's description of decisionMode.
  await ui.step('show the completion documentation', async () => {
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-details', { hasText: 'How much the engine may do' }).first().waitFor({ timeout: 30000 });
  });

  const shot = await ui.screenshot(page, 'runbook-diagnostics-completion');
  log(`screenshot: ${path.relative(REPO, shot)}`);
  await page.keyboard.press('Escape');
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
