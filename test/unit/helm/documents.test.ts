// The texts "Compare revisions" opens (a revision's values and rendered manifest), the paths that name
// them, and how the workloads tree words a workload's release. Hostile names are generated: a path must
// name exactly what it was made from, or nothing.
import { strict as assert } from 'assert';
import { helmReleaseText } from '../../../src/core/helm/describe';
import { helmDocumentPath, helmDocumentText, parseHelmDocumentPath, type HelmDocumentRef } from '../../../src/core/helm/documents';
import { RELEASE_NAME_ANNOTATION, RELEASE_NAMESPACE_ANNOTATION } from '../../../src/core/helm/release';
import { lineDiff } from '../../../src/core/text/lineDiff';
import { compareRevisions } from '../../../src/core/helm/compare';
import { helmRevision } from '../../support/helmReleases';
import { hostileLabelValue, seededRandom } from '../../support/seeded';
import { int, pick } from '../../support/random';

describe('Helm revision documents', () => {
  it('values are sorted YAML and the manifest is Helm\'s own text, each ending in a newline', () => {
    const r = helmRevision(3, 'deployed', { values: { zeta: 1, alpha: { b: 2, a: 1 } }, manifest: 'kind: Service\nmetadata:\n  name: x' });
    assert.equal(helmDocumentText(r, 'values'), 'alpha:\n  a: 1\n  b: 2\nzeta: 1\n');
    assert.equal(helmDocumentText(r, 'manifest'), 'kind: Service\nmetadata:\n  name: x\n');
    assert.equal(helmDocumentText(helmRevision(1, 'superseded', { values: {} }), 'values'), '', 'no user-supplied values: an empty document');
  });

  it('the two documents differ exactly as the dry run\'s diff says', () => {
    const current = helmRevision(3, 'deployed');
    const proposed = helmRevision(2, 'superseded');
    const c = compareRevisions(current, proposed);
    for (const [part, diff] of [['values', c.valuesDiff], ['manifest', c.manifestDiff]] as const) {
      const again = lineDiff(helmDocumentText(current, part), helmDocumentText(proposed, part));
      assert.deepEqual([again.added, again.removed], [diff.added, diff.removed], part);
      assert.ok(diff.added > 0 && diff.removed > 0, `${part}: the fixture revisions differ`);
    }
  });

  it('a path names its revision and part; anything else names nothing', () => {
    const ref: HelmDocumentRef = { namespace: 'shop', release: 'checkout', revision: 12, part: 'manifest' };
    assert.equal(helmDocumentPath(ref), '/shop/checkout/12/manifest.yaml');
    assert.deepEqual(parseHelmDocumentPath(helmDocumentPath(ref)), ref);
    for (const bad of ['', '/', '/shop/checkout/0/values.yaml', '/shop/checkout/-1/values.yaml', '/shop/checkout/1/notes.yaml',
      '/shop/checkout/1/values.yml', '/shop//1/values.yaml', 'shop/checkout/1/values.yaml', '/shop/checkout/1/values.yaml/x',
      '/%E0%A4%A/checkout/1/values.yaml', '/sh%2Fop/checkout/1/values.yaml', '/shop/check%00out/1/values.yaml', '/../checkout/1/values.yaml/..']) {
      assert.equal(parseHelmDocumentPath(bad), undefined, bad);
    }
  });

  it('generated hostile names: a path parses back to what it was made from, or (for a name no release can have) to nothing', () => {
    const random = seededRandom(909);
    for (let i = 0; i < 1500; i++) {
      const ref: HelmDocumentRef = {
        namespace: hostileLabelValue(random), release: random() < 0.5 ? hostileLabelValue(random) : 'checkout',
        revision: 1 + int(random, 100_000), part: pick(random, ['values', 'manifest'] as const),
      };
      const path = helmDocumentPath(ref);
      const back = parseHelmDocumentPath(path);
      const nameable = !/[/\x00-\x1f\x7f-\x9f]/.test(ref.namespace + ref.release);
      if (nameable) assert.deepEqual(back, ref, `case ${i}: ${JSON.stringify(ref)}`);
      else assert.equal(back, undefined, `case ${i}: ${JSON.stringify(ref)}`);
    }
  });
});

describe('Helm release text in the workloads tree', () => {
  it('names the release, with its namespace only when it is not the workload\'s', () => {
    assert.equal(helmReleaseText({ namespace: 'shop', annotations: { [RELEASE_NAME_ANNOTATION]: 'checkout', [RELEASE_NAMESPACE_ANNOTATION]: 'shop' } }), 'helm checkout');
    assert.equal(helmReleaseText({ namespace: 'shop', annotations: { [RELEASE_NAME_ANNOTATION]: 'checkout' } }), 'helm checkout');
    assert.equal(helmReleaseText({ namespace: 'shop', annotations: { [RELEASE_NAME_ANNOTATION]: 'checkout', [RELEASE_NAMESPACE_ANNOTATION]: 'ops' } }), 'helm ops/checkout');
    assert.equal(helmReleaseText({ namespace: 'shop', annotations: {} }), undefined);
    assert.equal(helmReleaseText({ namespace: 'shop' }), undefined);
  });

  it('generated hostile annotation values come out on one short line without control characters', () => {
    const random = seededRandom(910);
    for (let i = 0; i < 1000; i++) {
      const release = Array.from({ length: 1 + int(random, 30) }, () => hostileLabelValue(random)).join('');
      const text = helmReleaseText({ namespace: 'shop', annotations: { [RELEASE_NAME_ANNOTATION]: release, [RELEASE_NAMESPACE_ANNOTATION]: hostileLabelValue(random) } });
      assert.ok(text !== undefined, `case ${i}`);
      assert.ok(!/[\x00-\x1f\x7f]/.test(text), `case ${i}: ${JSON.stringify(text)}`);
      assert.ok(text.length <= 5 + 2 * 60 + 1, `case ${i}: ${text.length} characters`);
    }
  });
});
