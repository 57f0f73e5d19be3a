// Label changes from the tree (opt in/out a Deployment or StatefulSet, mark/unmark a pod): trusted workspaces only,
// confirmed in a modal, audited to the JSONL log and the output channel like every decision.
import { randomUUID } from 'crypto';
import { JsonlAuditFile } from '../../../adapters/audit/jsonlFile';
import { PATCH } from '../../../adapters/k8s/http';
import { DEPLOYMENTS, PODS, STATEFUL_SETS, objectPath } from '../../../adapters/k8s/resources';
import type { AuditRecord } from '../../../core/model/audit';
import { requireTrust } from '../prompts';
import type { ClusterServices } from '../services';
import type { PodNode, WorkloadNode } from '../tree/nodes';

export interface LabelChange {
  /** 'Workload': the Deployment or StatefulSet the tree item is. */
  kind: 'Workload' | 'Pod';
  /** Which setting's label: the opt-in label or the restart label. */
  label: 'optIn' | 'restart';
  set: boolean;
  verb: string;
}

const RESOURCES = { Pod: PODS, Deployment: DEPLOYMENTS, StatefulSet: STATEFUL_SETS } as const;

function targetOf(arg: unknown, kind: LabelChange['kind']): { namespace: string; name: string; kind: keyof typeof RESOURCES } {
  const node = (arg ?? {}) as Partial<WorkloadNode | PodNode> & { namespace?: unknown; name?: unknown; kind?: unknown };
  // An options object without a type names a Deployment unless it says StatefulSet.
  const workloadKind = node.type === 'workload' || node.type === undefined ? (node.kind === 'StatefulSet' ? 'StatefulSet' : 'Deployment') : undefined;
  const rightType = node.type === undefined || (kind === 'Pod' ? node.type === 'pod' : node.type === 'workload' && (node.kind === 'Deployment' || node.kind === 'StatefulSet'));
  if (typeof node.namespace !== 'string' || typeof node.name !== 'string' || !rightType) {
    throw new Error(`run this from a ${kind === 'Pod' ? 'pod' : 'Deployment or StatefulSet'} in the Remediator workloads view`);
  }
  return { namespace: node.namespace, name: node.name, kind: kind === 'Pod' ? 'Pod' : workloadKind ?? 'Deployment' };
}

export async function changeLabel(s: ClusterServices, arg: unknown, change: LabelChange): Promise<boolean> {
  const { namespace, name, kind } = targetOf(arg, change.kind);
  if (!requireTrust('changing labels')) return false;
  const settings = s.session.settings;
  const key = change.label === 'optIn' ? settings.optInLabel : settings.restartLabel;
  const description = `${change.set ? 'set' : 'remove'} label ${key}${change.set ? '=true' : ''} on ${kind} ${namespace}/${name}`;
  const confirmed = await s.prompts.confirm(`${change.verb} ${kind} ${name}?`, `This will ${description} in context ${s.session.contextName}.`, change.verb);
  if (!confirmed) return false;
  const remediator = s.session.open();
  await remediator.adapters.connection.http.request('PATCH', objectPath(RESOURCES[kind], namespace, name), {
    body: { metadata: { labels: { [key]: change.set ? 'true' : null } } }, contentType: PATCH.merge,
  });
  const time = new Date().toISOString();
  const record: AuditRecord = {
    id: randomUUID(), time, startedAt: time, endedAt: time, incidentId: 'none', runbook: '(label)',
    target: { namespace, kind, name }, mode: 'manual', outcome: 'verified', verdicts: [],
    action: { type: 'label', description }, actor: await remediator.adapters.access.whoAmI(),
    message: `${description}: accepted by the API server (editor)`,
  };
  await new JsonlAuditFile(remediator.auditFile).write(record);
  await s.audit.write(record);
  return true;
}
