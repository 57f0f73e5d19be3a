import type { ClusterCommand } from './command';
import { changeLabel } from './labels';

export const optOut: ClusterCommand = {
  id: 'remediator.optOut',
  run: (s, node) => changeLabel(s, node, { kind: 'Workload', label: 'optIn', set: false, verb: 'Opt out' }),
};
