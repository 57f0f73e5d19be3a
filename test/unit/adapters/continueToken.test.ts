import { strict as assert } from 'assert';
import { continueToken } from '../../../src/adapters/k8s/resources';

describe('list pagination: continue token read from the head of the body', () => {
  it('finds the token in the metadata before the items', () => {
    const body = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '42', continue: 'eyJ2Ijoi\\"x' }, items: [{ metadata: { name: 'a' } }] });
    assert.equal(continueToken(body), 'eyJ2Ijoi\\"x');
  });
  it('says none on the last page, even when an item mentions "continue"', () => {
    const body = JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: '42' }, items: [{ metadata: { name: 'a', annotations: { note: '"continue":"x"' } } }] });
    assert.equal(continueToken(body), undefined);
  });
});
