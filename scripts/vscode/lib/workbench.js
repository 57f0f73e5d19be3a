'use strict';
// UI steps against the real workbench (a Playwright Page showing code-server). Each step waits for a
// visible outcome with a deadline (never a fixed sleep) and throws a readable error when it is not
// reached. Later UI flows compose these; add new steps here.
const fs = require('fs');
const path = require('path');
const util = require('util');
const { REPO } = require('./env');

const SCREENSHOTS = path.join(REPO, 'screenshots');
const DEFAULT_TIMEOUT = 30000;

const quickInput = (page) => page.locator('.quick-input-widget');
const quickInputRow = (page, text) => quickInput(page).locator('.monaco-list-row.focused', { hasText: text });

/** A UI step that did not reach its outcome; the message says which step and what was awaited. */
class StepError extends Error {}

/** Runs a step; a failure becomes a StepError naming the step (original error as `cause`). */
async function step(what, fn) {
  const started = Date.now();
  try {
    const result = await fn();
    if (process.env.REMEDIATOR_VERBOSE) console.log(`[ui step] ${what} (${Date.now() - started} ms)`);
    return result;
  } catch (e) {
    if (e instanceof StepError) throw e;
    throw new StepError(`${what}: ${util.stripVTControlCharacters(String((e && e.message) || e))}`, { cause: e });
  }
}

/** Waits until the workbench layout is there (activity bar, status bar). */
function waitForWorkbench(page, { timeout = 90000 } = {}) {
  return step('wait for the workbench', async () => {
    await page.locator('.monaco-workbench').waitFor({ timeout });
    await page.locator('.part.activitybar').waitFor({ timeout });
    await page.locator('.part.statusbar').waitFor({ timeout });
  });
}

/**
 * Sets the open quick input's value to `value` in one go (typing key by key costs ~60 ms a key, as
 * the workbench filters on each), waits for a focused row containing `match`, and accepts it.
 */
async function acceptQuickPick(page, value, match, timeout, opensTitle) {
  const input = quickInput(page).locator('input');
  await input.waitFor({ timeout });
  await input.fill(value, { timeout });
  await quickInputRow(page, match).waitFor({ timeout });
  await page.keyboard.press('Enter');
  // A command that opens its own quick input can reuse the widget before it was ever hidden: wait for its title.
  if (opensTitle) await quickInput(page).locator('.quick-input-title', { hasText: opensTitle }).waitFor({ timeout });
  else await quickInput(page).waitFor({ state: 'hidden', timeout });
}

/**
 * F1, types the command's title (e.g. "View: Show Explorer"), runs the matching entry. `opens`: the title
 * (or part of it) of the quick input the command opens, waited for instead of the palette closing.
 */
function runCommand(page, title, { timeout = DEFAULT_TIMEOUT, opens } = {}) {
  return step(`run command "${title}"`, async () => {
    await page.keyboard.press('F1');
    await acceptQuickPick(page, `>${title}`, title, timeout, opens);
  });
}

/**
 * Opens a workspace file through Quick Open (Ctrl+P) and waits until it is the active editor tab.
 * `relPath` is relative to the workspace folder (e.g. "lab.runbook.yaml").
 */
function openFile(page, relPath, { timeout = DEFAULT_TIMEOUT } = {}) {
  const name = path.basename(relPath);
  return step(`open file ${relPath}`, async () => {
    await page.keyboard.press('Control+P');
    await acceptQuickPick(page, relPath, name, timeout);
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout });
  });
}

/** Text of the active editor's visible lines (what the user sees, not the whole document). */
function visibleEditorText(page) {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
}

/**
 * Shows a view container (activity bar entry) by its title, e.g. "Explorer" or the extension's own
 * container. Does nothing when it is already the visible side bar (clicking would hide it).
 */
function openViewContainer(page, title, { timeout = DEFAULT_TIMEOUT } = {}) {
  return step(`open view container "${title}"`, async () => {
    const sidebarTitle = page.locator('.part.sidebar .composite.title h2');
    const showing = await page.locator('.part.sidebar').isVisible()
      && (await sidebarTitle.textContent().catch(() => ''))?.trim().toLowerCase() === title.toLowerCase();
    if (!showing) {
      // aria-label is the title, plus " (keybinding)" for built-in containers.
      const entry = page.locator(`.part.activitybar .action-item a.action-label[aria-label="${title}"], `
        + `.part.activitybar .action-item a.action-label[aria-label^="${title} ("]`).first();
      await entry.click({ timeout });
    }
    await page.locator('.part.sidebar .composite.title h2', { hasText: new RegExp(`^${escapeRegExp(title)}$`, 'i') })
      .waitFor({ timeout });
  });
}

