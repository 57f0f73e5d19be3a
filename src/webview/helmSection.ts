// The Helm rollback section of the dry-run panel: current and proposed revision side by side, how much
// the values and manifests change, and a button that asks the host to open them in diff editors.
import type { HelmPlanView, HelmRevisionView } from '../protocol/messages';
import { button, el, row, section, table } from './dom';

function changes(d: HelmPlanView['values']): string {
  return d.added === 0 && d.removed === 0 ? 'no change' : `-${d.removed} +${d.added} lines`;
}

function cells(label: string, r: HelmRevisionView): HTMLTableRowElement {
  return row([label, String(r.revision), `${r.chart}-${r.chartVersion}`, r.appVersion ?? '', r.status, r.deployedAt ?? 'unknown', r.description],
    `helm-revision helm-${label}`);
}

export function helmSection(view: HelmPlanView, compare: () => void): HTMLElement {
  const actions = el('div', undefined, 'actions');
  actions.append(button('Compare revisions', compare), el('span', `values ${changes(view.values)} · manifest ${changes(view.manifest)}`, 'muted'));
  return section(`Helm release ${view.release} (${view.namespace})`,
    table(['', 'Revision', 'Chart', 'App version', 'Status', 'Deployed', 'Description'], [cells('current', view.current), cells('proposed', view.proposed)]),
    actions);
}
