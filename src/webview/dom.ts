// Small DOM builders for the panel. Text goes in through textContent only: every string may come from
// the cluster or from Prometheus.

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function section(title: string, ...children: Node[]): HTMLElement {
  const s = el('section');
  s.append(el('h2', title), ...children);
  return s;
}

export function list(items: string[]): HTMLElement {
  const ul = el('ul');
  for (const item of items) ul.append(el('li', item));
  return ul;
}

export function row(cells: (string | Node)[], className?: string): HTMLTableRowElement {
  const tr = el('tr', undefined, className);
  for (const c of cells) {
    const td = el('td');
    td.append(typeof c === 'string' ? document.createTextNode(c) : c);
    tr.append(td);
  }
  return tr;
}

export function table(headers: string[], rows: HTMLTableRowElement[]): HTMLTableElement {
  const t = el('table');
  const head = el('tr');
  for (const h of headers) head.append(el('th', h));
  t.append(el('thead'), el('tbody'));
  t.tHead!.append(head);
  t.tBodies[0].append(...rows);
  return t;
}

export function button(label: string, onClick: () => void, primary = false, disabled = false, title?: string): HTMLButtonElement {
  const b = el('button', label, primary ? 'primary' : 'secondary');
  b.type = 'button';
  b.disabled = disabled;
  if (title) b.title = title;
  b.addEventListener('click', onClick);
  return b;
}
