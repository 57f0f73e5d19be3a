// Where helm is looked for: the given path (the CLI's --helm or the editor's remediator.helm.path), then
// REMEDIATOR_HELM, then PATH; a missing one is one sentence naming where it was looked for.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findHelm } from '../../../src/adapters/helm/cli';
import { ClusterError } from '../../../src/core/ports';

describe('findHelm', () => {
  let dir: string;
  let helm: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-findhelm-'));
    helm = path.join(dir, 'helm');
    fs.writeFileSync(helm, '#!/bin/sh\n', { mode: 0o755 });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fails = (f: () => unknown, pattern: RegExp) => assert.throws(f, (err: unknown) => err instanceof ClusterError && err.kind === 'config' && pattern.test(err.message));

  it('the given path wins over REMEDIATOR_HELM and PATH; then REMEDIATOR_HELM; then PATH', () => {
    const other = path.join(dir, 'nothing');
    assert.equal(findHelm({ binary: helm, env: { REMEDIATOR_HELM: other, PATH: '' } }), helm);
    assert.equal(findHelm({ env: { REMEDIATOR_HELM: helm, PATH: '' } }), helm);
    assert.equal(findHelm({ env: { PATH: ['/nonexistent', dir].join(path.delimiter) } }), helm);
  });

  it('names the setting a missing binary came from (the editor), else --helm (the CLI)', () => {
    const missing = path.join(dir, 'no-helm-here');
    fails(() => findHelm({ binary: missing, binaryOrigin: 'remediator.helm.path', env: {} }), /no-helm-here \(from remediator\.helm\.path\) is not an executable file/);
    fails(() => findHelm({ binary: missing, env: {} }), /\(from --helm\)/);
    fails(() => findHelm({ binary: dir, env: {} }), /is not an executable file/);
    fails(() => findHelm({ env: { REMEDIATOR_HELM: missing } }), /\(from REMEDIATOR_HELM\)/);
    fails(() => findHelm({ binaryOrigin: 'remediator.helm.path', env: { PATH: '/nonexistent' } }), /^helm not found: set remediator\.helm\.path, set REMEDIATOR_HELM, or put helm on PATH$/);
    fails(() => findHelm({ env: { PATH: '' } }), /^helm not found: pass --helm PATH, set REMEDIATOR_HELM, or put helm on PATH$/);
  });
});
