import * as vscode from 'vscode';
import type { ClusterCommand } from './command';

export const filterNamespaces: ClusterCommand = {
  id: 'remediator.filterNamespaces',
  async run(s, given?: unknown) {
    const context = s.session.contextName;
    if (Array.isArray(given)) {
      await s.filter.set(context, given.filter((n): n is string => typeof n === 'string'));
      return s.filter.get(context);
    }
    const all = await s.model.namespaces();
    const chosen = s.filter.get(context);
    const picked = await vscode.window.showQuickPick(all.map((n) => ({ label: n, picked: chosen.includes(n) })), {
      title: `Remediator: namespaces shown for ${context}`, placeHolder: 'Pick none to show all', canPickMany: true,
    });
    if (!picked) return undefined;
    await s.filter.set(context, picked.map((p) => p.label));
    return s.filter.get(context);
  },
};
