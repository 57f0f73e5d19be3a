// The workloads tree's reader of a release's current revision against the real API server and helm:
// the metadata-only list works on a real server, an upgrade is seen, an unchanged release is listed
// but not decoded again, and a namespace without the release has no revisions.
import assert from 'node:assert/strict';
import { HelmCurrentRevisions } from '../../src/adapters/helm/currentRevisions';
import { useCluster } from './harness';
import { release, RELEASE } from './helmSupport';

describe('cluster: the current revision of a Helm release, read for the workloads tree', function () {
  this.timeout(180_000);
  const { cluster, namespace } = useCluster('helmcur');

  it('reads revision, chart and status through the API, and decodes again only after a change', async () => {
    const ns = namespace();
    const reader = new HelmCurrentRevisions(cluster().http);
    assert.deepEqual(await reader.read(ns, RELEASE), { ok: true, current: undefined });
    await release(cluster(), ns, 'install', { 'image.tag': 'v1' });
    const first = await reader.read(ns, RELEASE);
    assert.ok(first.ok && first.current, JSON.stringify(first));
    assert.deepEqual([first.current.revision, first.current.chart, first.current.chartVersion, first.current.status], [1, 'checkout', '0.1.0', 'deployed']);
    assert.equal(first.current.description, 'Install complete');
    await reader.read(ns, RELEASE);
    assert.equal(reader.decoded, 1, 'unchanged: not decoded again');
    await release(cluster(), ns, 'upgrade', { 'image.tag': 'v2' });
    const second = await reader.read(ns, RELEASE);
    assert.ok(second.ok && second.current?.revision === 2 && second.current.status === 'deployed', JSON.stringify(second));
    assert.equal(reader.decoded, 2);
  });
});
