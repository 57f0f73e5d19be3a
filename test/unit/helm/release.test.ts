import { strict as assert } from 'assert';
import { currentRevision, lastKnownGood, releaseOfObject, revisionFromJson, HelmReleaseFormatError } from '../../../src/core/helm/release';
import { revisionChoice, targetRevision } from '../../../src/core/helm/lookup';
import { helmRevision } from '../../support/helmReleases';

const history = (...statuses: string[]) => statuses.map((s, i) => helmRevision(i + 1, s));

describe('helm release history', () => {
  it('reads Helm\'s release JSON (name, version, info, chart metadata, config, manifest)', () => {
    const r = revisionFromJson({
      name: 'web', namespace: 'lab', version: 3, manifest: 'kind: Deployment\n', config: { image: { tag: 'v2' } },
      info: { status: 'deployed', description: 'Rollback to 1', last_deployed: '2026-04-26T09:52:01.123456789Z', first_deployed: '2026-04-20T00:00:00Z' },
      chart: { metadata: { name: 'web', version: '1.2.3', appVersion: '4.5' }, templates: [] },
    }, 'Secret lab/sh.helm.release.v1.web.v3');
    assert.deepEqual(r, {
      release: 'web', namespace: 'lab', revision: 3, status: 'deployed', chart: 'web', chartVersion: '1.2.3', appVersion: '4.5',
      deployedAt: '2026-04-26T09:52:01.123Z', description: 'Rollback to 1', values: { image: { tag: 'v2' } }, manifest: 'kind: Deployment\n',
    });
  });

  it('refuses a release without a revision number, and drops a zero or unparsable deploy time', () => {
    for (const bad of [null, [], 'x', {}, { version: 0 }, { version: 1.5 }, { version: '2' }]) {
      assert.throws(() => revisionFromJson(bad, 'here'), HelmReleaseFormatError);
    }
    assert.equal(revisionFromJson({ version: 1, info: { last_deployed: '0001-01-01T00:00:00Z' } }, 'x').deployedAt, undefined);
    assert.equal(revisionFromJson({ version: 1, info: { last_deployed: 'yesterday' } }, 'x').deployedAt, undefined);
    assert.equal(revisionFromJson({ version: 1 }, 'x').status, 'unknown');
  });

  const GOOD: [string[], number | undefined][] = [
    [['superseded', 'deployed'], 1],
    [['superseded', 'superseded', 'deployed'], 2],
    [['superseded', 'failed'], 1],
    [['deployed', 'superseded', 'failed', 'failed'], 2],
    [['superseded', 'failed', 'deployed'], 1],
    [['failed', 'deployed'], undefined],
    [['deployed'], undefined],
    [['superseded', 'pending-upgrade'], 1],
    [['pending-install', 'pending-upgrade'], undefined],
    [['uninstalled', 'deployed'], undefined],
    [['superseded', 'something-new', 'deployed'], 1],
  ];
  for (const [statuses, good] of GOOD) {
    it(`last known-good of [${statuses.join(', ')}] is ${good ?? 'none'}`, () => {
      assert.equal(lastKnownGood(history(...statuses))?.revision, good);
    });
  }

  it('the current revision is the newest, whatever the order the Secrets were listed in', () => {
    const revisions = history('superseded', 'superseded', 'deployed').reverse();
    assert.equal(currentRevision(revisions)?.revision, 3);
    assert.equal(lastKnownGood(revisions)?.revision, 2);
  });

  it('chooses the target revision: previous-good, or a named one that exists and is not current', () => {
    const revisions = history('superseded', 'superseded', 'failed');
    assert.deepEqual(pickRevision(revisions, 'previous-good'), 2);
    assert.deepEqual(pickRevision(revisions, 1), 1);
    assert.match(reasonFor(revisions, 3), /is the current revision/);
    assert.match(reasonFor(revisions, 9), /revision 9 is not in the release's history \(revisions 1, 2, 3\)/);
    assert.match(reasonFor(history('deployed'), 'previous-good'), /nothing known-good to roll back to/);
    assert.equal(revisionChoice({ type: 'helmRollback' }), 'previous-good');
    assert.equal(revisionChoice({ type: 'helmRollback', toRevision: 4 }), 4);
  });

  it('finds the release from the meta.helm.sh annotations, defaulting to the object\'s namespace', () => {
    assert.deepEqual(releaseOfObject({ namespace: 'a', annotations: { 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': 'b' } }), { release: 'web', namespace: 'b' });
    assert.deepEqual(releaseOfObject({ namespace: 'a', annotations: { 'meta.helm.sh/release-name': 'web' } }), { release: 'web', namespace: 'a' });
    assert.equal(releaseOfObject({ namespace: 'a', annotations: {} }), undefined);
    assert.equal(releaseOfObject({ namespace: 'a' }), undefined);
    assert.equal(releaseOfObject({ namespace: 'a', annotations: { 'meta.helm.sh/release-name': '' } }), undefined);
  });
});

function pickRevision(revisions: ReturnType<typeof history>, choice: 'previous-good' | number): number | undefined {
  const chosen = targetRevision(revisions, choice);
  return chosen.ok ? chosen.target.revision : undefined;
}

function reasonFor(revisions: ReturnType<typeof history>, choice: 'previous-good' | number): string {
  const chosen = targetRevision(revisions, choice);
  assert.equal(chosen.ok, false);
  return chosen.ok ? '' : chosen.reason;
}
