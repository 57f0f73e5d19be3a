import { completeRequest, dryRun as runDryRun, requestFrom } from '../flows';
import type { ClusterCommand } from './command';

/** From a tree item, a CodeLens (runbook URI), the palette, or an options object { target, runbook, incident }. */
export const dryRun: ClusterCommand = {
  id: 'remediator.dryRun',
  async run(s, arg) {
    const input = await completeRequest(s, requestFrom(arg));
    const result = await runDryRun(s, input);
    return { plan: result.plan, outcome: result.outcome, access: result.access, records: result.records, metrics: result.metrics };
  },
};
