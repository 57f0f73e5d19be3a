import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IntakeJournal } from '../../../src/adapters/serve/journal';
import { readAlertValue, type Alert } from '../../../src/core/alerts/payload';
import { journalState } from '../../../src/core/serve/journal';
import { prng, int } from '../../support/random';
import { alert } from '../alerts/payloads';

function anAlert(fingerprint: string): Alert {
  const read = readAlertValue(alert({ fingerprint }));
  assert.ok(read.ok);
  return read.alert;
}

describe('serve intake journal', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every alert until its done line; a reopen replays the pending ones and compacts the file', async () => {
    const file = path.join(dir, 'intake.jsonl');
    const { journal } = await IntakeJournal.open(file);
    const lines = await journal.append([anAlert('aa'), anAlert('bb'), anAlert('cc')], new Date('2026-12-01T00:00:00Z'));
    await journal.done(lines[1].id, 'verified', new Date());
    const reopened = await IntakeJournal.open(file);
    assert.deepEqual(reopened.state.pending.map((p) => p.alert.fingerprint), ['aa', 'cc']);
    assert.equal(reopened.state.pending[0].receivedAt, '2026-12-01T00:00:00.000Z');
    assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 2, 'done lines and their alerts are dropped');
  });

  it('a torn last line (a crash in the middle of a write) is skipped, the rest is kept', () => {
    const good = JSON.stringify({ type: 'alert', id: 'x1', receivedAt: '2026-12-01T00:00:00Z', alert: alert() });
    const state = journalState(`${good}\n${good.slice(0, 40)}`);
    assert.equal(state.pending.length, 1);
    assert.deepEqual(state.skipped.map((s) => s.line), [2]);
  });

  it('generated damage (seeded): never throws, never invents an alert, keeps whole lines', () => {
    const random = prng(1234);
    const lines = [0, 1, 2].map((i) => JSON.stringify({ type: 'alert', id: `id${i}`, receivedAt: '2026-12-01T00:00:00Z', alert: alert({ fingerprint: `f${i}` }) }));
    for (let c = 0; c < 300; c++) {
      const text = lines.join('\n').split('');
      for (let k = 0; k < 1 + int(random, 6); k++) text[int(random, text.length)] = String.fromCharCode(int(random, 128));
      const state = journalState(text.join(''));
      assert.ok(state.pending.length <= 3, `case ${c}`);
      for (const p of state.pending) assert.match(p.alert.fingerprint, /^[0-9a-fA-F]{1,64}$/, `case ${c}`);
    }
  });
});
