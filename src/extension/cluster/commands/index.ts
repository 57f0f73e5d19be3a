// The registry of cluster commands: one file each; registerClusterCommands registers them all.
// test/vscode/suite/clusterCommands.test.ts checks that every contributed command is registered.
import * as vscode from 'vscode';
import { Cancelled } from '../flows';
import type { ClusterServices } from '../services';
import type { ClusterCommand } from './command';
import { dryRun } from './dryRun';
import { execute } from './execute';
import { filterNamespaces } from './filterNamespaces';
import { markForRestart } from './markForRestart';
import { optIn } from './optIn';
import { optOut } from './optOut';
import { refreshWorkloads } from './refreshWorkloads';
import { selectContext } from './selectContext';
import { showAuditLog } from './showAuditLog';
import { showWorkloadsError } from './showWorkloadsError';
import { simulate } from './simulate';
import { setConfirmationAnswers, testApi } from './testHooks';
import { unmarkForRestart } from './unmarkForRestart';
import { verify } from './verify';

export const CLUSTER_COMMANDS: readonly ClusterCommand[] = [
  dryRun, simulate, execute, verify, showAuditLog, refreshWorkloads, selectContext, filterNamespaces,
  optIn, optOut, markForRestart, unmarkForRestart, showWorkloadsError, setConfirmationAnswers, testApi,
];

/** Runs a handler; errors become one clear message and a line in the audit channel. */
async function runCommand(s: ClusterServices, command: ClusterCommand, args: unknown[]): Promise<unknown> {
  try {
    return await command.run(s, ...args);
  } catch (err) {
    if (err instanceof Cancelled) return undefined;
    const message = err instanceof Error ? err.message : String(err);
    s.audit.channel.error(`${command.id}: ${message}`);
    void vscode.window.showErrorMessage(`Remediator: ${message}`);
    return undefined; // shown once; a rethrow would make VS Code show a second, vaguer error
  }
}

export function registerClusterCommands(s: ClusterServices): vscode.Disposable[] {
  return CLUSTER_COMMANDS.map((c) => vscode.commands.registerCommand(c.id, (...args: unknown[]) => runCommand(s, c, args)));
}
