// The workloads tree's view of a release's current revision: its wording (hostile chart text stays one
// short line), and the reader behind it against a scripted API server: one metadata-only list per read,
// the newest Secret decoded only when its resourceVersion changed, reads shared and bounded.
import { strict as assert } from 'assert';
import { gzipSync } from 'zlib';
import { HelmCurrentRevisions } from '../../../src/adapters/helm/currentRevisions';
import { encodeReleaseData } from '../../../src/adapters/helm/decode';
import type { KubeHttp, RequestOptions } from '../../../src/adapters/k8s/http';
import { summarize } from '../../../src/core/helm/compare';
import { helmRevisionFacts, helmRevisionText } from '../../../src/core/helm/describe';
import { helmRevision } from '../../support/helmReleases';
import { int } from '../../support/random';
import { hostileLabelValue, seededRandom } from '../../support/seeded';

describe('Helm current revision in the workloads tree: wording', () => {
  const current = summarize(helmRevision(3, 'failed', { description: 'Upgrade "checkout" failed' }));

  it('revision, chart and status after the name; nothing before the first read', () => {
    assert.equal(helmRevisionText(undefined), '');
    assert.equal(helmRevisionText({ ok: true, current }), ' r3 (checkout-0.3.0, failed)');
    assert.equal(helmRevisionText({ ok: true, current: undefined }), ' (no revisions)');
    assert.equal(helmRevisionText({ ok: false, reason: 'forbidden' }), ' (history unreadable)');
  });

  it('the tooltip says the revision, status, chart and app version, when, and Helm\'s description', () => {
    assert.deepEqual(helmRevisionFacts({ ok: true, current }), [
      'Revision 3, failed', 'Chart checkout-0.3.0, app version 1.3', `Deployed ${current.deployedAt}`, '“Upgrade "checkout" failed”',
    ]);
    assert.deepEqual(helmRevisionFacts(undefined), ['Reading the release history…']);
    assert.deepEqual(helmRevisionFacts({ ok: false, reason: 'secrets is forbidden' }), ['Release history not readable: secrets is forbidden']);
  });

  it('generated hostile chart names and statuses stay on one short line', () => {
    const random = seededRandom(911);
    for (let i = 0; i < 500; i++) {
      const long = () => Array.from({ length: 1 + int(random, 20) }, () => hostileLabelValue(random)).join('');
      const hostile = { ...current, chart: long(), chartVersion: hostileLabelValue(random), status: long(), description: long() };
      const text = helmRevisionText({ ok: true, current: hostile });
      assert.ok(!/[\x00-\x1f\x7f]/.test(text), `case ${i}: ${JSON.stringify(text)}`);
      assert.ok(text.length <= 2 * 60 + 12, `case ${i}: ${text.length} characters`);
      for (const fact of helmRevisionFacts({ ok: true, current: hostile })) assert.ok(!/[\x00-\x1f\x7f]/.test(fact), `case ${i}: ${JSON.stringify(fact)}`);
    }
  });
});

/** An API server holding release Secrets: lists answer metadata only, GETs answer the Secret. */
class ScriptedServer {
  secrets = new Map<string, { resourceVersion: string; data: string }>();
  lists = 0;
  gets = 0;
  inFlight = 0;
  mostInFlight = 0;
  accepts: string[] = [];
  private gate: Promise<void> = Promise.resolve();
  private open: (() => void) | undefined;

  put(release: string, revision: number, status: string, resourceVersion: string): void {
    const json = { name: release, namespace: 'shop', version: revision, info: { status, description: 'Upgrade complete' }, chart: { metadata: { name: release, version: '0.1.0' } }, config: {}, manifest: '' };
    this.secrets.set(`sh.helm.release.v1.${release}.v${revision}`, { resourceVersion, data: encodeReleaseData(json, (b) => gzipSync(b)) });
  }

  /** Holds every answer until release() (to see how many reads run at once). */
  hold(): void {
    this.gate = new Promise((resolve) => { this.open = resolve; });
  }

  release(): void {
    this.open?.();
  }

