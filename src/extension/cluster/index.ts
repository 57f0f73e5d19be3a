import type * as vscode from 'vscode';

/** Cluster side: workloads tree, dry-run panel, execute/verify, audit channel. */
export function registerClusterFeatures(_context: vscode.ExtensionContext): void {
  // filled in by the cluster work
}
