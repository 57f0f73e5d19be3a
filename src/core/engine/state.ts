import type { ResolvedTarget } from '../guardrails/types';
import { isPodReady, podProblem, restartCount } from '../k8s/pods';
import { replicatedWorkload } from '../k8s/workload';
import type { CurrentState } from './plan';

/** What the target looks like now, for the panel and the approval payload. */
export function currentState(target: ResolvedTarget): CurrentState {
  const w = replicatedWorkload(target);
  const dep = w?.object;
  const pod = target.pod;
  const state: CurrentState = {
    summary: '',
    desiredReplicas: dep?.spec?.replicas,
    readyReplicas: dep ? dep.status?.readyReplicas ?? 0 : undefined,
    availableReplicas: dep ? dep.status?.availableReplicas ?? (w?.kind === 'StatefulSet' ? dep.status?.readyReplicas : undefined) ?? 0 : undefined,
    podPhase: pod?.status?.phase,
    podReady: pod ? isPodReady(pod) : undefined,
    podProblem: pod ? podProblem(pod) : undefined,
    restarts: pod ? restartCount(pod) : undefined,
  };
  const parts: string[] = [];
  if (w && dep) parts.push(`${w.kind} ${dep.metadata.name}: ${state.readyReplicas}/${state.desiredReplicas ?? '?'} Ready, ${state.availableReplicas} available`);
  if (pod) {
    const health = state.podReady ? 'Ready' : `not Ready${state.podProblem ? ` (${state.podProblem})` : ''}`;
    parts.push(`pod ${pod.metadata.name}: ${state.podPhase ?? 'unknown phase'}, ${health}, ${state.restarts} restarts`);
  }
  state.summary = parts.join('; ') || 'no state available';
  return state;
}
