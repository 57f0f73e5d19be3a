import type { ClusterCommand } from './command';

export const refreshWorkloads: ClusterCommand = {
  id: 'remediator.refreshWorkloads',
  run(s) {
    s.runbooks.invalidate();
    s.model.refresh();
  },
};
