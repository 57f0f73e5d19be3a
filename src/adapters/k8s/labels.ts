// LabelWriter: one JSON merge patch of metadata.labels (null removes a label). In an untrusted
// workspace the connection's HTTP client refuses the PATCH (readOnly.ts).
import { ClusterError, type LabelWriter } from '../../core/ports';
import type { TargetRef } from '../../core/model/audit';
import { PATCH, type KubeHttp } from './http';
import { DEPLOYMENTS, PODS, STATEFUL_SETS, objectPath, type ResourceType } from './resources';

const RESOURCES: Record<string, ResourceType> = { Pod: PODS, Deployment: DEPLOYMENTS, StatefulSet: STATEFUL_SETS };

export class KubeLabelWriter implements LabelWriter {
  constructor(private readonly http: KubeHttp) {}

  async setLabel(target: TargetRef, key: string, value: string | undefined): Promise<void> {
    const resource = RESOURCES[target.kind];
    if (!resource) throw new ClusterError(`labels are changed on a Pod, Deployment or StatefulSet, not a ${target.kind}`, 'invalid');
    await this.http.request('PATCH', objectPath(resource, target.namespace, target.name), {
      body: { metadata: { labels: { [key]: value ?? null } } }, contentType: PATCH.merge,
    });
  }
}
