// An in-memory ApprovalStore with the adapter's compare-and-swap contract: `update` writes only when the
// stored version is still the one read. `beforeUpdate` lets a test slip another writer in first.
import type { Approval } from '../../src/core/approvals/approval';
import type { ApprovalStore } from '../../src/core/ports';

export class MemoryApprovals implements ApprovalStore {
  readonly items = new Map<string, { approval: Approval; version: number }>();
  readonly problems = new Map<string, string>();
  beforeUpdate?: (id: string) => void;

  async create(approval: Approval): Promise<void> {
    if (this.items.has(approval.id)) throw new Error(`approval ${approval.id} already exists`);
    this.items.set(approval.id, { approval: structuredClone(approval), version: 1 });
  }

  async get(id: string) {
    const problem = this.problems.get(id);
    if (problem) return { problem };
    const it = this.items.get(id);
    return it ? { approval: structuredClone(it.approval), version: String(it.version) } : undefined;
  }

  async list() {
    return { approvals: [...this.items.values()].map((i) => structuredClone(i.approval)), problems: [...this.problems.values()] };
  }

  async update(next: Approval, version: string): Promise<boolean> {
    this.beforeUpdate?.(next.id);
    const it = this.items.get(next.id);
    if (!it || String(it.version) !== version) return false;
    this.items.set(next.id, { approval: structuredClone(next), version: it.version + 1 });
    return true;
  }

  /** Another writer changing the stored approval (bumps its version). */
  touch(id: string, change: (a: Approval) => Approval = (a) => a): void {
    const it = this.items.get(id)!;
    this.items.set(id, { approval: change(it.approval), version: it.version + 1 });
  }
}
