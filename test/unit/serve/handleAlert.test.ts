// The serve handler's paths that need no cluster action, on in-memory ports: an alert no runbook answers
// (manual, to the default channel, once however often it arrives) and alerts resolved before any action.
import assert from 'node:assert/strict';
import { readAlertValue } from '../../../src/core/alerts/payload';
import { alertStep } from '../../../src/core/alerts/intake';
import type { AuditRecord } from '../../../src/core/model/audit';
import type { Notification } from '../../../src/core/notify/notification';
import type { PipelineDeps } from '../../../src/core/pipeline/execute';
import type { Escalator } from '../../../src/core/serve/escalate';
import { handleAlert, type AlertHandlerDeps } from '../../../src/core/serve/handleAlert';
import { MemoryIncidentLedger } from '../../../src/core/serve/ledger';
import { noMetrics } from '../../../src/core/serve/metrics';
import { alert } from '../alerts/payloads';

function setup() {
  const audit: AuditRecord[] = [];
  const sent: { channel: string; n: Notification }[] = [];
  let ids = 0;
  const escalator: Escalator = {
    channels: { ops: {}, pager: {} }, defaultChannel: 'ops',
    send: async (channel, n) => { sent.push({ channel, n }); return 'queued'; },
    channelsNotified: (id) => [...new Set(sent.filter((s) => s.n.incident.id === id && s.n.event === 'trigger').map((s) => s.channel))],
  };
  const pipeline = {
    audit: [{ write: async (r: AuditRecord) => { audit.push(r); } }],
    state: { history: async () => [], record: async () => undefined },
    clock: { now: () => new Date('2026-12-02T00:00:00Z') },
    newId: () => `id-${++ids}`,
  } as unknown as PipelineDeps;
  const deps: AlertHandlerDeps = {
    pipeline, ledger: new MemoryIncidentLedger(), escalator, metrics: noMetrics, holder: { instance: 'i', life: 'l' },
    actor: 'system:serviceaccount:ops:remediator', runbooks: [], claimSeconds: 60, log: () => undefined,
  };
  const step = (o: Parameters<typeof alert>[0] = {}) => {
    const read = readAlertValue(alert(o));
    assert.ok(read.ok);
    return alertStep(read.alert, []);
  };
  return { audit, sent, deps, step };
}

describe('serve alert handler (in memory)', () => {
  it('an alert no runbook answers: recorded manual and sent to the default channel, once', async () => {
    const t = setup();
    const received = new Date('2026-12-01T23:59:59Z');
    assert.equal(await handleAlert(t.step(), received, t.deps), 'manual');
    assert.match(await handleAlert(t.step(), received, t.deps), /^duplicate: .* already handled \(manual\)/);
    assert.equal(t.audit.length, 1);
    const [r] = t.audit;
    assert.deepEqual([r.runbook, r.mode, r.outcome, r.actor], ['(none)', 'manual', 'blocked', 'system:serviceaccount:ops:remediator']);
    assert.deepEqual(r.target, { namespace: 'aiops-remediation-lab', kind: 'Pod', name: 'web-7d4b9-abcde' });
    assert.match(r.message ?? '', /no runbook answers alert PodNotReady; recorded as manual/);
    assert.deepEqual(t.sent.map((s) => [s.channel, s.n.kind, s.n.event]), [['ops', 'manual', 'trigger']]);
  });

  it('resolved before any action: recorded, nothing sent; after a page, the resolve goes to the paged channel', async () => {
    const t = setup();
    const now = new Date();
    assert.equal(await handleAlert(t.step({ status: 'resolved', fingerprint: 'aa' }), now, t.deps), 'resolved before action');
    assert.match(t.audit[0].message ?? '', /resolved before action; nothing done/);
    assert.match(await handleAlert(t.step({ fingerprint: 'aa' }), now, t.deps), /already handled \(resolved_before_action\)/);
    assert.equal(t.sent.length, 0);

    await handleAlert(t.step({ fingerprint: 'bb' }), now, t.deps);
    assert.match(await handleAlert(t.step({ status: 'resolved', fingerprint: 'bb' }), now, t.deps), /^resolved \(ops queued\)/);
    assert.deepEqual(t.sent.map((s) => [s.channel, s.n.kind, s.n.event]), [['ops', 'manual', 'trigger'], ['ops', 'resolved', 'resolve']]);
  });
});
