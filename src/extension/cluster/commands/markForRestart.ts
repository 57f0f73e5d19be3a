import type { ClusterCommand } from './command';
import { changeLabel } from './labels';

export const markForRestart: ClusterCommand = {
  id: 'remediator.markForRestart',
  run: (s, node) => changeLabel(s, node, { kind: 'Pod', label: 'restart', set: true, verb: 'Mark for restart' }),
};
