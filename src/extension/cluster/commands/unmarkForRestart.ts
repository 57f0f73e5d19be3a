import type { ClusterCommand } from './command';
import { changeLabel } from './labels';

export const unmarkForRestart: ClusterCommand = {
  id: 'remediator.unmarkForRestart',
  run: (s, node) => changeLabel(s, node, { kind: 'Pod', label: 'restart', set: false, verb: 'Unmark' }),
};
