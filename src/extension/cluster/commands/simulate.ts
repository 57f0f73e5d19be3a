import * as vscode from 'vscode';
import { decisionContext, decideTarget } from '../../../core/engine/decide';
import { snapshotFromText } from '../../../core/k8s/dataText';
import type { TargetRef } from '../../../core/model/audit';
import { askIncident, pickRunbook, requestFrom, showDecision, suggestedIncident } from '../flows';
import { engineSettings } from '../settings';
import type { ClusterCommand } from './command';

async function readState(uri: vscode.Uri) {
  const parsed = snapshotFromText(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  if (!parsed.ok) throw new Error(`${vscode.workspace.asRelativePath(uri)}:${parsed.line}:${parsed.col}: ${parsed.message}`);
  return parsed.value;
}

/** Decides offline against a saved state (kubectl get ... -o json): nothing touches a cluster. */
export const simulate: ClusterCommand = {
  id: 'remediator.simulate',
  async run(s, arg, stateArg?: unknown) {
    const req = requestFrom(arg);
    const runbook = await pickRunbook(s, req);
    const stateUri = stateArg instanceof vscode.Uri ? stateArg
      : typeof stateArg === 'string' ? vscode.Uri.file(stateArg)
        : (await vscode.window.showOpenDialog({ title: 'Remediator: saved cluster state', canSelectMany: false, filters: { 'Cluster state': ['json', 'yaml', 'yml'] } }))?.[0];
    if (!stateUri) return undefined;
    const snapshot = await readState(stateUri);
    const settings = engineSettings(s.session.settings);
    const { restartLabel } = s.session.settings;
    let target: TargetRef | undefined = req.target;
    if (!target) {
      const pods = [...snapshot.pods].sort((a, b) => Number(b.metadata.labels?.[restartLabel] === 'true') - Number(a.metadata.labels?.[restartLabel] === 'true'));
      const picked = await vscode.window.showQuickPick(pods.map((p) => ({
        label: p.metadata.name, description: `${p.metadata.namespace ?? ''}${p.metadata.labels?.[restartLabel] === 'true' ? ' · marked' : ''}`,
        ref: { namespace: p.metadata.namespace ?? '', kind: 'Pod', name: p.metadata.name },
      })), { title: 'Remediator: target in the saved state' });
      if (!picked) return undefined;
      target = picked.ref;
    }
    const ref = target;
    const pod = snapshot.pods.find((p) => p.metadata.name === ref.name && p.metadata.namespace === ref.namespace);
    const incident = req.incident ?? await askIncident(runbook, suggestedIncident(runbook, pod, restartLabel));
    const ctx = decisionContext({ runbook, snapshot, now: new Date(), settings });
    const plan = decideTarget(ctx, ref, incident);
    showDecision(s, { source: 'simulated', runbook, target: ref, incident, plan, access: [] });
    return { plan };
  },
};
