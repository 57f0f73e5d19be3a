import { strict as assert } from 'assert';
import { DEFAULT_RETRY_POLICY, classifyAnswer, retryAfterMs, retryDelayMs } from '../../../src/core/notify/retry';
import { prng } from '../../support/random';

describe('notification retry policy', () => {
  const answers: [string, Parameters<typeof classifyAnswer>[0], string][] = [
    ['200', { kind: 'response', status: 200 }, 'delivered'],
    ['202 (PagerDuty)', { kind: 'response', status: 202 }, 'delivered'],
    ['204', { kind: 'response', status: 204 }, 'delivered'],
    ['301 (redirects are not followed)', { kind: 'response', status: 301 }, 'rejected'],
    ['400', { kind: 'response', status: 400 }, 'rejected'],
    ['401', { kind: 'response', status: 401 }, 'rejected'],
    ['403', { kind: 'response', status: 403 }, 'rejected'],
    ['404', { kind: 'response', status: 404 }, 'rejected'],
    ['408', { kind: 'response', status: 408 }, 'rejected'],
    ['413', { kind: 'response', status: 413 }, 'rejected'],
    ['429', { kind: 'response', status: 429 }, 'retry'],
    ['500', { kind: 'response', status: 500 }, 'retry'],
    ['502', { kind: 'response', status: 502 }, 'retry'],
    ['503', { kind: 'response', status: 503 }, 'retry'],
    ['599', { kind: 'response', status: 599 }, 'retry'],
    ['network', { kind: 'network', error: 'network error (ECONNREFUSED)' }, 'retry'],
  ];
  for (const [name, answer, expected] of answers) {
    it(`${name} -> ${expected}`, () => assert.equal(classifyAnswer(answer), expected));
  }

  it('Retry-After as seconds or an HTTP date; nonsense is ignored', () => {
    const now = new Date('2026-12-01T22:00:00Z');
    assert.equal(retryAfterMs('120', now), 120_000);
    assert.equal(retryAfterMs(' 0 ', now), 0);
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 22:00:30 GMT', now), 30_000);
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 21:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('-5', now), undefined);
    assert.equal(retryAfterMs('1.5', now), undefined);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(undefined, now), undefined);
  });

  it('doubles from the base, within the upper half (jitter), capped', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 8000 };
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, p, 0)), [500, 1000, 2000, 4000, 4000, 4000]);
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, p, 0.999999)), [1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('never sooner than Retry-After, which is honoured up to its cap', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxRetryAfterMs: 60_000 };
    assert.equal(retryDelayMs(1, p, 0.5, 30_000), 30_000);
    assert.equal(retryDelayMs(1, p, 0.5, 10), 750);
    assert.equal(retryDelayMs(1, p, 0.5, 10_000_000), 60_000);
  });

  it('generated: every delay is within [half, full] of the capped exponential, at least what was asked (capped)', () => {
    const rand = prng(42);
    for (let i = 0; i < 5000; i++) {
      const failures = 1 + Math.floor(rand() * 40);
      const asked = rand() < 0.3 ? Math.floor(rand() * 10_000_000) : undefined;
      const d = retryDelayMs(failures, DEFAULT_RETRY_POLICY, rand(), asked);
      const cap = Math.min(DEFAULT_RETRY_POLICY.maxDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs * 2 ** (failures - 1));
      const floor = Math.max(cap / 2, Math.min(asked ?? 0, DEFAULT_RETRY_POLICY.maxRetryAfterMs));
      assert.ok(Number.isFinite(d) && d >= Math.floor(floor) && d <= Math.max(cap, floor), `failures ${failures} asked ${asked}: ${d}`);
    }
  });
});
