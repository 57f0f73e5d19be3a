// Label changes from the tree (opt in/out a Deployment, mark/unmark a pod): trusted workspaces only,
// confirmed in a modal, audited to the JSONL log and the output channel like every decision.
import { randomUUID } from 'crypto';
import { JsonlAuditFile } from '../../../adapters/audit/jsonlFile';
import { PATCH } from '../../../adapters/k8s/http';
import { DEPLOYMENTS, PODS, objectPath } from '../../../adapters/k8s/resources';
import type { AuditRecord } from '../../../core/model/audit';
import { requireTrust } from '../prompts';
import type { ClusterServices } from '../services';
import type { PodNode, WorkloadNode } from '../tree/nodes';

export interface LabelChange {
  kind: 'Deployment' | 'Pod';
  /** Which setting's label: the opt-in label or the restart label. */
  label: 'optIn' | 'restart';
  set: boolean;
  verb: string;
}

function targetOf(arg: unknown, kind: LabelChange['kind']): { namespace: string; name: string } {
  const node = (arg ?? {}) as Partial<WorkloadNode | PodNode> & { namespace?: unknown; name?: unknown };
  const rightType = node.type === undefined || (kind === 'Pod' ? node.type === 'pod' : node.type === 'workload' && node.kind === 'Deployment');
  if (typeof node.namespace !== 'string' || typeof node.name !== 'string' || !rightType) {
    throw new Error(`run this from a ${kind === 'Pod' ? 'pod' : 'Deployment'} in the Remediator workloads view`);
  }
  return { namespace: node.namespace, name: node.name };
}

export async function changeLabel(s: ClusterServices, arg: unknown, change: LabelChange): Promise<boolean> {
  const { namespace, name } = targetOf(arg, change.kind);
  if (!requireTrust('changing labels')) return false;
  const settings = s.session.settings;
  const key = change.label === 'optIn' ? settings.optInLabel : settings.restartLabel;
  const description = `${change.set ? 'set' : 'remove'} label ${key}${change.set ? '=true' : ''} on ${change.kind} ${namespace}/${name}`;
  const confirmed = await s.prompts.confirm(`${change.verb} ${change.kind} ${name}?`, `This will ${description} in context ${s.session.contextName}.`, change.verb);
  if (!confirmed) return false;
  const remediator = s.session.open();
  const type = change.kind === 'Pod' ? PODS : DEPLOYMENTS;
  await remediator.adapters.connection.http.request('PATCH', objectPath(type, namespace, name), {
    body: { metadata: { labels: { [key]: change.set ? 'true' : null } } }, contentType: PATCH.merge,
  });
  const time = new Date().toISOString();
  const record: AuditRecord = {
    id: randomUUID(), time, startedAt: time, endedAt: time, incidentId: 'none', runbook: '(label)',
    target: { namespace, kind: change.kind, name }, mode: 'manual', outcome: 'verified', verdicts: [],
    action: { type: 'label', description }, actor: await remediator.adapters.access.whoAmI(),
    message: `${description}: accepted by the API server (editor)`,
  };
  await new JsonlAuditFile(remediator.auditFile).write(record);
  await s.audit.write(record);
  return true;
}
