import * as vscode from 'vscode';
import type { ClusterCommand } from './command';

export const selectContext: ClusterCommand = {
  id: 'remediator.selectContext',
  async run(s, name?: unknown) {
    const { names, current } = s.session.contexts();
    if (names.length === 0) throw new Error('the kubeconfig defines no contexts');
    const chosen = typeof name === 'string' ? name : (await vscode.window.showQuickPick(
      names.map((n) => ({ label: n, description: n === current ? 'current' : undefined })),
      { title: 'Remediator: kube context', placeHolder: `current: ${current}` }))?.label;
    if (!chosen) return undefined;
    if (!names.includes(chosen)) throw new Error(`context ${chosen} is not in the kubeconfig`);
    const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('remediator').update('context', chosen, target);
    s.session.reconnect(); // also done by the configuration listener; harmless twice
    return chosen;
  },
};
