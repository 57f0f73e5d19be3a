// "Compare revisions": the values and the rendered manifests of the shown Helm rollback's two revisions,
// each pair in VS Code's diff editor (current on the left, proposed on the right) as read-only virtual
// documents. The texts are read again from the release Secrets, as the dry run read them.
import * as vscode from 'vscode';
import { HELM_DOCUMENT_PARTS, type HelmDocumentPart } from '../../../core/helm/documents';
import { escapeText } from '../../../core/text/escape';
import type { ClusterCommand } from './command';

export class HelmCompareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelmCompareError';
  }
}

/** What was opened (tests read it): per part, the left and right document URIs. */
export type ComparedDocuments = Record<HelmDocumentPart, [string, string]>;

export const compareHelmRevisions: ClusterCommand = {
  id: 'remediator.compareHelmRevisions',
  async run(s): Promise<ComparedDocuments> {
    const helm = s.shown?.plan.action.helm;
    const c = helm?.comparison;
    if (!helm || !c) throw new HelmCompareError('the dry-run panel shows no Helm rollback with two revisions to compare: dry-run a helmRollback runbook first');
    const reader = s.session.open().deps.helmReleases;
    if (!reader) throw new HelmCompareError('Helm release histories cannot be read in this session');
    const read = await reader.read(helm.namespace, helm.release);
    if (!read.ok) throw new HelmCompareError(`the history of Helm release ${helm.release} in ${helm.namespace} could not be read: ${read.reason}`);
    const find = (n: number) => {
      const r = read.revisions.find((x) => x.revision === n);
      if (!r) throw new HelmCompareError(`revision ${n} of Helm release ${helm.release} in ${helm.namespace} is no longer in the cluster`);
      return r;
    };
    const left = s.helmDocuments.add(find(c.current.revision));
    const right = s.helmDocuments.add(find(c.proposed.revision));
    const opened = {} as ComparedDocuments;
    for (const part of HELM_DOCUMENT_PARTS) {
      const title = `${escapeText(helm.release)} ${part}: revision ${c.current.revision} (current) ↔ ${c.proposed.revision} (proposed)`;
      await vscode.commands.executeCommand('vscode.diff', left[part], right[part], title, { preview: false, preserveFocus: true });
      opened[part] = [left[part].toString(), right[part].toString()];
    }
    return opened;
  },
};
