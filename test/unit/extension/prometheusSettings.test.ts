// remediator.prometheus.* → the Prometheus of a kube context: one URL, or per context with "*" as the
// default; no URL is "none" (fail closed downstream); unusable shapes are one sentence naming the setting.
import { strict as assert } from 'assert';
import * as path from 'path';
import { resolvePrometheus, type PrometheusChoice } from '../../../src/extension/cluster/prometheusSettings';
import { hostileLabelValue, seededRandom } from '../../support/seeded';
import { pick } from '../../support/random';

const abs = (file: string) => path.resolve('/workspace', file);
const resolve = (url: unknown, context: string, files: { tokenFile?: string; caFile?: string } = {}): PrometheusChoice =>
  resolvePrometheus({ url, ...files }, context, abs);

describe('Prometheus settings resolution', () => {
  it('one URL serves every context; files are made absolute', () => {
    assert.deepEqual(resolve(' http://127.0.0.1:9090 ', 'kind-dev', { tokenFile: 'secrets/token', caFile: '/etc/ca.pem' }), {
      kind: 'configured', url: 'http://127.0.0.1:9090', entry: 'remediator.prometheus.url',
      tokenFile: path.resolve('/workspace/secrets/token'), caFile: '/etc/ca.pem',
    });
  });

  it('per context: the exact name first, then "*", else none for that context', () => {
    const byContext = { prod: 'https://prom.prod.example', '*': 'http://127.0.0.1:9090' };
    assert.equal((resolve(byContext, 'prod') as { url: string }).url, 'https://prom.prod.example');
    assert.equal((resolve(byContext, 'prod') as { entry: string }).entry, 'remediator.prometheus.url["prod"]');
    assert.equal((resolve(byContext, 'staging') as { url: string }).url, 'http://127.0.0.1:9090');
    assert.equal((resolve(byContext, 'staging') as { entry: string }).entry, 'remediator.prometheus.url["*"]');
    const none = resolve({ prod: 'https://prom.prod.example' }, 'staging');
    assert.equal(none.kind, 'none');
    assert.match((none as { reason: string }).reason, /^no Prometheus is configured for kube context staging \(remediator\.prometheus\.url has no "staging" or "\*" entry\)$/);
    // An empty entry is no URL: it falls through to "*".
    assert.equal((resolve({ prod: ' ', '*': 'http://127.0.0.1:1' }, 'prod') as { url: string }).url, 'http://127.0.0.1:1');
  });

  it('nothing set: none, with the same opening words as the CLI\'s message', () => {
    for (const url of [undefined, null, '', '   ']) {
      const choice = resolve(url, 'kind-dev');
      assert.deepEqual(choice, { kind: 'none', reason: 'no Prometheus is configured (set remediator.prometheus.url)' });
    }
  });

  it('a token or CA file without any URL is refused (as the CLI refuses the flags alone); with a map that lacks the context it is not', () => {
    assert.deepEqual(resolve('', 'c', { tokenFile: 't' }), { kind: 'invalid', message: 'remediator.prometheus.tokenFile and remediator.prometheus.caFile need remediator.prometheus.url' });
    assert.equal(resolve({ other: 'http://x' }, 'c', { caFile: 'ca.pem' }).kind, 'none');
  });

  it('unusable shapes: one sentence naming the setting', () => {
    assert.match((resolve(9090, 'c') as { message: string }).message, /^remediator\.prometheus\.url must be a URL or an object .*not number$/);
    assert.match((resolve(['http://x'], 'c') as { message: string }).message, /not an array$/);
    assert.match((resolve({ prod: 1 }, 'c') as { message: string }).message, /^remediator\.prometheus\.url\["prod"\] must be a URL string, not number$/);
  });

  it('hostile context names find only their own entry, never Object.prototype members', () => {
    const random = seededRandom(8);
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '*', ''];
    for (let i = 0; i < 200; i++) {
      const name = random() < 0.5 ? pick(random, names) : hostileLabelValue(random);
      const choice = resolve({ only: 'http://127.0.0.1:1' }, name);
      if (name === 'only') assert.equal(choice.kind, 'configured');
      else assert.equal(choice.kind, 'none', `${JSON.stringify(name)}: ${JSON.stringify(choice)}`);
    }
    // A map with a real "__proto__" key (as JSON.parse makes it) is used for that context only.
    const parsed = JSON.parse('{"__proto__": "http://127.0.0.1:2"}') as Record<string, string>;
    assert.equal((resolve(parsed, '__proto__') as { url: string }).url, 'http://127.0.0.1:2');
    assert.equal(resolve(parsed, 'other').kind, 'none');
  });
});
