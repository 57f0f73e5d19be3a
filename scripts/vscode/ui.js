#!/usr/bin/env node
'use strict';
// UI flow through the real workbench: code-server with this repo as the extension under development
// and a copy of test/vscode/workspace/ opened, driven by headless Chromium (Playwright). Opens the
// workspace's runbook file, checks the explorer, and saves screenshots/ui-runbook.png; then opens a
// runbook with a problem, checks the squiggle and CodeLens, triggers completion and saves
// screenshots/runbook-diagnostics-completion.png. With a cluster that answers (REMEDIATOR_TEST_KUBECONFIG,
// KUBECONFIG or .cluster/kubeconfig), seeds a lab namespace and saves the workloads tree with eligibility
// (screenshots/ui-workloads-tree.png), a dry run of a marked pod in the panel (screenshots/ui-dry-run-panel.png),
// then executes it from the panel's button through the modal (ui-execute-confirm.png, ui-execute-verified.png),
// and dry-runs the singleton pod from the runbook's CodeLens (ui-dry-run-abort.png). Then runs a sample
// runbook's tests from the Test Explorer (ui-test-explorer.png). Last, with or without a cluster, the
// Remediation Report over the report fixture's audit log (screenshots/ui-remediation-report.png,
// ui-remediation-report-charts.png).
//
//   npm run test:ui               (builds first)
//   node scripts/vscode/ui.js
//
// Exit: 0 ok, 1 a UI check failed (a screenshots/ui-failure.png is saved), 2 infrastructure.
// Env: REMEDIATOR_KEEP_TMP=1 keeps code-server's temp dir (logs). REMEDIATOR_UI_CHURN=1 creates and deletes
// namespaces on the cluster for the whole flow (as other suites do on a long-lived cluster).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { REPO, EXIT, InfraError, logger } = require('./lib/env');
const { openSession } = require('./lib/session');
const ui = require('./lib/workbench');
const { findKubeconfig, seedUiLab } = require('./lib/clusterLab');
const { startNamespaceChurn } = require('./lib/namespaceChurn');

const log = logger('test:ui');
const RUNBOOK = 'lab.runbook.yaml';
/** A runbook with a misspelled risk (line 10) and an empty decisionMode (line 11) for the authoring step. */
const RUNBOOK_WITH_PROBLEMS = 'authoring/needs-fixes.yaml';
const DECISION_MODE_LINE = 11;
/** The sample whose runbook tests the Test Explorer step runs (runbooks/tests/<name>.runbook-test.yaml). */
const SAMPLE_TEST = 'replace-redundant-pod';

/** The flow itself: a list of steps over the workbench page. */
async function flow(page, lab, workspace) {
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
  if (lab) await clusterWorkloads(page, lab);
  else log('cluster steps skipped: no kubeconfig answers (npm run cluster:up)');
  await runbookTests(page);
  await remediationReport(page, workspace);
}

/** A sample runbook's tests, run from the Test Explorer; every case shows as passed. */
async function runbookTests(page) {
  await ui.runCommand(page, 'View: Close All Editors');
  await ui.openFile(page, `samples/${SAMPLE_TEST}.runbook-test.yaml`);
  await ui.openViewContainer(page, 'Testing');
  const fileRow = page.locator(`.part.sidebar .monaco-list-row[aria-label^="${SAMPLE_TEST}"]`).first();
  await ui.step('wait for the runbook test file in the Test Explorer', () => fileRow.waitFor({ timeout: 60000 }));
  await ui.runCommand(page, 'Test: Run All Tests');
  await ui.step('wait for the test file to pass', () =>
    fileRow.locator('.codicon-testing-passed-icon').waitFor({ timeout: 60000 }));
  if ((await fileRow.getAttribute('aria-expanded')) !== 'true') await fileRow.click();
  const passed = page.locator('.part.sidebar .monaco-list-row[aria-level="2"] .codicon-testing-passed-icon');
  await ui.step('wait for the cases to show as passed', () => passed.first().waitFor({ timeout: 30000 }));
  log(`test explorer: ${await passed.count()} cases of ${SAMPLE_TEST} passed`);
  await ui.runCommand(page, 'Notifications: Clear All Notifications');
  const shot = await ui.screenshot(page, 'ui-test-explorer');
  log(`screenshot: ${path.relative(REPO, shot)}`);
}

