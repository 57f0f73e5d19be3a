import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AuditRecord, Outcome } from '../../../src/core/model/audit';
import { shadowAgreement } from '../../../src/core/report/shadow';
import { cli } from '../../support/cli';

const T0 = Date.parse('2026-12-01T10:00:00Z');
function rec(outcome: Outcome, name: string, minutes: number, o: { runbook?: string; actor?: string; uid?: string } = {}): AuditRecord {
  return {
    id: `${outcome}-${name}-${minutes}`, time: new Date(T0 + minutes * 60_000).toISOString(), incidentId: `i-${name}`,
    runbook: o.runbook ?? 'replace', target: { namespace: 'lab', kind: 'Pod', name }, mode: 'auto_execute', outcome,
    verdicts: [{ guardrail: 'targetExists', status: 'pass', reason: 'found', evidence: { uid: o.uid ?? `uid-${name}` } }],
    action: { type: 'deletePod', description: `delete pod ${name}` }, actor: o.actor ?? 'serve',
  };
}

describe('report: shadow agreement', () => {
  const now = new Date(T0 + 5 * 3600_000);
  it('agrees when someone acted on the target within the window, disagrees when nobody did, waits when the window is open', () => {
    const records = [
      rec('shadowed', 'a', 0), rec('verified', 'a', 20, { actor: 'alice', runbook: 'manual-restart' }),
      rec('shadowed', 'b', 0), rec('verified', 'b', 90, { actor: 'bob' }), // too late for a 1 h window
      rec('shadowed', 'c', 0),
      rec('shadowed', 'd', 290), // window still open
      rec('blocked', 'e', 0),
    ];
    const [r] = shadowAgreement(records, now);
    assert.deepEqual({ shadowed: r.shadowed, agreed: r.agreed, disagreed: r.disagreed, pending: r.pending }, { shadowed: 4, agreed: 1, disagreed: 2, pending: 1 });
    assert.equal(r.rate, 1 / 3);
    const wide = shadowAgreement(records, now, { windowSeconds: 2 * 3600 })[0];
    assert.equal(wide.agreed, 2);
  });

  it('with a cluster, a target pod gone since the decision agrees', () => {
    const [r] = shadowAgreement([rec('shadowed', 'c', 0)], now, { targetNow: () => 'gone' });
    assert.equal(r.agreed, 1);
    assert.match(r.examples[0].why, /deleted or replaced/);
  });

  it('CLI: report --shadow prints the agreement; --json carries it; --shadow-window alone is a usage error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shadow-report-'));
    try {
      const file = path.join(dir, 'audit.jsonl');
      fs.writeFileSync(file, [rec('shadowed', 'a', 0), rec('verified', 'a', 20, { actor: 'alice' }), rec('shadowed', 'c', 0)].map((x) => JSON.stringify(x)).join('\n') + '\n');
      const text = await cli(['report', '--audit', file, '--shadow']);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /Shadow agreement/);
      assert.match(text.stdout, /replace: 50% — 1 agreed, 1 disagreed, 0 pending, of 2 shadowed/);
      const json = await cli(['report', '--audit', file, '--shadow', '--json']);
      assert.equal((JSON.parse(json.stdout) as { shadow: { rate: number }[] }).shadow[0].rate, 0.5);
      assert.equal((await cli(['report', '--audit', file, '--shadow-window', '2h'])).code, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
