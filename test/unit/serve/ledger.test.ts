import assert from 'node:assert/strict';
import { MemoryIncidentLedger, claimStatus, type IncidentEntry } from '../../../src/core/serve/ledger';
import { readIncidentEntry } from '../../../src/core/serve/ledgerRecord';

const me = { instance: 'inst-a', life: 'life-2' };
const entry = (o: Partial<IncidentEntry> = {}): IncidentEntry => ({
  key: 'ff@2026-12-01T00:00:00Z', holder: { instance: 'inst-a', life: 'life-1' }, phase: 'claimed',
  claimedAt: '2026-12-01T00:00:00.000Z', expiresAt: '2026-12-01T00:10:00.000Z', ...o,
});
const at = new Date('2026-12-01T00:05:00Z');

describe('serve incident ledger', () => {
  it('claim status: done, busy (alive elsewhere or this very life), resume (an earlier life), takeover (expired)', () => {
    assert.equal(claimStatus(entry({ phase: 'done' }), me, at), 'done');
    assert.equal(claimStatus(entry(), me, at), 'resume');
    assert.equal(claimStatus(entry({ holder: me }), me, at), 'busy');
    assert.equal(claimStatus(entry({ holder: { instance: 'inst-b', life: 'x' } }), me, at), 'busy');
    assert.equal(claimStatus(entry({ holder: { instance: 'inst-b', life: 'x' } }), me, new Date('2026-12-01T00:11:00Z')), 'takeover');
    assert.equal(claimStatus(entry({ holder: { instance: 'inst-b', life: 'x' }, expiresAt: 'garbage' }), me, at), 'busy', 'an unreadable expiry never expires');
  });

  it('memory ledger: the first create wins; replace needs the version it read', async () => {
    const ledger = new MemoryIncidentLedger();
    const first = await ledger.create(entry());
    const second = await ledger.create(entry({ holder: me }));
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.deepEqual(second.entry.holder, entry().holder);
    const moved = await ledger.replace({ ...first.entry, phase: 'acting' });
    assert.equal(moved?.phase, 'acting');
    assert.equal(await ledger.replace({ ...first.entry, phase: 'done' }), undefined, 'a stale version is refused');
  });

  it('stored entries are read with one reader that names what is wrong', () => {
    assert.deepEqual(readIncidentEntry(JSON.parse(JSON.stringify(entry()))), { ok: true, entry: entry() });
    const bad = readIncidentEntry({ ...entry(), phase: 'sleeping', holder: { instance: '' } });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.reason, /\$\.phase must be one of received, claimed, acting, done/);
    assert.match(bad.ok ? '' : bad.reason, /\$\.holder\.instance must not be empty/);
    assert.equal(readIncidentEntry({ ...entry(), executed: { outcome: 'x' } }).ok, false);
    assert.equal(readIncidentEntry(JSON.parse('{"__proto__": {"phase": "done"}}')).ok, false);
  });
});
