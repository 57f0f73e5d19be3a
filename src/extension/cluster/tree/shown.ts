// What VS Code holds of the workloads tree, mirrored from the calls it makes, so a change can name the
// nodes to refresh. VS Code's extension host keeps one entry per element handed to it; when it asks for
// a node's children it first drops the entries below that node, and when it refreshes a node it drops
// them too and asks again only if the row is expanded. A row being expanded while its parent is refreshed
// then asks for children of a handle that no longer exists ("No tree item with id ... found") and stays
// open and empty. So the provider refreshes the deepest node that changed, never a parent whose children
// are the same, and only nodes VS Code still holds. Pure (no vscode import), so it is unit-tested alone.

/** A child as VS Code renders it: its id, and a key that changes whenever its tree item would. */
export interface ShownChild {
  id: string;
  key: string;
}

interface Entry {
  parent: string | undefined;
  key: string;
  /** Ids of the children last handed out, in order; undefined = VS Code never asked (or dropped them). */
  children?: string[];
}

/** The root (no node): its children are the top-level rows. */
const ROOT = '';

/** How a node's fresh children compare with what VS Code holds. */
export type ChildrenDiff =
  | { kind: 'unresolved' }
  | { kind: 'structure' }
  | { kind: 'same'; changed: string[]; unchanged: string[] };

export class ShownTree {
  private readonly entries = new Map<string, Entry>([[ROOT, { parent: undefined, key: '' }]]);

  /** VS Code asked for the children of `parent` (undefined: the root) and got these. */
  gave(parent: string | undefined, children: readonly ShownChild[]): void {
    const id = parent ?? ROOT;
    const entry = this.entries.get(id);
    // A node VS Code no longer holds (its parent was refreshed meanwhile) asked late: nothing to mirror.
    if (!entry) return;
    this.dropChildren(id);
    entry.children = children.map((c) => c.id);
    for (const c of children) {
      // The same id twice under one parent is refused by VS Code; keep the first, as it does.
      if (!this.entries.has(c.id)) this.entries.set(c.id, { parent: id, key: c.key });
    }
  }

  /** The node was refreshed with this key: VS Code dropped its children and asks again when expanded. */
  refreshed(id: string | undefined, key?: string): void {
    const entry = this.entries.get(id ?? ROOT);
    if (!entry) return;
    this.dropChildren(id ?? ROOT);
    entry.children = undefined;
    if (key !== undefined) entry.key = key;
  }

  /** Everything was refreshed (the whole tree starts over). */
  reset(): void {
    this.entries.clear();
    this.entries.set(ROOT, { parent: undefined, key: '' });
  }

  /** VS Code holds this node (it was handed out and no refresh above it dropped it). */
  holds(id: string): boolean {
    return id !== ROOT && this.entries.has(id);
  }

  /** VS Code holds the node and asked for its children since it last dropped them. */
  resolved(id: string | undefined): boolean {
    return this.entries.get(id ?? ROOT)?.children !== undefined;
  }

  /** Ids of the node's children as VS Code holds them (empty when unresolved). */
  childrenOf(id: string | undefined): readonly string[] {
    return this.entries.get(id ?? ROOT)?.children ?? [];
  }

  /** Compares fresh children with the held ones: same ids in the same order, and which keys changed. */
  diff(parent: string | undefined, fresh: readonly ShownChild[]): ChildrenDiff {
    const held = this.entries.get(parent ?? ROOT)?.children;
    if (!held) return { kind: 'unresolved' };
    if (held.length !== fresh.length || held.some((id, i) => id !== fresh[i].id)) return { kind: 'structure' };
    const changed: string[] = [];
    const unchanged: string[] = [];
    for (const c of fresh) (this.entries.get(c.id)?.key === c.key ? unchanged : changed).push(c.id);
    return { kind: 'same', changed, unchanged };
  }

  /**
   * The deepest nodes at or below `id` (held and resolved) to refresh so that VS Code shows `fresh`:
   * a node whose children's ids or order changed is refreshed whole; otherwise each child whose key
   * changed, and below the unchanged ones the same again. Nothing when VS Code never asked below `id`.
   */
  async changedBelow(id: string, fresh: (id: string) => Promise<readonly ShownChild[]>): Promise<string[]> {
    if (!this.resolved(id)) return [];
    const children = await fresh(id);
    const diff = this.diff(id, children);
    if (diff.kind === 'unresolved') return [];
    if (diff.kind === 'structure') return [id];
    const changed = [...diff.changed];
    for (const child of diff.unchanged) changed.push(...await this.changedBelow(child, fresh));
    return changed;
  }

  /** Number of nodes VS Code holds (tests). */
  get size(): number {
    return this.entries.size - 1;
  }

  private dropChildren(id: string): void {
    const entry = this.entries.get(id);
    for (const child of entry?.children ?? []) {
      // Only entries that are really this parent's (a duplicate id belongs to its first parent).
      if (this.entries.get(child)?.parent !== id) continue;
      this.dropChildren(child);
      this.entries.delete(child);
    }
  }
}
