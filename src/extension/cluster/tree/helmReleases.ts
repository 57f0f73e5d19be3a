// The current revision of each Helm release the workloads tree shows, read through the API (see
// src/adapters/helm/currentRevisions.ts) without ever holding up the tree: a row is drawn with what is
// known (at first the release name only), the read runs behind it, and the namespace is refreshed when
// the answer differs from what was drawn. A namespace's workloads changing (a Helm upgrade or rollback
// changes them) marks its releases for another read, which costs one metadata-only list when nothing changed.
import type { CurrentRevisionRead, HelmCurrentRevisions } from '../../../adapters/helm/currentRevisions';
import type { ReleaseRef } from '../../../core/helm/release';
import { Disposable } from '../lifecycle';
import type { ClusterSession } from '../session';

export class TreeHelmReleases extends Disposable {
  private reader: HelmCurrentRevisions | undefined;
  /** `workloadNamespace\0releaseNamespace\0release` read since the workload namespace last changed. */
  private readonly fresh = new Set<string>();

  constructor(private readonly session: ClusterSession, private readonly onChanged: (workloadNamespace: string) => void) {
    super();
    this._register(session.onDidReconnect(() => this.reset()));
  }

  /** What to draw now for a workload of namespace `workloadNamespace` in release `ref`; starts a read when due. */
  current(workloadNamespace: string, ref: ReleaseRef): CurrentRevisionRead | undefined {
    const reader = this.readerNow();
    if (!reader) return undefined;
    const shown = reader.peek(ref.namespace, ref.release);
    const k = [workloadNamespace, ref.namespace, ref.release].join('\0');
    if (!this.fresh.has(k)) {
      this.fresh.add(k);
      void reader.read(ref.namespace, ref.release).then((read) => {
        if (!this.isDisposed && reader === this.reader && JSON.stringify(read) !== JSON.stringify(shown)) this.onChanged(workloadNamespace);
      });
    }
    return shown;
  }

  /** The namespaces' workloads changed (or everything, with no argument): read their releases again. */
  invalidate(workloadNamespaces?: Iterable<string>): void {
    if (!workloadNamespaces) {
      this.fresh.clear();
      return;
    }
    const changed = new Set(workloadNamespaces);
    for (const k of [...this.fresh]) if (changed.has(k.slice(0, k.indexOf('\0')))) this.fresh.delete(k);
  }

  /** Release Secrets decoded by the current connection (tests). */
  get decoded(): number {
    return this.reader?.decoded ?? 0;
  }

  private readerNow(): HelmCurrentRevisions | undefined {
    if (!this.reader) {
      try {
        this.reader = this.session.helmCurrentRevisions();
      } catch {
        return undefined; // no usable kubeconfig: the tree says so itself
      }
    }
    return this.reader;
  }

  private reset(): void {
    this.reader = undefined;
    this.fresh.clear();
  }
}
