// The current revision of Helm releases, for views that show it beside a workload (the workloads tree).
// Per read: one metadata-only list of the release's Secrets (Helm's labels owner=helm,name=RELEASE) names
// the newest revision; that one Secret is fetched and decoded only when its resourceVersion differs from
// the one decoded before. No helm process. Bounded: a few reads at a time, a read in flight is shared,
// and at most `releases` releases are remembered (the least recently read is forgotten first).
import { summarize, type HelmRevisionSummary } from '../../core/helm/compare';
import { HELM_RELEASE_SECRET_PREFIX, HELM_RELEASE_SECRET_TYPE, HelmReleaseFormatError, revisionFromJson } from '../../core/helm/release';
import type { KubeHttp } from '../k8s/http';
import { collectionPath, objectPath, type KubeObject } from '../k8s/resources';
import { decodeReleaseData, ReleaseDecodeError } from './decode';
import { RELEASE_NAME, SECRETS } from './releases';

export type CurrentRevisionRead =
  /** `current` is undefined when the release has no Secrets (uninstalled, or never installed here). */
  | { ok: true; current: HelmRevisionSummary | undefined }
  | { ok: false; reason: string };

export interface CurrentRevisionLimits {
  /** Releases remembered. */
  releases: number;
  /** Reads against the API server at once. */
  concurrent: number;
}

/** Asks for metadata only (names, labels, resourceVersions: no release payloads); plain JSON if the server cannot. */
const METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';
/** One page: a release keeps --history-max revisions (10 by default); hundreds of Secrets is already abnormal. */
const PAGE = 500;

interface Entry { secret: string; resourceVersion: string; read: CurrentRevisionRead }
interface SecretObject extends KubeObject { type?: string; data?: Record<string, string> }
interface MetadataList { items?: { metadata?: { name?: string; resourceVersion?: string; labels?: Record<string, string> } }[] }

export class HelmCurrentRevisions {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<CurrentRevisionRead>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  /** Release Secrets fetched and decoded so far (an unchanged release is not decoded again). */
  decoded = 0;

  constructor(private readonly http: KubeHttp, private readonly limits: CurrentRevisionLimits = { releases: 256, concurrent: 4 }) {}

  /** The last read of the release, if any (never starts one). */
  peek(namespace: string, release: string): CurrentRevisionRead | undefined {
    return this.entries.get(key(namespace, release))?.read;
  }

  /** Reads the release's current revision again (cheaply when it did not change). Never rejects. */
  read(namespace: string, release: string): Promise<CurrentRevisionRead> {
    const k = key(namespace, release);
    const known = this.inFlight.get(k);
    if (known) return known;
    const reading = this.queued(() => this.readNow(namespace, release))
      .catch((err: unknown): CurrentRevisionRead => ({ ok: false, reason: err instanceof Error ? err.message : String(err) }))
      .finally(() => this.inFlight.delete(k));
    this.inFlight.set(k, reading);
    return reading;
  }

  private async queued<T>(run: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await run();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async readNow(namespace: string, release: string): Promise<CurrentRevisionRead> {
    if (!RELEASE_NAME.test(release)) return { ok: false, reason: `"${release}" is not a valid Helm release name` };
    const list = await this.http.request<MetadataList>('GET', collectionPath(SECRETS, namespace), {
      query: { labelSelector: `owner=helm,name=${release}`, limit: PAGE }, accept: METADATA_LIST,
    });
    const newest = newestRevision(list, release);
    const k = key(namespace, release);
    if (!newest) return this.remember(k, { secret: '', resourceVersion: '', read: { ok: true, current: undefined } });
    const cached = this.entries.get(k);
    if (cached && cached.secret === newest.name && cached.resourceVersion === newest.resourceVersion) return this.remember(k, cached);
    const secret = await this.http.get<SecretObject>(objectPath(SECRETS, namespace, newest.name));
    this.decoded++;
    return this.remember(k, { secret: newest.name, resourceVersion: secret.metadata.resourceVersion ?? '', read: decoded(secret, namespace) });
  }

  private remember(k: string, entry: Entry): CurrentRevisionRead {
    this.entries.delete(k);
    this.entries.set(k, entry);
    while (this.entries.size > this.limits.releases) this.entries.delete(this.entries.keys().next().value as string);
    return entry.read;
  }
}

function key(namespace: string, release: string): string {
  return `${namespace}/${release}`;
}

/** The Secret of the highest revision (Helm names them sh.helm.release.v1.RELEASE.vN). */
function newestRevision(list: MetadataList, release: string): { name: string; resourceVersion: string } | undefined {
  const prefix = `${HELM_RELEASE_SECRET_PREFIX}${release}.v`;
  let best: { name: string; resourceVersion: string; revision: number } | undefined;
  for (const item of list.items ?? []) {
    const name = item.metadata?.name ?? '';
    const revision = Number(name.slice(prefix.length));
    if (!name.startsWith(prefix) || !Number.isInteger(revision) || revision < 1) continue;
    if (!best || revision > best.revision) best = { name, resourceVersion: item.metadata?.resourceVersion ?? '', revision };
  }
  return best;
}

function decoded(secret: SecretObject, namespace: string): CurrentRevisionRead {
  const where = `Secret ${namespace}/${secret.metadata.name}`;
  if (secret.type !== HELM_RELEASE_SECRET_TYPE) return { ok: false, reason: `${where} is not of type ${HELM_RELEASE_SECRET_TYPE}` };
  const data = secret.data?.release;
  if (typeof data !== 'string') return { ok: false, reason: `${where} has no data.release` };
  try {
    return { ok: true, current: summarize(revisionFromJson(decodeReleaseData(data), where)) };
  } catch (err) {
    if (err instanceof ReleaseDecodeError || err instanceof HelmReleaseFormatError) return { ok: false, reason: `${where}: ${err.message}` };
    throw err;
  }
}
