import type * as vscode from 'vscode';
import { registerClusterFeatures } from './cluster';
import { registerLanguageFeatures } from './language';
import { registerRunbookTests } from './testing';

// activate() only wires; it reads no kubeconfig and makes no cluster call.
export function activate(context: vscode.ExtensionContext): void {
  registerLanguageFeatures(context);
  registerClusterFeatures(context);
  registerRunbookTests(context);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
