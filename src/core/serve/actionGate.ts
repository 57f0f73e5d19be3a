// One attempt at a time per runbook between the re-check right before acting and the write-ahead record.
// serve handles several alerts at once, each under its own workload's Lease; without this, two attempts on
// different workloads could both re-check before either's write-ahead reached the shared state, both see
// room under maxConcurrentActions (or blastRadius) and both act: one action past the runbook's limit.
// Inside the turn the re-check reads the shared state after every earlier write-ahead of this process.
// Alerts that abort never take a turn (they stop before the Lease), so the many blocked decisions of an
// alert storm do not wait on it; and an attempt waiting for its turn gives its work-queue slot back.
import type { Lock, LockHandle, StateStore } from '../ports';
import type { Slot } from './workQueue';

export class ActionGate {
  private readonly tails = new Map<string, Promise<void>>();

  /** Waits for the key's turn; resolves with the function that ends it (safe to call twice). */
  async enter(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let open!: () => void;
    const mine = new Promise<void>((resolve) => { open = resolve; });
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      open();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Keys with a turn taken or waited for (tests). */
  get busy(): number {
    return this.tails.size;
  }
}

/**
 * The lock and state ports of one attempt of `runbook`: once the workload's Lease is held, wait for the
 * runbook's turn; the turn ends when the write-ahead (`executed`) record has been written (or failed to
 * be), or when the Lease is released, whichever comes first.
 */
export function gatedPorts(gate: ActionGate, runbook: string, ports: { lock: Lock; state: StateStore }, slot?: Slot): { lock: Lock; state: StateStore } {
  let leave: (() => void) | undefined;
  const lock: Lock = {
    ...(ports.lock.heldHere ? { heldHere: (key: string) => ports.lock.heldHere!(key) } : {}),
    tryAcquire: async (key, holder, ttlSeconds) => {
      const lease = await ports.lock.tryAcquire(key, holder, ttlSeconds);
      if (!lease) return undefined;
      // Waiting for the turn only waits: the work queue may start another alert meanwhile.
      slot?.park();
      try {
        leave = await gate.enter(runbook);
      } finally {
        slot?.resume();
      }
      const handle: LockHandle = {
        release: async () => {
          leave?.();
          await lease.release();
        },
      };
      return handle;
    },
  };
  const inner = ports.state;
  const state: StateStore = {
    history: (name) => inner.history(name),
    record: async (rec) => {
      try {
        await inner.record(rec);
      } finally {
        if (rec.outcome === 'executed') leave?.();
      }
    },
    ...(inner.note ? { note: (rec) => inner.note?.(rec) } : {}),
  };
  return { lock, state };
}
