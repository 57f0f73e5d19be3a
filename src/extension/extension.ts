import type * as vscode from 'vscode';

// activate() only wires; it reads no kubeconfig and makes no cluster call (STYLE.md).
export function activate(_context: vscode.ExtensionContext): void {
  // Commands, views and language features are registered here as they are built.
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
