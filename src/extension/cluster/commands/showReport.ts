import type { ClusterCommand } from './command';

/**
 * The Remediation Report webview: what `remediator report` shows, from the same audit log and (with a
 * cluster configured) the shared state. Argument (tests, other commands): `{ since?, runbook? }`.
 */
export const showReport: ClusterCommand = {
  id: 'remediator.showReport',
  run(s, arg) {
    const o = typeof arg === 'object' && arg !== null ? arg as { since?: unknown; runbook?: unknown } : undefined;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return s.report.show(o ? { since: text(o.since), runbook: text(o.runbook) } : undefined);
  },
};
