// Test-only builders for Kubernetes-shaped plain objects, and the seed lab as a live cluster shows it.
import type {
  ClusterSnapshot, Condition, Deployment, Namespace, OwnerReference, Pod, PodDisruptionBudget, PodTemplate,
  ReplicaSet, StatefulSet,
} from '../../src/core/k8s/types';
import {
  ENABLED_LABEL, LAB_NAMESPACE, LAB_NOW, LAB_SINGLETON_POD, LAB_SINGLETON_RS, LAB_WEB_PEER, LAB_WEB_POD, LAB_WEB_RS, RESTART_LABEL,
} from './lab';

const CREATED = '2026-04-26T09:00:00Z';

/** Deterministic uid shaped like a Kubernetes one (FNV-1a over kind/namespace/name). */
export function uidFor(kind: string, namespace: string, name: string): string {
  let hex = '';
  for (let salt = 0; hex.length < 32; salt++) {
    let h = 0x811c9dc5 ^ salt;
    for (const ch of `${kind}/${namespace}/${name}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function resourceVersionFor(kind: string, namespace: string, name: string): string {
  return String(100000 + (parseInt(uidFor(kind, namespace, name).slice(0, 6), 16) % 900000));
}

function condition(type: string, ok: boolean, reason?: string): Condition {
  return { type, status: ok ? 'True' : 'False', ...(reason ? { reason } : {}), lastTransitionTime: CREATED };
}

export interface PodOptions {
  namespace?: string;
  app?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ready?: boolean;
  phase?: string;
  /** ReplicaSet name (controller), or a full owner reference (e.g. a StatefulSet), or null for a bare pod. */
  owner?: string | OwnerReference | null;
  deletionTimestamp?: string;
  uid?: string;
  resourceVersion?: string;
  waitingReason?: string;
  restarts?: number;
  container?: string;
}

export function pod(name: string, o: PodOptions = {}): Pod {
  const namespace = o.namespace ?? LAB_NAMESPACE;
  const ready = o.ready ?? true;
  const owner: OwnerReference | undefined = typeof o.owner === 'string'
    ? { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.owner, uid: uidFor('ReplicaSet', namespace, o.owner), controller: true }
    : o.owner ?? undefined;
  const labels: Record<string, string> = {
    ...(o.app !== undefined ? { app: o.app } : {}),
    ...(owner?.kind === 'ReplicaSet' ? { 'pod-template-hash': owner.name.slice(owner.name.lastIndexOf('-') + 1) } : {}),
    ...o.labels,
  };
  const container = o.container ?? 'nginx';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name, namespace, labels,
      uid: o.uid ?? uidFor('Pod', namespace, name),
      resourceVersion: o.resourceVersion ?? resourceVersionFor('Pod', namespace, name),
      creationTimestamp: CREATED,
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(owner ? { ownerReferences: [owner] } : {}),
      ...(o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
    },
    spec: { nodeName: 'lab-control-plane', containers: [{ name: container, image: 'nginx:1.27' }] },
    status: {
      phase: o.phase ?? 'Running',
      conditions: [
        condition('PodReadyToStartContainers', true), condition('Initialized', true),
        condition('Ready', ready, ready ? undefined : 'ContainersNotReady'),
        condition('ContainersReady', ready, ready ? undefined : 'ContainersNotReady'), condition('PodScheduled', true),
      ],
      containerStatuses: [{
        name: container, ready, restartCount: o.restarts ?? 0,
        state: o.waitingReason ? { waiting: { reason: o.waitingReason } } : { running: {} },
      }],
    },
  };
}

export interface ReplicaSetOptions {
  namespace?: string;
  deployment?: string | null;
  app?: string;
  revision?: number;
  replicas?: number;
  template?: PodTemplate;
}

export function replicaSet(name: string, o: ReplicaSetOptions = {}): ReplicaSet {
  const namespace = o.namespace ?? LAB_NAMESPACE;
  const hash = name.slice(name.lastIndexOf('-') + 1);
  const labels = { ...(o.app !== undefined ? { app: o.app } : {}), 'pod-template-hash': hash };
  const replicas = o.replicas ?? 1;
  const dep = o.deployment ?? undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name, namespace, labels, generation: 1, creationTimestamp: CREATED,
      uid: uidFor('ReplicaSet', namespace, name), resourceVersion: resourceVersionFor('ReplicaSet', namespace, name),
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(replicas + 1),
        'deployment.kubernetes.io/revision': String(o.revision ?? 1),
      },
      ...(dep ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: dep, uid: uidFor('Deployment', namespace, dep), controller: true }] } : {}),
    },
    spec: { replicas, selector: { matchLabels: labels }, template: o.template ?? { metadata: { labels } } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

export interface DeploymentOptions {
  namespace?: string;
  app?: string;
  replicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  updatedReplicas?: number;
  generation?: number;
  observedGeneration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  progressingReason?: string;
  paused?: boolean;
  /** Leave out `.status` entirely (e.g. a manifest from disk, or a Deployment the controller never saw). */
  withoutStatus?: boolean;
}

export function deployment(name: string, o: DeploymentOptions = {}): Deployment {
  const namespace = o.namespace ?? LAB_NAMESPACE;
  const app = o.app ?? name;
  const replicas = o.replicas ?? 1;
  const generation = o.generation ?? 1;
  const available = o.availableReplicas ?? o.readyReplicas ?? replicas;
  const dep: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name, namespace, generation, creationTimestamp: CREATED,
      uid: uidFor('Deployment', namespace, name), resourceVersion: resourceVersionFor('Deployment', namespace, name),
      labels: { app, ...o.labels },
      annotations: { 'deployment.kubernetes.io/revision': '1', ...o.annotations },
    },
    spec: {
      replicas, selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } },
      ...(o.paused ? { paused: true } : {}),
    },
  };
  if (o.withoutStatus) return dep;
  dep.status = {
    observedGeneration: o.observedGeneration ?? generation,
    replicas,
    updatedReplicas: o.updatedReplicas ?? replicas,
    readyReplicas: o.readyReplicas ?? replicas,
    availableReplicas: available,
    ...(available < replicas ? { unavailableReplicas: replicas - available } : {}),
    conditions: [
      condition('Available', available >= replicas || available > 0, available > 0 ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable'),
      condition('Progressing', true, o.progressingReason ?? 'NewReplicaSetAvailable'),
    ],
  };
  return dep;
}

export function statefulSet(name: string, o: { namespace?: string; app?: string; replicas?: number } = {}): StatefulSet {
  const namespace = o.namespace ?? LAB_NAMESPACE;
  const app = o.app ?? name;
  const replicas = o.replicas ?? 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, generation: 1, uid: uidFor('StatefulSet', namespace, name), labels: { app } },
    spec: { replicas, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } } } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

/** Owner reference from a StatefulSet pod to its StatefulSet (for `pod(name, { owner })`). */
export function statefulSetOwner(name: string, namespace = LAB_NAMESPACE): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', name, uid: uidFor('StatefulSet', namespace, name), controller: true };
}

export interface PdbOptions {
  namespace?: string;
  matchLabels?: Record<string, string>;
  /** null: no `.status` yet (the disruption controller has not processed it). */
  disruptionsAllowed?: number | null;
  minAvailable?: number | string;
}

export function pdb(name: string, o: PdbOptions = {}): PodDisruptionBudget {
  const namespace = o.namespace ?? LAB_NAMESPACE;
  const allowed = o.disruptionsAllowed === undefined ? 1 : o.disruptionsAllowed;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace, generation: 1, uid: uidFor('PodDisruptionBudget', namespace, name) },
    spec: { selector: { matchLabels: o.matchLabels ?? {} }, minAvailable: o.minAvailable ?? 1 },
    ...(allowed === null ? {} : { status: { disruptionsAllowed: allowed } }),
  };
}

export function namespaceObj(name: string, o: { annotations?: Record<string, string>; labels?: Record<string, string> } = {}): Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name, uid: uidFor('Namespace', '', name), resourceVersion: resourceVersionFor('Namespace', '', name),
      creationTimestamp: CREATED,
      labels: { 'kubernetes.io/metadata.name': name, ...o.labels },
      ...(o.annotations ? { annotations: o.annotations } : {}),
    },
  };
}

export function snapshot(s: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return { pods: [], replicaSets: [], deployments: [], podDisruptionBudgets: [], ...s };
}

export interface LabOptions {
  /** Include the Namespace object (a reader that cannot list namespaces leaves it out). Default true. */
  withNamespace?: boolean;
  takenAt?: string | null;
}

/** The seed lab after steps 1-3: web x2 and singleton x1, both opted in, one web pod and the singleton pod marked. */
export function labSnapshot(o: LabOptions = {}): ClusterSnapshot {
  const enabled = { [ENABLED_LABEL]: 'true' };
  const restart = { [RESTART_LABEL]: 'true' };
  const takenAt = o.takenAt === undefined ? LAB_NOW.toISOString() : o.takenAt;
  return snapshot({
    ...(takenAt === null ? {} : { takenAt }),
    deployments: [
      deployment('web', { replicas: 2, labels: enabled }),
      deployment('singleton', { replicas: 1, labels: enabled }),
    ],
    replicaSets: [
      replicaSet(LAB_WEB_RS, { deployment: 'web', app: 'web', replicas: 2 }),
      replicaSet(LAB_SINGLETON_RS, { deployment: 'singleton', app: 'singleton', replicas: 1 }),
    ],
    pods: [
      pod(LAB_WEB_POD, { app: 'web', owner: LAB_WEB_RS, labels: restart }),
      pod(LAB_WEB_PEER, { app: 'web', owner: LAB_WEB_RS }),
      pod(LAB_SINGLETON_POD, { app: 'singleton', owner: LAB_SINGLETON_RS, labels: restart }),
    ],
    ...(o.withNamespace === false ? {} : { namespaces: [namespaceObj(LAB_NAMESPACE)] }),
  });
}