  readonly http = {
    request: async (_method: string, path: string, options: RequestOptions = {}) => {
      this.inFlight++;
      this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
      try {
        await this.gate;
        if (path.endsWith('/secrets')) {
          this.lists++;
          this.accepts.push(options.accept ?? '');
          const release = /name=([^,]+)$/.exec(String(options.query?.labelSelector))?.[1] ?? '';
          const items = [...this.secrets].filter(([name]) => name.startsWith(`sh.helm.release.v1.${release}.v`))
            .map(([name, s]) => ({ metadata: { name, resourceVersion: s.resourceVersion } }));
          return { kind: 'PartialObjectMetadataList', items };
        }
        this.gets++;
        const name = path.slice(path.lastIndexOf('/') + 1);
        const s = this.secrets.get(name)!;
        return { metadata: { name, resourceVersion: s.resourceVersion }, type: 'helm.sh/release.v1', data: { release: s.data } };
      } finally {
        this.inFlight--;
      }
    },
    get(path: string) { return this.request('GET', path); },
  };
}

describe('Helm current revision in the workloads tree: reading', () => {
  it('reads the newest revision (by number, not by name order) and decodes it again only when its Secret changed', async () => {
    const server = new ScriptedServer();
    for (let n = 1; n <= 10; n++) server.put('checkout', n, n === 10 ? 'deployed' : 'superseded', `${n}`);
    const reader = new HelmCurrentRevisions(server.http as unknown as KubeHttp);
    assert.equal(reader.peek('shop', 'checkout'), undefined);
    const first = await reader.read('shop', 'checkout');
    assert.ok(first.ok && first.current?.revision === 10 && first.current.status === 'deployed');
    assert.deepEqual(reader.peek('shop', 'checkout'), first);
    assert.match(server.accepts[0], /as=PartialObjectMetadataList/);
    await reader.read('shop', 'checkout');
    assert.deepEqual([server.lists, reader.decoded], [2, 1], 'unchanged: listed again, not decoded again');
    server.put('checkout', 10, 'superseded', '11');
    server.put('checkout', 11, 'failed', '12');
    const after = await reader.read('shop', 'checkout');
    assert.ok(after.ok && after.current?.revision === 11 && after.current.status === 'failed');
    assert.equal(reader.decoded, 2);
  });

  it('no Secrets is "no revisions"; a name no release can have is not asked about', async () => {
    const server = new ScriptedServer();
    const reader = new HelmCurrentRevisions(server.http as unknown as KubeHttp);
    assert.deepEqual(await reader.read('shop', 'gone'), { ok: true, current: undefined });
    const bad = await reader.read('shop', 'a,owner!=helm');
    assert.ok(!bad.ok && /not a valid Helm release name/.test(bad.reason));
    assert.equal(server.lists, 1);
  });

  it('a read in flight is shared; reads run a few at a time; the releases remembered are bounded', async () => {
    const server = new ScriptedServer();
    for (let r = 0; r < 12; r++) server.put(`rel${r}`, 1, 'deployed', '1');
    const reader = new HelmCurrentRevisions(server.http as unknown as KubeHttp, { releases: 5, concurrent: 3 });
    server.hold();
    const reads = [reader.read('shop', 'rel0'), reader.read('shop', 'rel0'), ...Array.from({ length: 11 }, (_, i) => reader.read('shop', `rel${i + 1}`))];
    assert.strictEqual(reads[0], reads[1], 'the same read');
    server.release();
    const done = await Promise.all(reads);
    assert.ok(done.every((r) => r.ok && r.current?.revision === 1));
    assert.equal(server.lists, 12, 'one list per release');
    assert.ok(server.mostInFlight <= 3, `${server.mostInFlight} requests at once`);
    const remembered = Array.from({ length: 12 }, (_, r) => reader.peek('shop', `rel${r}`)).filter(Boolean);
    assert.equal(remembered.length, 5);
    assert.ok(reader.peek('shop', 'rel11'), 'the most recent read is kept');
  });

  it('an API error is an unreadable history, never a rejection', async () => {
    const reader = new HelmCurrentRevisions({ request: () => Promise.reject(new Error('secrets is forbidden')) } as unknown as KubeHttp);
    assert.deepEqual(await reader.read('shop', 'checkout'), { ok: false, reason: 'secrets is forbidden' });
  });
});