/**
 * Rows of the trees/lists in the side bar: [{ label, description, level, expanded }]. With `waitFor`
 * (a label), first waits until a row with that label appears.
 */
function readTreeItems(page, { waitFor, timeout = DEFAULT_TIMEOUT } = {}) {
  return step('read side bar tree items', async () => {
    const rows = page.locator('.part.sidebar .monaco-list-row');
    if (waitFor) await rows.filter({ has: page.locator('.label-name', { hasText: waitFor }) }).first().waitFor({ timeout });
    return rows.evaluateAll((els) => els.map((r) => ({
      label: (r.querySelector('.label-name')?.textContent ?? r.getAttribute('aria-label') ?? '').trim(),
      description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
      level: Number(r.getAttribute('aria-level') || 0),
      expanded: r.getAttribute('aria-expanded') === 'true',
    })));
  });
}

/** Waits for a notification toast containing `text`; returns its message. */
function waitForNotification(page, text, { timeout = DEFAULT_TIMEOUT } = {}) {
  return step(`wait for notification "${text}"`, async () => {
    const msg = page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
    await msg.waitFor({ timeout });
    return (await msg.textContent())?.trim();
  });
}

/** Saves screenshots/<name>.png in the repository (git-ignored); returns the path. */
async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await step(`screenshot ${name}`, () => page.screenshot({ path: file }));
  return file;
}

/** A side bar tree row by its exact label. */
const treeRow = (page, label) => page.locator('.part.sidebar .monaco-list-row')
  .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();

/** Clicks a collapsed side bar tree row so it expands (no-op when already expanded). */
function expandTreeRow(page, label, { timeout = DEFAULT_TIMEOUT } = {}) {
  return step(`expand tree row "${label}"`, async () => {
    const row = treeRow(page, label);
    await row.waitFor({ timeout });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click({ timeout });
    await page.locator(`.part.sidebar .monaco-list-row[aria-expanded="true"]`)
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first().waitFor({ timeout });
  });
}

/** Right-clicks a side bar tree row and runs the context menu entry `item`. */
function treeContextMenu(page, label, item, { timeout = DEFAULT_TIMEOUT } = {}) {
  return step(`context menu "${item}" on "${label}"`, async () => {
    await treeRow(page, label).click({ button: 'right', timeout });
    await page.locator('.context-view .monaco-menu .action-item .action-label', { hasText: item }).first().waitFor({ timeout });
    // Mouse clicks on the web context menu are not reliable under Playwright: walk it with the keyboard.
    for (let i = 0; i < 30; i++) {
      const focused = await page.locator('.context-view .monaco-menu .action-item.focused').first().textContent({ timeout: 1000 }).catch(() => '');
      if (focused.includes(item)) {
        await page.keyboard.press('Enter');
        await page.locator('.context-view .monaco-menu').first().waitFor({ state: 'hidden', timeout });
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`no menu entry "${item}"`);
  });
}

/** Waits for the open quick input showing `text` (its prompt or its placeholder) and accepts the value shown. */
function acceptQuickInput(page, text, { timeout = DEFAULT_TIMEOUT } = {}) {
  return step(`accept the quick input "${text}"`, async () => {
    const widget = quickInput(page);
    await widget.locator(`.quick-input-message:has-text("${text}"), input[placeholder="${text}"]`).first().waitFor({ timeout });
    await page.keyboard.press('Enter');
  });
}

/** A locator inside the webview panel whose content shows `selector` (webviews nest two iframes). */
function webviewLocator(page, selector, options) {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe').first().locator(selector, options);
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = {
  StepError, step, SCREENSHOTS, waitForWorkbench, runCommand, openFile, visibleEditorText, openViewContainer, readTreeItems,
  waitForNotification, screenshot, treeRow, expandTreeRow, treeContextMenu, acceptQuickInput, webviewLocator,
};
