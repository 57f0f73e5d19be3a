// Read-only evidence for a human-led remediation: the target's pods (phase, readiness, restarts, node)
// and the latest Events about them, in a compact form fit for an audit record.
import { controllerOf } from '../../core/k8s/pods';
import type { Deployment, Pod, StatefulSet } from '../../core/k8s/types';
import type { TargetRef } from '../../core/model/audit';
import type { EventEvidence, PodEvidence } from '../../core/actions';
import type { ActionResultOf } from '../../core/ports';
import { statusOf } from './errors';
import type { KubeHttp } from './http';
import { DEPLOYMENTS, EVENTS, PODS, STATEFUL_SETS, listAll, objectPath, type KubeObject } from './resources';

const MAX_EVENTS = 20;

interface KubeEvent extends KubeObject {
  regarding?: { kind?: string; name?: string };
  reason?: string;
  note?: string;
  type?: string;
  eventTime?: string;
  deprecatedLastTimestamp?: string;
  deprecatedCount?: number;
  series?: { count?: number; lastObservedTime?: string };
}

export type { EventEvidence, PodEvidence } from '../../core/actions';

function podEvidence(pod: Pod): PodEvidence {
  const statuses = pod.status?.containerStatuses ?? [];
  const waiting = statuses.find((s) => s.state?.waiting?.reason)?.state?.waiting?.reason;
  return {
    name: pod.metadata.name,
    phase: pod.status?.phase,
    ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    restarts: statuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    ...(waiting ?? pod.status?.reason ? { problem: waiting ?? pod.status?.reason } : {}),
  };
}

function selectorText(workload: Deployment | StatefulSet): string | undefined {
  const labels = workload.spec?.selector?.matchLabels;
  return labels ? Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') : undefined;
}

async function targetPods(http: KubeHttp, target: TargetRef): Promise<Pod[]> {
  if (target.kind === 'Pod') {
    const pod = await http.get<Pod>(objectPath(PODS, target.namespace, target.name)).catch((err: unknown) => {
      if (statusOf(err) === 404) return undefined;
      throw err;
    });
    return pod ? [pod] : [];
  }
  if (target.kind !== 'Deployment' && target.kind !== 'StatefulSet') return [];
  const workload = target.kind === 'Deployment'
    ? await http.get<Deployment>(objectPath(DEPLOYMENTS, target.namespace, target.name))
    : await http.get<StatefulSet>(objectPath(STATEFUL_SETS, target.namespace, target.name));
  const labelSelector = selectorText(workload);
  if (!labelSelector) return [];
  const pods = (await listAll<KubeObject>(http, PODS, target.namespace, { labelSelector })).items as unknown as Pod[];
  // A StatefulSet controls its pods itself (no ReplicaSet between): keep only those it owns, as the
  // selector may match another workload's pods too.
  return target.kind === 'StatefulSet' ? pods.filter((p) => {
    const owner = controllerOf(p.metadata);
    return owner?.kind === 'StatefulSet' && owner.name === target.name;
  }) : pods;
}

function eventTime(e: KubeEvent): string | undefined {
  return e.series?.lastObservedTime ?? e.deprecatedLastTimestamp ?? e.eventTime ?? (e.metadata.creationTimestamp as string | undefined);
}

function relatedEvents(events: KubeEvent[], target: TargetRef, podNames: Set<string>): EventEvidence[] {
  const related = (e: KubeEvent) => {
    const name = e.regarding?.name ?? '';
    return name === target.name || podNames.has(name) || (e.regarding?.kind === 'ReplicaSet' && name.startsWith(`${target.name}-`));
  };
  return events.filter(related)
    .map((e) => ({
      time: eventTime(e), type: e.type, reason: e.reason, object: `${e.regarding?.kind ?? '?'}/${e.regarding?.name ?? '?'}`,
      note: e.note, count: e.series?.count ?? e.deprecatedCount,
    }))
    .sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''))
    .slice(0, MAX_EVENTS);
}

export async function collectEvidence(http: KubeHttp, target: TargetRef): Promise<ActionResultOf<'collectEvidence'>> {
  const [pods, events] = await Promise.all([
    targetPods(http, target),
    listAll<KubeEvent>(http, EVENTS, target.namespace).then((l) => l.items),
  ]);
  const podSummaries = pods.map(podEvidence);
  const recent = relatedEvents(events, target, new Set(podSummaries.map((p) => p.name)));
  const ready = podSummaries.filter((p) => p.ready).length;
  const warnings = recent.filter((e) => e.type === 'Warning').length;
  return {
    type: 'collectEvidence',
    summary: `collected evidence for ${target.kind.toLowerCase()} ${target.namespace}/${target.name}: ${ready}/${podSummaries.length} pods ready, ${recent.length} recent events (${warnings} warnings)`,
    details: { pods: podSummaries, events: recent },
  };
}
