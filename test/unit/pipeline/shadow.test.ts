// Shadow mode: the pipeline runs up to the action (access review, lock, re-check, server-side dry run)
// and records `shadowed` with the plan; nothing is written, and the record does not count as an action.
import { strict as assert } from 'assert';
import { ACTED_OUTCOMES } from '../../../src/core/model/audit';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { LAB_NAMESPACE, LAB_WEB_POD, labSnapshot, runbook } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';

const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };

function setup() {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  const state = new MemoryState();
  const audit = new MemoryState();
  let confirmations = 0;
  const deps: PipelineDeps = {
    reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state, audit: [audit], clock: { now: () => new Date() }, newId: () => 'shadow-1',
  };
  return { cluster, state, audit, deps, confirm: async () => { confirmations++; return true; }, confirmations: () => confirmations };
}

describe('shadow mode', () => {
  it('--shadow: re-checked and dry-run, then shadowed; nothing applied for real, no confirmation asked', async () => {
    const s = setup();
    const r = await executePlan({ runbook: runbook(), target: webPod, execute: true, shadow: true, confirm: s.confirm }, s.deps);
    assert.equal(r.outcome, 'shadowed', JSON.stringify(r.records.map((x) => x.message)));
    assert.match(r.records.at(-1)!.message!, /shadow mode: would have run .*nothing done/);
    assert.ok(s.cluster.applied.length > 0 && s.cluster.applied.every((a) => a.dryRun), 'only server-side dry runs');
    assert.equal(s.confirmations(), 0);
    assert.equal(r.plan.mode, 'auto_execute');
    assert.ok(!ACTED_OUTCOMES.includes('shadowed'), 'a shadowed record never counts for cooldown or rate limits');
  });

  it('spec.shadow: true in the runbook does the same without the flag', async () => {
    const s = setup();
    const rb = runbook({ spec: { shadow: true } });
    const r = await executePlan({ runbook: rb, target: webPod, execute: true }, s.deps);
    assert.equal(r.outcome, 'shadowed');
    assert.ok(s.cluster.applied.every((a) => a.dryRun));
  });

  it('an approval_required plan is shadowed as what would have been asked, without an approval', async () => {
    const s = setup();
    const rb = runbook({ spec: { decisionMode: 'approval_required' } });
    const r = await executePlan({ runbook: rb, target: webPod, execute: true, shadow: true }, s.deps);
    assert.equal(r.outcome, 'shadowed');
    assert.match(r.records.at(-1)!.message!, /after a human approval/);
  });

  it('a blocked plan stays blocked in shadow mode (the decision is what is compared)', async () => {
    const s = setup();
    const rb = runbook({ spec: { scope: { allowedNamespaces: ['elsewhere'] } } });
    const r = await executePlan({ runbook: rb, target: webPod, execute: true, shadow: true }, s.deps);
    assert.equal(r.outcome, 'blocked');
    assert.equal(s.cluster.applied.length, 0);
  });

  it('the schema accepts spec.shadow as a boolean only', () => {
    const base = 'apiVersion: remediations.kubedojo.io/v1\nkind: RemediationRunbook\nmetadata: { name: x }\nspec:\n  intent: i\n  owner: o\n  risk: low\n  decisionMode: suggest\n  triggers: { symptoms: [a], probableCauses: [b], minimumConfidence: 0.5 }\n  scope: { allowedNamespaces: [n] }\n  guardrails: { maxExecutionsPerHour: 1 }\n  action: { type: deletePod }\n  verification: { checks: [rollout_complete], timeoutSeconds: 60 }\n  rollback: { type: controller_recreates_pod }\n  escalation: { onGuardrailFailure: a, onVerificationFailure: b }\n';
    assert.equal(parseRunbook(`${base}  shadow: true\n`).runbook?.spec.shadow, true);
    const bad = parseRunbook(`${base}  shadow: "yes"\n`);
    assert.equal(bad.runbook, undefined);
    assert.ok(bad.diagnostics.some((d) => /shadow/.test(d.message) || /boolean/.test(d.message)), JSON.stringify(bad.diagnostics));
  });
});
