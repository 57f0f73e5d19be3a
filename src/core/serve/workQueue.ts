// The serve work queue: bounded (intake answers 503 when it is full), at most `concurrency` items at
// once, and items with the same key (an incident) one after another, in arrival order. Stopping lets the
// running items finish and starts no more; the waiting ones stay in the intake journal for the next start.
// A running item may step aside while it only waits for its turn elsewhere (Slot.park: an attempt waiting
// for its runbook's action gate), so such waits do not keep every other alert from being decided; it
// counts again once it resumes, which may take the running count past `concurrency` for a moment.

/** A running item's place in the queue's concurrency. */
export interface Slot {
  /** Not counted while parked: another item may start. */
  park(): void;
  /** Counted again. */
  resume(): void;
}

export interface WorkQueueOptions<T> {
  /** Waiting plus running items the queue takes before refusing more. */
  capacity: number;
  concurrency: number;
  keyOf(item: T): string;
  run(item: T, slot: Slot): Promise<void>;
  /** A run that threw (the item is not retried here: it stays pending in the journal). */
  onError(item: T, error: unknown): void;
  /** Called whenever the depth changes (a gauge). */
  onDepth?(depth: number): void;
}

export class WorkQueue<T> {
  private readonly waiting: T[] = [];
  private readonly runningKeys = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  /** Running items not parked (what `concurrency` bounds). */
  private active = 0;
  private stopped = false;
  /** Room taken by reserve() and not yet given back. */
  private reserved = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkQueueOptions<T>) {}

  get depth(): number {
    return this.waiting.length + this.running.size;
  }

  get accepting(): boolean {
    return !this.stopped;
  }

  /** Whether `n` more items fit (room reserved by requests still being journaled counts as taken). */
  hasRoom(n: number): boolean {
    return !this.stopped && this.depth + this.reserved + n <= this.options.capacity;
  }

  /**
   * Takes room for `n` items now, before the slow part (the journal's fsync), so simultaneous requests
   * cannot together pass the capacity. The returned function gives back what `push` did not use; call it
   * once, whatever happened. Undefined: no room.
   */
  reserve(n: number): (() => void) | undefined {
    if (!this.hasRoom(n)) return undefined;
    this.reserved += n;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= n;
    };
  }

  /** Adds items (`force`: past the capacity, for the journal's replay at start and for reserved room). */
  push(items: readonly T[], force = false): boolean {
    if (this.stopped || (!force && !this.hasRoom(items.length))) return false;
    this.waiting.push(...items);
    this.changed();
    this.pump();
    return true;
  }

  /** Resolves when nothing waits or runs. */
  idle(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Starts nothing more; resolves when the running items have finished. Returns how many were left waiting. */
  async stop(): Promise<number> {
    this.stopped = true;
    const left = this.waiting.length;
    this.waiting.length = 0;
    this.changed();
    while (this.running.size > 0) await Promise.all([...this.running]);
    return left;
  }

  private pump(): void {
    while (!this.stopped && this.active < this.options.concurrency) {
      const index = this.waiting.findIndex((item) => !this.runningKeys.has(this.options.keyOf(item)));
      if (index < 0) return;
      const [item] = this.waiting.splice(index, 1);
      const key = this.options.keyOf(item);
      this.runningKeys.add(key);
      let parked = false;
      const slot: Slot = {
        park: () => {
          if (parked) return;
          parked = true;
          this.active--;
          this.pump();
        },
        resume: () => {
          if (!parked) return;
          parked = false;
          this.active++;
        },
      };
      this.active++;
      const run: Promise<void> = Promise.resolve()
        .then(() => this.options.run(item, slot))
        .catch((err: unknown) => this.options.onError(item, err))
        .finally(() => {
          slot.resume();
          this.active--;
          this.runningKeys.delete(key);
          this.running.delete(run);
          this.changed();
          this.pump();
        });
      this.running.add(run);
    }
  }

  private changed(): void {
    this.options.onDepth?.(this.depth);
    if (this.depth === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
