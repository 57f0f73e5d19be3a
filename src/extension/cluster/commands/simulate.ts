import * as vscode from 'vscode';
import { decisionContext, decideTarget } from '../../../core/engine/decide';
import { MAX_STATE_BYTES, snapshotFromText, tooLargeMessage } from '../../../core/k8s/dataText';
import type { TargetRef } from '../../../core/model/audit';
import { askIncident, pickRunbook, requestFrom, showDecision } from '../flows';
import { isMarkedForRestart, suggestedIncident } from '../../../core/engine/incident';
import { restartMark } from '../settings';
import { metricCheckViews } from '../panel/metricViews';
import { engineSettings } from '../settings';
import type { ClusterCommand } from './command';

/**
 * A saved state is read only when it is a regular file within the CLI's limit for states (stat first:
 * a FIFO or a device such as /dev/zero would never end), then parsed by the same reader as the CLI's.
 */
async function readState(uri: vscode.Uri) {
  const name = vscode.workspace.asRelativePath(uri);
  const stat = await vscode.workspace.fs.stat(uri);
  if ((stat.type & vscode.FileType.File) === 0) throw new Error(`${name}: not a regular file; refused`);
  if (stat.size > MAX_STATE_BYTES) throw new Error(`${name}: ${tooLargeMessage(MAX_STATE_BYTES, 'a saved cluster state')}`);
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.byteLength > MAX_STATE_BYTES) throw new Error(`${name}: ${tooLargeMessage(MAX_STATE_BYTES, 'a saved cluster state')}`);
  const parsed = snapshotFromText(new TextDecoder().decode(bytes));
  if (!parsed.ok) throw new Error(`${name}:${parsed.line}:${parsed.col}: ${parsed.message}`);
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
    const restartLabel = restartMark(s.session.settings);
    let target: TargetRef | undefined = req.target;
    if (!target) {
      const pods = [...snapshot.pods].sort((a, b) => Number(isMarkedForRestart(b, restartLabel)) - Number(isMarkedForRestart(a, restartLabel)));
      const picked = await vscode.window.showQuickPick(pods.map((p) => ({
        label: p.metadata.name, description: `${p.metadata.namespace ?? ''}${isMarkedForRestart(p, restartLabel) ? ' · marked' : ''}`,
        ref: { namespace: p.metadata.namespace ?? '', kind: 'Pod', name: p.metadata.name },
      })), { title: 'Remediator: target in the saved state' });
      if (!picked) return undefined;
      target = picked.ref;
    }
    const ref = target;
    const pod = snapshot.pods.find((p) => p.metadata.name === ref.name && p.metadata.namespace === ref.namespace);
    const incident = req.incident ?? await askIncident(runbook, suggestedIncident(runbook, pod, restartLabel, new Date()));
    const ctx = decisionContext({ runbook, snapshot, now: new Date(), settings });
    const plan = decideTarget(ctx, ref, incident);
    const metrics = metricCheckViews(plan.metricChecks);
    showDecision(s, { source: 'simulated', runbook, target: ref, incident, plan, access: [], ...(metrics ? { metrics } : {}) });
    return { plan };
  },
};
