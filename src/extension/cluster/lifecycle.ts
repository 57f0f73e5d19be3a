import * as vscode from 'vscode';

/** Owns disposables: everything registered through `_register` is disposed with it, once. */
export abstract class Disposable implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  protected _register<T extends vscode.Disposable>(value: T): T {
    if (this.disposed) value.dispose();
    else this.disposables.push(value);
    return value;
  }

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0).reverse()) {
      try { d.dispose(); } catch { /* one failing disposal must not keep the others alive */ }
    }
  }
}

/** A function as a Disposable (stopping an informer, removing a listener). */
export function toDisposable(fn: () => void): vscode.Disposable {
  return { dispose: fn };
}