/** Copies a sample runbook, its tests and the lab state into the workspace, with the paths made local. */
function seedSampleTests(workspace) {
  const dir = path.join(workspace, 'samples');
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'runbooks', `${SAMPLE_TEST}.yaml`), path.join(dir, `${SAMPLE_TEST}.yaml`));
  fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'simulate', 'lab', 'state.json'), path.join(dir, 'lab-state.json'));
  fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'simulate', 'lab-rerun', 'history.jsonl'), path.join(dir, 'lab-history.jsonl'));
  const tests = fs.readFileSync(path.join(REPO, 'runbooks', 'tests', `${SAMPLE_TEST}.runbook-test.yaml`), 'utf8')
    .replace(/^(\s*runbook:\s*).*$/m, `$1./${SAMPLE_TEST}.yaml`)
    .replace(/^(\s*state:\s*).*$/m, '$1./lab-state.json')
    .replace(/^(\s*history:\s*).*lab-rerun\/history\.jsonl$/gm, '$1./lab-history.jsonl');
  fs.writeFileSync(path.join(dir, `${SAMPLE_TEST}.runbook-test.yaml`), tests);
}

/**
 * The Remediation Report over a known audit log (test/fixtures/report/audit.jsonl: three runbooks, one of
 * which should move left): remediator.auditFile is pointed at a copy, the report opened and its charts drawn.
 */
async function remediationReport(page, workspace) {
  await ui.runCommand(page, 'View: Close All Editors'); // the report is then the only webview
  const audit = path.join(path.dirname(workspace), 'ui-report-audit.jsonl');
  fs.copyFileSync(path.join(REPO, 'test', 'fixtures', 'report', 'audit.jsonl'), audit);
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, 'remediator.auditFile': audit }, null, 2));
  await ui.runCommand(page, 'Remediator: Show Remediation Report');
  // The workbench reads the changed settings file on its own time: Refresh until the report is of that log.
  await ui.step('wait for the report of the fixture log, with its charts', async () => {
    const deadline = Date.now() + 60000;
    const canvas = ui.webviewLocator(page, 'canvas').first();
    for (;;) {
      const text = await ui.webviewLocator(page, 'h2').allTextContents().catch(() => []);
      if (text.some((t) => t.startsWith('scale-up-queue-workers'))) break;
      if (Date.now() > deadline) throw new Error(`the report shows ${JSON.stringify(text)}`);
      await ui.webviewLocator(page, 'button', { hasText: 'Refresh' }).click({ timeout: 30000 });
      await ui.webviewLocator(page, 'h1').waitFor({ timeout: 30000 });
    }
    await canvas.waitFor({ timeout: 30000 });
  });
  const verdicts = await ui.webviewLocator(page, 'h2 .badge').allTextContents();
  log(`remediation report: ${JSON.stringify(verdicts)}`);
  assert.ok(verdicts.includes('move left'), 'the worker runbook (two failed verifications) does not move left');
  // The worker runbook's verdict, evidence, figures and first chart with its table in view.
  await ui.runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  await ui.webviewLocator(page, 'h2', { hasText: 'scale-up-queue-workers' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.mouse.move(900, 20); // no hover tooltip over a chart
  let shot = await ui.screenshot(page, 'ui-remediation-report');
  log(`screenshot: ${path.relative(REPO, shot)}`);
  // The charts of the first runbook (replace-redundant-pod), each with its table beside it.
  await ui.webviewLocator(page, '.charts').first().evaluate((c) => c.scrollIntoView({ block: 'start' }));
  shot = await ui.screenshot(page, 'ui-remediation-report-charts');
  await ui.runCommand(page, 'View: Toggle Primary Side Bar Visibility');
  log(`screenshot: ${path.relative(REPO, shot)}`);
}

/** Drags the side bar's sash so tree descriptions (Ready x/y · eligible) are not cut off. */
function widenSideBar(page, width) {
  return ui.step(`widen the side bar to ${width}px`, async () => {
    const box = await page.locator('.part.sidebar').boundingBox();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width + 1, y);
    await page.mouse.down();
    await page.mouse.move(box.x + width, y, { steps: 5 });
    await page.mouse.up();
  });
}

