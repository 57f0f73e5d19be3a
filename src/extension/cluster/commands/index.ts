// The registry of cluster commands: one file each; registerClusterCommands registers them all.
// test/vscode/suite/clusterCommands.test.ts checks that every contributed command is registered.
import * as vscode from 'vscode';
import { Cancelled } from '../flows';
import { notificationText } from '../notificationText';
import type { ClusterServices } from '../services';
import { APPROVAL_COMMANDS } from './approvals';
import type { ClusterCommand } from './command';
import { compareHelmRevisions } from './compareHelmRevisions';
import { createTestFromDryRun } from './createTestFromDryRun';
import { dryRun } from './dryRun';
import { execute } from './execute';
import { filterNamespaces } from './filterNamespaces';
import { markForRestart } from './markForRestart';
import { optIn } from './optIn';
import { optOut } from './optOut';
import { refreshWorkloads } from './refreshWorkloads';
import { replayHistory } from './replayHistory';
import { selectContext } from './selectContext';
import { showAuditLog } from './showAuditLog';
import { showReport } from './showReport';
import { showWorkloadsError } from './showWorkloadsError';
import { simulate } from './simulate';
import { TEST_COMMANDS } from './testHooks';
import { unmarkForRestart } from './unmarkForRestart';
import { verify } from './verify';

export const CLUSTER_COMMANDS: readonly ClusterCommand[] = [
  dryRun, simulate, execute, verify, showAuditLog, refreshWorkloads, selectContext, filterNamespaces,
  optIn, optOut, markForRestart, unmarkForRestart, showWorkloadsError, compareHelmRevisions, createTestFromDryRun, ...APPROVAL_COMMANDS,
  showReport, replayHistory,
];

/** Runs a handler; errors become one clear message and a line in the audit channel. */
async function runCommand(s: ClusterServices, command: ClusterCommand, args: unknown[]): Promise<unknown> {
  try {
    return await command.run(s, ...args);
  } catch (err) {
    if (err instanceof Cancelled) return undefined;
    const message = err instanceof Error ? err.message : String(err);
    s.audit.channel.error(`${command.id}: ${message}`);
    void vscode.window.showErrorMessage(notificationText(err));
    return undefined; // shown once; a rethrow would make VS Code show a second, vaguer error
  }
}

/** `testHooks`: also the internal test commands (a constant false in the packaged build: see testHooks.ts). */
export function registerClusterCommands(s: ClusterServices, testHooks: boolean): vscode.Disposable[] {
  // REMEDIATOR_TEST_HOOKS is a build-time constant: in the production build this is `[]` and the
  // bundler drops testHooks.ts altogether.
  const commands = REMEDIATOR_TEST_HOOKS && testHooks ? [...CLUSTER_COMMANDS, ...TEST_COMMANDS] : CLUSTER_COMMANDS;
  return commands.map((c) => vscode.commands.registerCommand(c.id, (...args: unknown[]) => runCommand(s, c, args)));
}
