// DOM pieces the report and replay webviews share: the figures table and the problems list.
import type { FigureTableView } from '../protocol/report';
import { el, list, section } from './dom';

export function figureTable(view: FigureTableView): HTMLElement {
  const wrap = el('div', undefined, 'scroll');
  const t = el('table', undefined, 'figures');
  const head = el('tr');
  head.append(...view.headers.map((h) => el('th', h)));
  const thead = el('thead');
  thead.append(head);
  const body = el('tbody');
  for (const row of view.rows) {
    const tr = el('tr');
    row.forEach((cell, i) => {
      const c = el(i === 0 ? 'th' : 'td', cell);
      if (i === 0) (c as HTMLTableCellElement).scope = 'row';
      tr.append(c);
    });
    body.append(tr);
  }
  t.append(el('caption', view.caption), thead, body);
  wrap.append(t);
  return wrap;
}

/** Problems reading the sources: listed, never thrown. */
export function problemList(problems: string[]): HTMLElement {
  const s = section('Problems', list(problems));
  s.className = 'problems';
  s.setAttribute('role', 'alert');
  return s;
}
