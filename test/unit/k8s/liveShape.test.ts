// The live reader passes what the API server sent through the same shape guards as a saved state. A real
// API server validates what it stores, so a malformed object can only come from something in between (a
// proxy, a broken aggregated API); a stub server stands in for it here.
import { strict as assert } from 'assert';
import type { KubeHttp } from '../../../src/adapters/k8s/http';
import { KubeClusterReader } from '../../../src/adapters/k8s/reader';
import { isClusterError } from '../../../src/core/ports';

function serving(podItems: unknown[]): KubeHttp {
  const http = {
    getText: async (path: string) => JSON.stringify({ metadata: { resourceVersion: '1' }, items: path.endsWith('/pods') ? podItems : [] }),
    get: async () => ({ metadata: { name: 'shop' } }),
  };
  return http as unknown as KubeHttp;
}

const good = { metadata: { name: 'web-1', namespace: 'shop' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
const bad = { metadata: { name: 'web-2', namespace: 'shop' }, status: { conditions: { type: 'Ready' } } };

describe('live reader: objects from the API server are shape-checked', () => {
  it('a well-formed list is a snapshot', async () => {
    const snapshot = await new KubeClusterReader(serving([good])).snapshot({ namespaces: ['shop'] });
    assert.equal(snapshot.pods.length, 1);
  });

  it('a malformed pod makes the snapshot a ClusterError naming it, not a crash later', async () => {
    const reader = new KubeClusterReader(serving([good, bad]));
    for (const read of [() => reader.snapshot({ namespaces: ['shop'] }), () => reader.listPods(['shop'], 'app=web')]) {
      await assert.rejects(read(), (err: unknown) => {
        assert.ok(isClusterError(err), String(err));
        assert.equal((err as Error).message, 'the API server sent a malformed object: Pod shop/web-2: status.conditions must be a list, not a mapping');
        return true;
      });
    }
  });
});
