// The HTTP front in-process with a recording intake: auth before reading, located 400s, limits, the
// queue's 503, and seeded hostile bodies and headers that never get a 5xx or stop the server.
import assert from 'node:assert/strict';
import { AlertServer, tokenMatches, type IntakeAnswer } from '../../../src/adapters/http/alertServer';
import type { AlertmanagerPayload } from '../../../src/core/alerts/payload';
import { prng, int, pick } from '../../support/random';
import { alert, body } from '../alerts/payloads';

const TOKEN = Buffer.from('s3cret-token');

describe('serve HTTP front', () => {
  let server: AlertServer;
  let base: string;
  const taken: AlertmanagerPayload[] = [];
  let answer: IntakeAnswer | undefined;

  before(async () => {
    server = new AlertServer({
      host: '127.0.0.1', port: 0, token: TOKEN, log: () => undefined,
      intake: async (p) => { taken.push(p); return answer ?? { kind: 'accepted', alerts: p.alerts.length }; },
      ready: async () => ({ ok: false, reason: 'the cluster is not reachable: test' }),
      metrics: { contentType: 'text/plain', text: async () => 'remediator_queue_depth 0\n' },
    });
    const address = await server.listen();
    base = `http://127.0.0.1:${address.port}`;
  });
  after(() => server.close());
  beforeEach(() => { taken.length = 0; answer = undefined; });

  const post = async (text: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => {
    const r = await fetch(`${base}/alertmanager`, { method: 'POST', headers, body: text });
    return { status: r.status, text: await r.text(), retryAfter: r.headers.get('retry-after') };
  };

  it('token comparison: exact bytes only, any length mismatch refused', () => {
    assert.equal(tokenMatches(TOKEN, `Bearer ${TOKEN}`), true);
    assert.equal(tokenMatches(TOKEN, `bearer ${TOKEN}`), true, 'the scheme is case-insensitive');
    for (const h of [undefined, '', 'Bearer', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.toString().slice(1)}`, `Bearer ${TOKEN} extra`]) {
      assert.equal(tokenMatches(TOKEN, h), false, String(h));
    }
    assert.equal(tokenMatches(Buffer.alloc(0), 'Bearer '), false, 'an empty token never matches');
  });

  it('accepts a valid payload, answers 503 with Retry-After when full, and the probes answer', async () => {
    const ok = await post(JSON.stringify(body([alert(), alert({ fingerprint: 'aa' })])));
    assert.deepEqual([ok.status, JSON.parse(ok.text)], [200, { accepted: 2 }]);
    assert.equal(taken[0].alerts.length, 2);
    answer = { kind: 'full', retryAfterSeconds: 10 };
    const full = await post(JSON.stringify(body()));
    assert.deepEqual([full.status, full.retryAfter], [503, '10']);
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 503);
    assert.match(await ready.text(), /not ready: the cluster is not reachable/);
    assert.equal(await (await fetch(`${base}/metrics`)).text(), 'remediator_queue_depth 0\n');
    assert.equal((await fetch(`${base}/alertmanager`)).status, 405);
    assert.equal((await fetch(`${base}/nothing`)).status, 404);
  });

  it('refuses before intake: 401 without the token, 400 naming the place, 413 over the limit', async () => {
    assert.equal((await post(JSON.stringify(body()), {})).status, 401);
    const located = await post(JSON.stringify(body([alert({ endsAt: 'soon' })])));
    assert.deepEqual([located.status, JSON.parse(located.text)], [400, { error: '$.alerts[0].endsAt must be an RFC 3339 time' }]);
    assert.equal((await post('x'.repeat(1024 * 1024 + 10))).status, 413);
    assert.equal(taken.length, 0);
  });

  it('generated hostile requests (seeded): only 200, 400, 401 or 413, never a 5xx, and the server stays up', async () => {
    const random = prng(20261202);
    const valid = JSON.stringify(body());
    const mutations = [
      (t: string) => t.slice(0, int(random, t.length)),
      (t: string) => { const a = t.split(''); a[int(random, a.length)] = String.fromCharCode(int(random, 0x3000)); return a.join(''); },
      (t: string) => t.replace('"firing"', pick(random, ['null', '1', '"FIRING"', '{}', '[]', '"resolved"'])),
      (t: string) => t.replace('"alerts":[', `"alerts":[${pick(random, ['null,', '1,', '"x",', '{},', '[],'])}`),
      (t: string) => `{"__proto__":{"alerts":[]},${t.slice(1)}`,
      () => JSON.stringify(body(Array.from({ length: int(random, 50) }, (_, i) => alert({ fingerprint: i.toString(16) })))),
    ];
    const headers: Record<string, string>[] = [
      { authorization: `Bearer ${TOKEN}` }, {}, { authorization: `Bearer ${TOKEN}\u00e9` }, { authorization: 'Bearer '.repeat(100) },
      { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/html' },
    ];
    for (let c = 0; c < 150; c++) {
      const text = pick(random, mutations)(valid);
      let h: Record<string, string> = pick(random, headers);
      if (/[^\x20-\x7e]/.test(h.authorization ?? '')) h = {}; // fetch refuses non-ASCII header values itself
      const r = await post(text, h);
      assert.ok([200, 400, 401, 413].includes(r.status), `case ${c}: HTTP ${r.status} ${r.text}`);
      if (r.status === 400) assert.match(JSON.parse(r.text).error, /^\$/, `case ${c}: the reason names the place`);
    }
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });
});
