import * as vscode from 'vscode';
import { notificationText } from '../notificationText';
import type { ClusterCommand } from './command';

/** Linked from the workloads welcome view (which cannot show dynamic text): says why nothing is listed. */
export const showWorkloadsError: ClusterCommand = {
  id: 'remediator.showWorkloadsError',
  async run(s) {
    const message = s.tree.stateMessage ?? 'no error: the workloads view is listing the cluster';
    const choice = await vscode.window.showErrorMessage(notificationText(message), 'Select Kube Context', 'Retry');
    if (choice === 'Select Kube Context') await vscode.commands.executeCommand('remediator.selectContext');
    if (choice === 'Retry') await vscode.commands.executeCommand('remediator.refreshWorkloads');
    return message;
  },
};
