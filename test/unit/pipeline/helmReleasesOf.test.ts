// The Helm histories a scan adds to its snapshot before deciding: each release its targets belong to is
// read once, targets of no release add nothing, and a reader that throws is an unreadable history (the
// helmReleaseExists guardrail then says so) rather than a failed scan.
import { strict as assert } from 'assert';
import { RELEASE_NAME_ANNOTATION, RELEASE_NAMESPACE_ANNOTATION, type HelmReleaseRead } from '../../../src/core/helm/release';
import { withHelmReleasesOf } from '../../../src/core/pipeline/helmReleases';
import type { HelmReleaseReader } from '../../../src/core/ports';
import { helmDeployment, helmRevision, helmRunbook, RELEASE } from '../../support/helmReleases';
import { LAB_NAMESPACE, runbook } from '../../support/k8s';
import { deployment, snapshot } from '../../support/objects';

const NS = LAB_NAMESPACE;

function countingReader(answer: (ns: string, release: string) => Promise<HelmReleaseRead>): HelmReleaseReader & { reads: string[] } {
  const reads: string[] = [];
  return { reads, read: (ns, release) => { reads.push(`${ns}/${release}`); return answer(ns, release); } };
}

describe('scan: the Helm histories of its targets', () => {
  const other = deployment('billing', { annotations: { [RELEASE_NAME_ANNOTATION]: 'billing', [RELEASE_NAMESPACE_ANNOTATION]: NS } });
  const plain = deployment('web');
  const snap = snapshot({ deployments: [helmDeployment(), other, plain] });
  const refs = ['checkout', 'checkout', 'billing', 'web', 'gone'].map((name) => ({ namespace: NS, kind: 'Deployment' as const, name }));

  it('reads each release once, and none for targets of no release', async () => {
    const reader = countingReader(async (ns, release) => ({ namespace: ns, release, ok: true, revisions: [helmRevision(1, 'deployed')] }));
    const out = await withHelmReleasesOf(snap, helmRunbook(), refs, reader);
    assert.deepEqual(reader.reads.sort(), [`${NS}/billing`, `${NS}/${RELEASE}`]);
    assert.deepEqual(out.helmReleases?.map((r) => r.release).sort(), ['billing', RELEASE]);
  });

  it('a reader that throws is an unreadable history; other actions read nothing', async () => {
    const failing = countingReader(() => Promise.reject(new Error('secrets is forbidden')));
    const out = await withHelmReleasesOf(snap, helmRunbook(), refs.slice(0, 1), failing);
    assert.deepEqual(out.helmReleases, [{ namespace: NS, release: RELEASE, ok: false, reason: 'secrets is forbidden' }]);
    const untouched = await withHelmReleasesOf(snap, runbook(), refs, failing);
    assert.strictEqual(untouched, snap);
    assert.equal(failing.reads.length, 1);
  });
});
