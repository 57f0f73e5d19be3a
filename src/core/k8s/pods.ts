import type { Pod } from './types';

/** Ready means the Ready condition is True and the pod is not being deleted (phase Running is not enough). */
export function isPodReady(pod: Pod): boolean {
  if (pod.metadata.deletionTimestamp) return false;
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** Who a pod is for counting distinct pods: its uid, else namespace/name. */
export function podIdentity(pod: Pod): string {
  return pod.metadata.uid ? `uid:${pod.metadata.uid}` : `name:${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
}

export function isTerminating(pod: Pod): boolean {
  return Boolean(pod.metadata.deletionTimestamp);
}

export function controllerOf(meta: { ownerReferences?: { kind: string; name: string; controller?: boolean; uid?: string }[] }) {
  return (meta.ownerReferences ?? []).find((o) => o.controller === true);
}

/** A short human summary of why a pod looks unhealthy, e.g. "CrashLoopBackOff", if any. */
export function podProblem(pod: Pod): string | undefined {
  for (const cs of pod.status?.containerStatuses ?? []) {
    const waiting = cs.state?.waiting?.reason;
    if (waiting && waiting !== 'ContainerCreating' && waiting !== 'PodInitializing') return waiting;
    if (cs.lastState?.terminated?.reason === 'OOMKilled') return 'OOMKilled';
  }
  const ready = (pod.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (pod.status?.phase === 'Running' && ready && ready.status !== 'True') return 'readiness_probe_failed';
  return undefined;
}

export function restartCount(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, cs) => n + (cs.restartCount ?? 0), 0);
}
