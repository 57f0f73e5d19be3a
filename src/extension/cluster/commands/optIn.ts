import type { ClusterCommand } from './command';
import { changeLabel } from './labels';

export const optIn: ClusterCommand = {
  id: 'remediator.optIn',
  run: (s, node) => changeLabel(s, node, { kind: 'Workload', label: 'optIn', set: true, verb: 'Opt in' }),
};