/** The workloads tree with eligibility, then a dry run of the marked web pod shown in the panel. */
async function clusterWorkloads(page, lab) {
  // One view in the container: the side bar title is "Remediator: Workloads", so focus the view by command.
  await ui.runCommand(page, 'View: Close All Editors');
  await ui.runCommand(page, 'Remediator: Focus on Workloads View');
  await widenSideBar(page, 560);
  await ui.step('wait for the kube context in the workloads tree', () =>
    page.locator('.part.sidebar .monaco-list-row[aria-level="1"]').first().waitFor({ timeout: 30000 }));
  // Only the lab's namespace: other suites may be creating namespaces on the same cluster.
  await ui.runCommand(page, 'Remediator: Filter Namespaces…', { opens: 'namespaces shown for' });
  await ui.step(`pick namespace ${lab.namespace} in the filter`, async () => {
    const input = page.locator('.quick-input-widget input');
    await input.fill(lab.namespace);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: lab.namespace }).first().click();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  });
  await ui.expandTreeRow(page, lab.namespace);
  await ui.expandTreeRow(page, 'web');
  await ui.expandTreeRow(page, 'singleton');
  // No collapse-and-expand-again here: a row VS Code expands must get its children the first time, even
  // while namespaces come and go elsewhere on the cluster (REMEDIATOR_UI_CHURN=1 makes them).
  await ui.step('wait for the marked pods', () =>
    page.locator('.part.sidebar .monaco-list-row .label-description', { hasText: 'marked' }).nth(1).waitFor({ timeout: 30000 }));
  const rows = await ui.readTreeItems(page, { waitFor: lab.markedWebPod });
  log(`workloads tree: ${JSON.stringify(rows.map((r) => `${r.label} ${r.description}`))}`);
  assert.ok(rows.some((r) => r.label === 'web' && /^Ready 2\/2 · eligible/.test(r.description)), 'web is not shown as eligible');
  let shot = await ui.screenshot(page, 'ui-workloads-tree');
  log(`screenshot: ${path.relative(REPO, shot)}`);

  await ui.treeContextMenu(page, lab.markedWebPod, 'Dry-run Runbook…');
  // The incident, prefilled from the marked pod: accept each proposed value.
  await ui.acceptQuickInput(page, 'Incident id');
  await ui.acceptQuickInput(page, 'Symptom (prefilled from the pod)');
  await ui.acceptQuickInput(page, 'Probable cause');
  await ui.acceptQuickInput(page, 'Confidence in the diagnosis');
  await ui.step('wait for the dry-run panel', () => ui.webviewLocator(page, 'h2', { hasText: 'Guardrails' }).waitFor({ timeout: 60000 }));
  const mode = await ui.webviewLocator(page, '.badge').first().textContent();
  log(`dry-run panel: mode ${mode}`);
  assert.strictEqual(mode, 'auto_execute');
  await page.mouse.move(900, 850); // no hover tooltip over the panel
  await page.keyboard.press('Escape'); // dismiss the progress notification if it lingers
  shot = await ui.screenshot(page, 'ui-dry-run-panel');
  log(`screenshot: ${path.relative(REPO, shot)}`);

  // Execute from the panel: the webview posts a typed message, the host asks in a modal with the plan.
  await ui.step('click Execute in the panel', () => ui.webviewLocator(page, 'button', { hasText: 'Execute' }).click());
  const dialog = page.locator('.monaco-dialog-box');
  await ui.step('wait for the confirmation modal', () => dialog.filter({ hasText: 'delete pod' }).waitFor({ timeout: 60000 }));
  shot = await ui.screenshot(page, 'ui-execute-confirm');
  log(`screenshot: ${path.relative(REPO, shot)}`);
  await ui.step('confirm in the modal', () => dialog.locator('.monaco-button', { hasText: /^Execute$/ }).click());
  const result = await ui.waitForNotification(page, 'verified', { timeout: 120000 });
  log(`execute: ${result}`);
  await ui.step('wait for the outcome in the panel', () => ui.webviewLocator(page, '.outcome-verified').waitFor({ timeout: 30000 }));
  shot = await ui.screenshot(page, 'ui-execute-verified');
  log(`screenshot: ${path.relative(REPO, shot)}`);

  // From the runbook's CodeLens: pick the target (the singleton pod), accept the incident, see the abort.
  await ui.openFile(page, `runbooks/${lab.runbook}.yaml`);
  await ui.step('click the Dry-run… CodeLens', async () => {
    const lens = activeEditor(page).locator('.codelens-decoration a', { hasText: 'Dry-run…' }).first();
    await lens.waitFor({ timeout: 30000 });
    await lens.click();
  });
  await ui.step('pick the singleton pod as the target', async () => {
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'pick the target' }).waitFor({ timeout: 30000 });
    await input.fill('singleton');
    await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'singleton' }).waitFor({ timeout: 30000 });
    await page.keyboard.press('Enter');
  });
  await ui.acceptQuickInput(page, 'Incident id');
  await ui.acceptQuickInput(page, 'Symptom (prefilled from the pod)');
  await ui.acceptQuickInput(page, 'Probable cause');
  await ui.acceptQuickInput(page, 'Confidence in the diagnosis');
  await ui.step('wait for the abort in the panel', () => ui.webviewLocator(page, '.badge', { hasText: 'abort' }).waitFor({ timeout: 60000 }));
  await ui.webviewLocator(page, '.verdict-fail').first().scrollIntoViewIfNeeded();
  shot = await ui.screenshot(page, 'ui-dry-run-abort');
  log(`screenshot: ${path.relative(REPO, shot)}`);
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
  let session, lab, churn, exitCode = EXIT.INFRA;
  try {
    const kubeconfig = findKubeconfig();
    session = await openSession({ log, env: kubeconfig ? { KUBECONFIG: kubeconfig } : {} });
    const { cs, page } = session;
    seedSampleTests(cs.workspace);
    if (kubeconfig) {
      lab = seedUiLab(kubeconfig, cs.workspace);
      log(`cluster lab in namespace ${lab.namespace} (${kubeconfig})`);
      if (process.env.REMEDIATOR_UI_CHURN === '1') churn = startNamespaceChurn(kubeconfig, { log });
    }
    page.setDefaultTimeout(30000);
    const started = Date.now();
    await page.goto(cs.url([['extensionDevelopmentPath', cs.remote(REPO)]]));
    exitCode = EXIT.FAIL; // from here on, a failure is the UI's
    await session.race(flow(page, lab, cs.workspace));
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
    if (churn) log(`namespace churn: ${(await churn.stop()).created} namespaces created and deleted during the flow`);
    lab?.remove();
    await session?.close({ keep: exitCode !== EXIT.PASS });
  }
  log(exitCode === EXIT.PASS ? 'PASS' : exitCode === EXIT.FAIL ? 'FAIL' : 'ERROR (infrastructure)');
  process.exit(exitCode);
})().catch((e) => {
  console.error('[test:ui] crashed:', e);
  process.exit(EXIT.INFRA);
});
