import { strict as assert } from 'assert';
import { exportJob, rulesFor } from '../../../src/core/export/job';
import { runbook } from '../../support/k8s';

type Doc = { kind: string; metadata: { name: string; namespace?: string }; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[]; spec?: CronSpec };
type CronSpec = { concurrencyPolicy: string; jobTemplate: { spec: { template: { spec: { serviceAccountName: string; containers: { args: string[] }[]; securityContext: { runAsNonRoot: boolean } } } } } };

describe('export-job: least privilege from the runbook', () => {
  const docs = exportJob(runbook(), 'kind: RemediationRunbook\n', { stateNamespace: 'remediator-system', image: 'remediator:test', schedule: '*/10 * * * *' }) as Doc[];
  const role = docs.find((d) => d.kind === 'Role' && d.metadata.namespace === 'aiops-remediation-lab')!;

  it('emits ServiceAccount, Roles, RoleBindings, ConfigMap and CronJob', () => {
    assert.deepEqual(docs.map((d) => `${d.kind}/${d.metadata.namespace}`), [
      'ServiceAccount/aiops-remediation-lab', 'Role/aiops-remediation-lab', 'RoleBinding/aiops-remediation-lab',
      'Role/remediator-system', 'RoleBinding/remediator-system', 'ConfigMap/aiops-remediation-lab', 'CronJob/aiops-remediation-lab',
    ]);
  });

  it('grants delete on pods for deletePod and nothing that writes workloads', () => {
    const pods = role.rules!.find((r) => r.resources[0] === 'pods')!;
    assert.deepEqual(pods.verbs, ['delete', 'get', 'list', 'watch']);
    for (const r of role.rules!) {
      if (r.resources[0] !== 'pods' && r.resources[0] !== 'events') {
        assert.ok(r.verbs.every((v) => ['get', 'list', 'watch'].includes(v)), `${r.resources[0]}: ${r.verbs}`);
      }
    }
  });

  it('grants the scale subresource, not deployments patch, for a scale runbook', () => {
    const scale = exportJob(runbook({ spec: { action: { type: 'scaleDeployment', replicas: 3 } } }), '', { stateNamespace: 's', image: 'i', schedule: '* * * * *' }) as Doc[];
    const rules = scale.find((d) => d.kind === 'Role')!.rules!;
    assert.deepEqual(rules.find((r) => r.resources[0] === 'deployments/scale')!.verbs, ['get', 'patch']);
    assert.ok(!rules.find((r) => r.resources[0] === 'deployments')!.verbs.includes('patch'));
  });

  it('runs scan with --execute on a forbid-concurrency CronJob as non-root', () => {
    const cron = docs.find((d) => d.kind === "CronJob")! as Required<Doc>;
    assert.equal(cron.spec.concurrencyPolicy, 'Forbid');
    const pod = cron.spec.jobTemplate.spec.template.spec;
    assert.equal(pod.serviceAccountName, 'remediator-replace-redundant-pod');
    assert.deepEqual(pod.containers[0].args.slice(0, 5), ['scan', '--runbook', '/etc/remediator/runbook.yaml', '--execute', '--yes']);
    assert.equal(pod.securityContext.runAsNonRoot, true);
  });

  it('groups permissions into one rule per resource', () => {
    assert.deepEqual(rulesFor([{ verb: 'list', group: '', resource: 'pods' }, { verb: 'get', group: '', resource: 'pods' }]),
      [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);
  });
});
