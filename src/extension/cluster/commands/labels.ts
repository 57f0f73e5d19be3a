// Label changes from the tree (opt in/out a Deployment or StatefulSet, mark/unmark a pod): trusted workspaces only,
// confirmed in a modal, then applied and audited by the core (src/core/pipeline/labelChange.ts) through the
// same path as every action: the JSONL log, the output channel, an Event on the object and the shared state.
import { applyLabelChange, labelChangeDescription } from '../../../core/pipeline/labelChange';
import { requireTrust } from '../prompts';
import type { ClusterServices } from '../services';
import type { PodNode, WorkloadNode } from '../tree/nodes';

export interface LabelChangeCommand {
  /** 'Workload': the Deployment or StatefulSet the tree item is. */
  kind: 'Workload' | 'Pod';
  /** Which setting's label: the opt-in label or the restart label. */
  label: 'optIn' | 'restart';
  set: boolean;
  verb: string;
}

type LabelledKind = 'Pod' | 'Deployment' | 'StatefulSet';

function targetOf(arg: unknown, kind: LabelChangeCommand['kind']): { namespace: string; name: string; kind: LabelledKind } {
  const node = (arg ?? {}) as Partial<WorkloadNode | PodNode> & { namespace?: unknown; name?: unknown; kind?: unknown };
  // An options object without a type names a Deployment unless it says StatefulSet.
  const workloadKind = node.type === 'workload' || node.type === undefined ? (node.kind === 'StatefulSet' ? 'StatefulSet' : 'Deployment') : undefined;
  const rightType = node.type === undefined || (kind === 'Pod' ? node.type === 'pod' : node.type === 'workload' && (node.kind === 'Deployment' || node.kind === 'StatefulSet'));
  if (typeof node.namespace !== 'string' || typeof node.name !== 'string' || !rightType) {
    throw new Error(`run this from a ${kind === 'Pod' ? 'pod' : 'Deployment or StatefulSet'} in the Remediator workloads view`);
  }
  return { namespace: node.namespace, name: node.name, kind: kind === 'Pod' ? 'Pod' : workloadKind ?? 'Deployment' };
}

export async function changeLabel(s: ClusterServices, arg: unknown, command: LabelChangeCommand): Promise<boolean> {
  const target = targetOf(arg, command.kind);
  if (!requireTrust('changing labels')) return false;
  const settings = s.session.settings;
  const change = { target, key: command.label === 'optIn' ? settings.optInLabel : settings.restartLabel, set: command.set };
  const description = labelChangeDescription(change);
  const confirmed = await s.prompts.confirm(`${command.verb} ${target.kind} ${target.name}?`, `This will ${description} in context ${s.session.contextName}.`, command.verb);
  if (!confirmed) return false;
  const { warnings } = await applyLabelChange(change, s.session.labelChanges(), 'editor');
  for (const warning of warnings) s.audit.note(warning);
  return true;
}
