// The read around one pod against a hostile API server: a malformed object is a located ClusterError
// (the same as a full snapshot gives), never a TypeError, and nothing reads an unchecked object's owner.
import { strict as assert } from 'assert';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import { KubeClusterReader } from '../../../src/adapters/k8s/reader';
import { ClusterError } from '../../../src/core/ports';

/** Answers every list with `items(path)`; everything else with 404. */
function fakeHttp(items: (path: string, query: Record<string, unknown>) => unknown[]): KubeHttp {
  return {
    server: 'https://fake.invalid',
    getText: async (path: string, query: Record<string, unknown> = {}) => JSON.stringify({ metadata: { resourceVersion: '1' }, items: items(path, query) }),
    request: async () => { throw Object.assign(new Error('not found'), { status: 404 }); },
    get: async () => { throw Object.assign(new Error('not found'), { status: 404 }); },
  } as unknown as KubeHttp;
}

const around = { pod: 'web-1', app: 'web', workload: { kind: 'Deployment', name: 'web' } };

describe('the read around one pod, against a hostile server', () => {
  for (const [what, bad] of [
    ['a pod without metadata', { spec: {} }],
    ['a pod whose ownerReferences is not a list', { metadata: { name: 'web-1', namespace: 'shop', ownerReferences: 'rs' } }],
    ['null', null],
  ] as const) {
    it(`${what}: a ClusterError naming the problem`, async () => {
      const http = fakeHttp((path) => (path.endsWith('/pods') ? [bad] : []));
      const err = await new KubeClusterReader(http).snapshot({ namespaces: ['shop'], around }).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof ClusterError, `${what}: ${String(err)}`);
      assert.match(err.message, /malformed object|not an object/);
    });
  }

  it('a malformed hinted Deployment: a ClusterError too', async () => {
    const http = fakeHttp((path) => (path.endsWith('/deployments') ? [{ metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 'two' } }] : []));
    const err = await new KubeClusterReader(http).snapshot({ namespaces: ['shop'], around }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ClusterError, String(err));
  });
});
