// HelmReleaseReader over the API server: one list of the release's Secrets (Helm's own labels
// owner=helm,name=RELEASE), each decoded here. No helm process is started to read history.
import { HELM_RELEASE_SECRET_TYPE, HelmReleaseFormatError, revisionFromJson, type HelmReleaseRead, type HelmRevision } from '../../core/helm/release';
import type { HelmReleaseReader } from '../../core/ports';
import type { KubeHttp } from '../k8s/http';
import { listAll, type KubeObject, type ResourceType } from '../k8s/resources';
import { decodeReleaseData, ReleaseDecodeError } from './decode';

export const SECRETS: ResourceType = { kind: 'Secret', apiVersion: 'v1', plural: 'secrets', namespaced: true };

/** Helm's release names: DNS-1123 labels of at most 53 characters (they go into a label selector here). */
export const RELEASE_NAME = /^[a-z0-9]([-a-z0-9.]{0,51}[a-z0-9])?$/;

interface SecretObject extends KubeObject { type?: string; data?: Record<string, string> }

export class KubeHelmReleaseReader implements HelmReleaseReader {
  constructor(private readonly http: KubeHttp) {}

  async read(namespace: string, release: string): Promise<HelmReleaseRead> {
    if (!RELEASE_NAME.test(release)) return { namespace, release, ok: false, reason: `"${release}" is not a valid Helm release name` };
    let secrets: SecretObject[];
    try {
      secrets = (await listAll<SecretObject>(this.http, SECRETS, namespace, { labelSelector: `owner=helm,name=${release}` })).items;
    } catch (err) {
      return { namespace, release, ok: false, reason: (err as Error).message };
    }
    const revisions: HelmRevision[] = [];
    for (const secret of secrets) {
      if (secret.type !== HELM_RELEASE_SECRET_TYPE) continue;
      const where = `Secret ${namespace}/${secret.metadata.name}`;
      const data = secret.data?.release;
      if (typeof data !== 'string') return { namespace, release, ok: false, reason: `${where} has no data.release` };
      try {
        revisions.push(revisionFromJson(decodeReleaseData(data), where));
      } catch (err) {
        if (err instanceof ReleaseDecodeError || err instanceof HelmReleaseFormatError) {
          return { namespace, release, ok: false, reason: `${where}: ${err.message}` };
        }
        throw err;
      }
    }
    return { namespace, release, ok: true, revisions: revisions.sort((a, b) => a.revision - b.revision) };
  }
}
