// The packaged extension carries no test hook: builds the production bundles (what `npm run package`
// ships) into a scratch dir with the real esbuild.js and searches every file for the hooks' traces.
// The development build in dist/ (built before the unit tests run) has them: the search can see them.
import { strict as assert } from 'assert';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Strings only the test hooks contain (command ids, the scripted prompts, the env prefix of tests). */
const TRACES = ['remediator._test', 'setConfirmationAnswers', 'ScriptedPrompts', 'setAnswers', 'REMEDIATOR_TEST'];

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(full) : e.name.endsWith('.js') ? [full] : [];
  });
}

function tracesIn(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return TRACES.filter((t) => text.includes(t));
}

describe('production bundle: no test hooks', function () {
  this.timeout(180_000);
  let out: string;
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-production-'));
    execFileSync(process.execPath, ['esbuild.js', '--production', `--outdir=${out}`], { cwd: process.cwd(), stdio: 'pipe' });
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it('builds the shipped bundles and none carries a test hook, the scripted prompts or a test env variable', () => {
    const files = jsFiles(out).map((f) => path.relative(out, f)).sort();
    assert.deepEqual(files, ['cli.js', 'extension.js', 'k8s.js', path.join('webview', 'panel.main.js'), path.join('webview', 'replay.main.js'), path.join('webview', 'report.main.js')]);
    const found = files.map((f) => [f, tracesIn(path.join(out, f))] as const).filter(([, t]) => t.length > 0);
    assert.deepEqual(found, []);
    // The search works on minified text: the real commands are still there.
    const extension = fs.readFileSync(path.join(out, 'extension.js'), 'utf8');
    assert.ok(extension.includes('remediator.execute') && extension.includes('remediator.dryRun'));
    // Nothing in the editor bundle reads the environment, so no variable can pre-answer a confirmation.
    assert.ok(!extension.includes('process.env'), 'dist/extension.js reads process.env');
  });

  it('the development build (the one the extension-host tests load) does carry them', () => {
    const dev = path.join(process.cwd(), 'dist', 'extension.js');
    assert.ok(fs.existsSync(dev), 'run npm run build first');
    assert.ok(tracesIn(dev).includes('remediator._test'), 'the development build registers the test hooks');
  });
});
