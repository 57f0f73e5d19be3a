// Access reviews remembered for a short while, for serve: each decision asks about ~20 permissions, and
// the answers rarely change. An answer (allowed or not) is kept for `ttlMs` under every attribute it
// was asked with; a review that failed is never kept (the next decision asks again), and concurrent
// askers of the same permission share one review. who-am-I is asked once and kept while it answers.
// The pre-action review only names a missing permission early: the API server still authorizes the
// action itself, so an answer up to `ttlMs` old can cost a clear message, never an unauthorized change.
import type { Permission } from '../../core/engine/plan';
import { systemClock, type AccessCheck, type AccessReviewer, type Clock } from '../../core/ports';

export interface AccessCacheOptions {
  /** How long an answer is reused (default 30 s). */
  ttlMs?: number;
  clock?: Clock;
  /** Answers kept at most (default 4096; the oldest go first). */
  maxEntries?: number;
}

function keyOf(p: Permission): string {
  return JSON.stringify([p.verb, p.group, p.resource, p.subresource ?? '', p.namespace]);
}

export class CachingAccessReviewer implements AccessReviewer {
  private readonly answers = new Map<string, { at: number; check: AccessCheck }>();
  private readonly asking = new Map<string, Promise<AccessCheck>>();
  private identity: Promise<string> | undefined;
  private readonly clock: Clock;

  constructor(private readonly inner: AccessReviewer, private readonly options: AccessCacheOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  check(permissions: readonly Permission[]): Promise<AccessCheck[]> {
    return Promise.all(permissions.map((p) => this.one(p)));
  }

  whoAmI(): Promise<string> {
    if (!this.identity) {
      this.identity = this.inner.whoAmI();
      this.identity.catch(() => { this.identity = undefined; });
    }
    return this.identity;
  }

  private async one(permission: Permission): Promise<AccessCheck> {
    const key = keyOf(permission);
    const now = this.clock.now().getTime();
    const known = this.answers.get(key);
    if (known && now - known.at >= 0 && now - known.at < (this.options.ttlMs ?? 30_000)) return { ...known.check, permission };
    let asking = this.asking.get(key);
    if (!asking) {
      asking = this.inner.check([permission]).then(([check]) => {
        if (!check) throw new Error(`no answer to the access review of ${permission.verb} ${permission.resource}`);
        this.keep(key, check);
        return check;
      }).finally(() => this.asking.delete(key));
      this.asking.set(key, asking);
    }
    return { ...(await asking), permission };
  }

  private keep(key: string, check: AccessCheck): void {
    this.answers.delete(key);
    this.answers.set(key, { at: this.clock.now().getTime(), check });
    const max = this.options.maxEntries ?? 4096;
    while (this.answers.size > max) this.answers.delete(this.answers.keys().next().value as string);
  }
}
