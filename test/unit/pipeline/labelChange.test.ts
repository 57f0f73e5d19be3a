// A label change is applied and audited by the core like every action: one record in the shape the one
// reader accepts, through every sink and the shared state; a refused change is recorded as an error.
import { strict as assert } from 'assert';
import { readAuditRecord } from '../../../src/core/audit/shape';
import { auditRecordFor } from '../../../src/core/audit/record';
import { decideTarget, decisionContext } from '../../../src/core/engine/decide';
import { ClusterError, type AuditSink, type LabelWriter } from '../../../src/core/ports';
import type { TargetRef } from '../../../src/core/model/audit';
import { LABEL_CHANGE_RUNBOOK, applyLabelChange, labelChangeDescription, labelChangeRecord, type LabelChangeDeps } from '../../../src/core/pipeline/labelChange';
import { compactRecord } from '../../../src/adapters/k8s/records';
import { LAB_NAMESPACE, LAB_NOW, LAB_WEB_POD, RESTART_LABEL, labSnapshot, runbook } from '../../support/k8s';
import { MemoryState, allowAll } from '../../support/memoryCluster';

class MemoryLabels implements LabelWriter {
  readonly calls: [TargetRef, string, string | undefined][] = [];
  refuse?: Error;
  async setLabel(target: TargetRef, key: string, value: string | undefined): Promise<void> {
    if (this.refuse) throw this.refuse;
    this.calls.push([target, key, value]);
  }
}

const webPod: TargetRef = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };

function setup(extraSinks: AuditSink[] = []) {
  const labels = new MemoryLabels();
  const audit = new MemoryState();
  const state = new MemoryState();
  let tick = 0;
  const deps: LabelChangeDeps = {
    labels, access: allowAll, audit: [audit, ...extraSinks], state,
    clock: { now: () => new Date(LAB_NOW.getTime() + 1000 * tick++) }, newId: () => 'label-attempt-1',
  };
  return { labels, audit, state, deps };
}

describe('label changes (core): applied and audited like every action', () => {
  it('sets the label, then writes one record to every sink and the shared state', async () => {
    const { labels, audit, state, deps } = setup();
    const { record, warnings } = await applyLabelChange({ target: webPod, key: RESTART_LABEL, set: true }, deps, 'editor');
    assert.deepEqual(labels.calls, [[webPod, RESTART_LABEL, 'true']]);
    assert.deepEqual(warnings, []);
    assert.deepEqual(audit.records, [record]);
    assert.deepEqual(state.records, [record]);
    assert.equal(record.runbook, LABEL_CHANGE_RUNBOOK);
    assert.equal(record.outcome, 'verified');
    assert.equal(record.actor, await allowAll.whoAmI());
    assert.equal(record.startedAt, LAB_NOW.toISOString());
    assert.equal(record.message, `set label ${RESTART_LABEL}=true on Pod ${LAB_NAMESPACE}/${LAB_WEB_POD}: accepted by the API server (editor)`);
    const read = readAuditRecord(JSON.parse(JSON.stringify(record)));
    assert.ok(read.ok, read.ok ? '' : read.reason);
    assert.deepEqual(read.record, JSON.parse(JSON.stringify(record)));
    const compact = readAuditRecord(JSON.parse(JSON.stringify(compactRecord(record))));
    assert.ok(compact.ok, 'the shared state\'s compact form reads back too');
  });

  it('removing a label sends undefined (a merge patch null) and says so', async () => {
    const { labels, deps } = setup();
    const { record } = await applyLabelChange({ target: { namespace: 'ns', kind: 'Deployment', name: 'web' }, key: 'opt', set: false }, deps, 'editor');
    assert.deepEqual(labels.calls[0].slice(1), ['opt', undefined]);
    assert.equal(record.action.description, 'remove label opt on Deployment ns/web');
  });

  it('has the keys and types of an action\'s record', () => {
    const plan = decideTarget(decisionContext({ runbook: runbook(), snapshot: labSnapshot(), history: [], now: LAB_NOW }), webPod);
    const action = auditRecordFor(plan, 'verified', { id: 'a', actor: 'me', time: LAB_NOW, startedAt: LAB_NOW, message: 'm' });
    const label = labelChangeRecord({ target: webPod, key: 'k', set: true }, { id: 'b', actor: 'me', startedAt: LAB_NOW, time: LAB_NOW, outcome: 'verified', message: 'm' });
    const shape = (r: object) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Array.isArray(v) ? 'array' : typeof v]));
    // An action's target also names its app; the keys of the record itself are the same.
    assert.deepEqual(shape(label), shape(action));
    assert.deepEqual(Object.keys(label.target), ['namespace', 'kind', 'name']);
    assert.deepEqual(Object.keys(label.action), ['type', 'description']);
  });

  it('a refused change is recorded as an error, then thrown', async () => {
    const { labels, audit, state, deps } = setup();
    labels.refuse = new ClusterError('pods "x" is forbidden', 'forbidden', 403);
    await assert.rejects(applyLabelChange({ target: webPod, key: RESTART_LABEL, set: true }, deps, 'editor'), /forbidden/);
    assert.equal(audit.records.length, 1);
    assert.equal(audit.records[0].outcome, 'error');
    assert.match(audit.records[0].message ?? '', /refused \(editor\): pods "x" is forbidden$/);
    assert.equal(state.records.length, 1, 'the shared state sees the failed attempt too');
  });

  it('a failing sink or shared state is a warning; the other sinks still get the record', async () => {
    const broken: AuditSink = { write: async () => { throw new Error('events refused'); } };
    const { audit, deps } = setup([broken]);
    deps.state = { history: async () => [], record: async () => { throw new Error('conflict'); } };
    const { warnings } = await applyLabelChange({ target: webPod, key: RESTART_LABEL, set: true }, deps, 'editor');
    assert.deepEqual(warnings, ['audit sink failed: events refused', 'shared state not updated: conflict']);
    assert.equal(audit.records.length, 1);
  });

  it('describes what it does in one line', () => {
    assert.equal(labelChangeDescription({ target: webPod, key: 'a/b', set: true }), `set label a/b=true on Pod ${LAB_NAMESPACE}/${LAB_WEB_POD}`);
  });
});
