// Which namespaces the tree shows, per kube context, kept in workspaceState.
import * as vscode from 'vscode';

const KEY = 'remediator.namespaceFilter';

export class NamespaceFilter {
  private readonly _onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this._onDidChange.event;

  constructor(private readonly state: vscode.Memento) {}

  /** Chosen namespaces for a context; empty = all. */
  get(context: string): string[] {
    return this.state.get<Record<string, string[]>>(KEY, {})[context] ?? [];
  }

  async set(context: string, namespaces: string[]): Promise<void> {
    const all = { ...this.state.get<Record<string, string[]>>(KEY, {}), [context]: [...namespaces].sort() };
    await this.state.update(KEY, all);
    this._onDidChange.fire();
  }

  apply(context: string, namespaces: readonly string[]): string[] {
    const chosen = this.get(context);
    return chosen.length === 0 ? [...namespaces] : namespaces.filter((n) => chosen.includes(n));
  }

  dispose(): void {
    this._onDidChange.dispose();
  }
}
