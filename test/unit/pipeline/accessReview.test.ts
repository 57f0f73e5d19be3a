// The access review before acting asks for everything the plan's steps will send (action, rollback,
// verification watches, Namespace read, Event, Lease, state), as the permissions table lists it, so a
// missing permission stops the plan before any change instead of half way through.
import { strict as assert } from 'assert';
import { grantedAt, permissionLabel, runbookNeeds, actionPermissions } from '../../../src/core/engine/permissions';
import type { Permission, Plan } from '../../../src/core/engine/plan';
import { ROLLBACK_TYPES, type ActionType } from '../../../src/core/model/runbook';
import { accessNeeds, type AccessScope } from '../../../src/core/pipeline/accessNeeds';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import type { AccessReviewer } from '../../../src/core/ports';
import { LAB_NAMESPACE, LAB_WEB_POD, labSnapshot, runbook } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';
import { seededRandom } from '../../support/seeded';

const ACTIONS: readonly ActionType[] = ['deletePod', 'evictPod', 'scaleDeployment', 'rolloutRestart', 'rollbackDeployment', 'collectEvidence'];
const SCOPE: AccessScope = { stateNamespace: 'remediator-system', clusterState: true, events: true };
const webPod = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };

function denying(deny: (p: Permission) => boolean): AccessReviewer & { asked: Permission[] } {
  const asked: Permission[] = [];
  return {
    ...allowAll, asked,
    check: async (ps) => { asked.push(...ps); return ps.map((permission) => ({ permission, allowed: !deny(permission) })); },
  };
}

function setup(access: AccessReviewer) {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  const state = new MemoryState();
  const lock = new MemoryLock();
  let taken = 0;
  const countingLock = { tryAcquire: async (key: string) => { taken++; return lock.tryAcquire(key); } };
  const deps: PipelineDeps = {
    reader: cluster, writer: cluster, access, lock: countingLock, state, audit: [new MemoryState()], clock: { now: () => new Date() }, newId: () => 'attempt-1', accessScope: SCOPE,
  };
  return { cluster, deps, locksTaken: () => taken };
}

/** A deletePod runbook whose rollback scales the Deployment back (so only the rollback needs deployments/scale). */
const scaleBackRunbook = runbook({ spec: { rollback: { type: 'scale_to_previous_replicas' }, verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 1 } } });

describe('access review before acting', () => {
  it('a plan whose rollback needs update deployments/scale is refused before acting when that is denied', async () => {
    const access = denying((p) => p.verb === 'update' && p.resource === 'deployments' && p.subresource === 'scale');
    const { cluster, deps, locksTaken } = setup(access);
    const r = await executePlan({ runbook: scaleBackRunbook, target: webPod, execute: true }, deps);
    assert.equal(r.outcome, 'blocked', JSON.stringify(r.records.map((x) => x.message)));
    assert.match(r.records[0].message!, /missing permission: update deployments\/scale\.apps in aiops-remediation-lab/);
    assert.equal(cluster.applied.length, 0, 'not even the server-side dry run');
    assert.equal(locksTaken(), 0, 'no Lease taken');
  });

  it('asks for the Lease, state, Event and Namespace read, and none of the tolerated or everyone entries', async () => {
    const access = denying(() => false);
    const { deps } = setup(access);
    await executePlan({ runbook: scaleBackRunbook, target: webPod, execute: false }, deps);
    const labels = access.asked.map(permissionLabel);
    for (const want of ['update leases.coordination.k8s.io in remediator-system', 'update configmaps in remediator-system',
      'create events.events.k8s.io in aiops-remediation-lab', 'get namespaces in aiops-remediation-lab', 'watch pods in aiops-remediation-lab']) {
      assert.ok(labels.includes(want), `${want} in ${labels.join('; ')}`);
    }
    assert.ok(!labels.some((l) => /selfsubject|create namespaces|list namespaces/.test(l)), labels.join('; '));
  });

  it('local state: no ConfigMaps asked for; no Event sink: no Event asked for', () => {
    const plan = planFor('deletePod');
    const labels = accessNeeds(plan, 'none', { ...SCOPE, clusterState: false, events: false }).map(permissionLabel);
    assert.ok(!labels.some((l) => /configmaps|events/.test(l)), labels.join('; '));
    assert.ok(labels.includes('create leases.coordination.k8s.io in remediator-system'));
  });

  it('for every action and rollback type: exactly what the exported Role grants', () => {
    for (const type of ACTIONS) {
      for (const rollback of ROLLBACK_TYPES) {
        const rb = runbook({ spec: { action: { type }, rollback: { type: rollback } } });
        const needs = runbookNeeds(rb);
        const granted = [
          ...grantedAt(needs, 'target').map((r) => ({ ...r, namespace: LAB_NAMESPACE })),
          ...grantedAt(needs, 'namespaceObject').map((r) => ({ ...r, namespace: LAB_NAMESPACE })),
          ...grantedAt(needs, 'state').map((r) => ({ ...r, namespace: SCOPE.stateNamespace })),
        ].map(permissionLabel).sort();
        assert.deepEqual(accessNeeds(planFor(type), rollback, SCOPE).map(permissionLabel).sort(), granted, `${type} / ${rollback}`);
      }
    }
  });

  it('generated: denying any one reviewed permission stops the plan before it acts', async () => {
    const next = seededRandom(7);
    const all = accessNeeds(planFor('deletePod'), 'scale_to_previous_replicas', SCOPE);
    for (let i = 0; i < 25; i++) {
      const victim = all[Math.floor(next() * all.length)];
      const { cluster, deps, locksTaken } = setup(denying((p) => permissionLabel(p) === permissionLabel(victim)));
      const r = await executePlan({ runbook: scaleBackRunbook, target: webPod, execute: true }, deps);
      assert.equal(r.outcome, 'blocked', permissionLabel(victim));
      assert.ok(r.records[0].message!.includes(`missing permission: ${permissionLabel(victim)}`), r.records[0].message);
      assert.equal(cluster.applied.length + locksTaken(), 0, permissionLabel(victim));
    }
  });
});

function planFor(type: ActionType): Plan {
  return { target: webPod, action: { type, permissions: actionPermissions(type, LAB_NAMESPACE) } } as unknown as Plan;
}
