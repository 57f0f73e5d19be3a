// The mirror of what VS Code holds of the workloads tree, and the nodes a change refreshes: the deepest
// changed ones, never a parent whose children are the same. A generated test plays random cluster
// changes against a model of VS Code's extension host (drop the children of a refreshed node, ask again
// for expanded rows) and checks that after each refresh VS Code shows exactly the fresh tree.
import { strict as assert } from 'assert';
import { ShownTree, type ShownChild } from '../../../src/extension/cluster/tree/shown';
import { seededRandom } from '../../support/seeded';

/** The tree as the provider would build it now: children per id (root ''), keys per id. */
interface Model { children: Map<string, string[]>; keys: Map<string, string> }

const fresh = (model: Model) => async (id: string): Promise<ShownChild[]> =>
  (model.children.get(id) ?? []).map((c) => ({ id: c, key: model.keys.get(c) ?? '' }));

/** VS Code's side: which rows are expanded, what it holds (children ids and rendered keys). */
class Host {
  readonly expanded = new Set<string>(['']);
  readonly children = new Map<string, string[]>();
  readonly keys = new Map<string, string>();

  constructor(private readonly model: Model, private readonly shown: ShownTree) {}

  /** Expanding (or re-reading) a row: the provider is asked, the mirror records. */
  async resolve(id: string): Promise<void> {
    this.drop(id);
    const got = await fresh(this.model)(id);
    this.shown.gave(id === '' ? undefined : id, got);
    this.children.set(id, got.map((c) => c.id));
    for (const c of got) {
      this.keys.set(c.id, c.key);
      if (this.expanded.has(c.id)) await this.resolve(c.id);
    }
  }

  /** A refresh event for these nodes: each is rendered again, its children dropped and re-read if expanded. */
  async refresh(ids: string[]): Promise<void> {
    for (const id of ids) {
      const key = this.model.keys.get(id) ?? '';
      this.shown.refreshed(id, key);
      this.keys.set(id, key);
      this.drop(id);
      if (this.expanded.has(id)) await this.resolve(id);
    }
  }

  private drop(id: string): void {
    for (const c of this.children.get(id) ?? []) { this.drop(c); this.keys.delete(c); }
    this.children.delete(id);
  }

  /** What VS Code shows below id, as text, to compare with the model. */
  render(id = '', depth = 0): string[] {
    return (this.children.get(id) ?? []).flatMap((c) => [`${' '.repeat(depth)}${c}=${this.keys.get(c)}`, ...this.render(c, depth + 1)]);
  }
}

function renderModel(model: Model, host: Host, id = '', depth = 0): string[] {
  if (!host.children.has(id)) return [];
  return (model.children.get(id) ?? []).flatMap((c) => [`${' '.repeat(depth)}${c}=${model.keys.get(c)}`, ...renderModel(model, host, c, depth + 1)]);
}

describe('workloads tree: what VS Code holds and what a change refreshes', () => {
  it('a pod whose label changed refreshes that pod only; a new pod refreshes its workload; other namespaces nothing', async () => {
    const model: Model = {
      children: new Map([['', ['ns/a', 'ns/b']], ['ns/a', ['w/web', 'w/single']], ['w/web', ['p/1', 'p/2']], ['w/single', ['p/3']], ['ns/b', ['w/other']]]),
      keys: new Map([['ns/a', 'a'], ['ns/b', 'b'], ['w/web', 'Ready 2/2'], ['w/single', 'Ready 1/1'], ['p/1', 'Ready'], ['p/2', 'Ready'], ['p/3', 'Ready'], ['w/other', 'x']]),
    };
    const shown = new ShownTree();
    const host = new Host(model, shown);
    host.expanded.add('ns/a').add('w/web');
    await host.resolve('');
    assert.ok(shown.resolved('w/web') && !shown.resolved('w/single') && !shown.resolved('ns/b'));

    model.keys.set('p/1', 'Ready · marked');
    assert.deepEqual(await shown.changedBelow('ns/a', fresh(model)), ['p/1']);
    model.children.set('w/web', ['p/1', 'p/2', 'p/4']);
    model.keys.set('p/4', 'Pending');
    assert.deepEqual(await shown.changedBelow('ns/a', fresh(model)), ['w/web']);
    // Never expanded: nothing to refresh there, whatever changed.
    model.children.set('ns/b', []);
    assert.deepEqual(await shown.changedBelow('ns/b', fresh(model)), []);
  });

  it('a refresh drops what lies below the node; a late answer for a dropped node is ignored', () => {
    const shown = new ShownTree();
    shown.gave(undefined, [{ id: 'ctx', key: '' }]);
    shown.gave('ctx', [{ id: 'ns', key: '' }]);
    shown.gave('ns', [{ id: 'w', key: '1' }]);
    shown.gave('w', [{ id: 'p', key: '1' }]);
    assert.equal(shown.size, 4);
    shown.refreshed('ns');
    assert.ok(shown.holds('ns') && !shown.holds('w') && !shown.holds('p') && !shown.resolved('ns'));
    shown.gave('w', [{ id: 'p', key: '2' }]);
    assert.ok(!shown.holds('p'), 'children of a node VS Code no longer holds are not recorded');
    shown.reset();
    assert.equal(shown.size, 0);
  });

  it('generated: after each refresh VS Code shows the fresh tree, and no refreshed node lies below another', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = seededRandom(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
      const model: Model = { children: new Map(), keys: new Map() };
      let counter = 0;
      const add = (parent: string, depth: number) => {
        const id = `n${counter++}`;
        model.children.set(parent, [...(model.children.get(parent) ?? []), id]);
        model.keys.set(id, String(Math.floor(next() * 3)));
        if (depth < 3) for (let i = Math.floor(next() * 4); i > 0; i--) add(id, depth + 1);
      };
      for (let i = 0; i < 3; i++) add('', 0);
      const shown = new ShownTree();
      const host = new Host(model, shown);
      for (const id of model.keys.keys()) if (next() < 0.6) host.expanded.add(id);
      await host.resolve('');
      for (let round = 0; round < 25; round++) {
        const ids = [...model.keys.keys()];
        const parents = ['', ...ids].filter((id) => model.children.has(id) || next() < 0.3);
        const what = next();
        if (what < 0.5) model.keys.set(pick(ids), String(Math.floor(next() * 3)));
        else if (what < 0.7) add(pick(parents), 2);
        else if (what < 0.85) {
          const parent = pick(parents);
          const kids = model.children.get(parent) ?? [];
          if (kids.length > 0) model.children.set(parent, kids.filter((k) => k !== pick(kids)));
        } else {
          const parent = pick(parents);
          model.children.set(parent, [...(model.children.get(parent) ?? [])].reverse());
        }
        const changed: string[] = [];
        for (const top of host.children.get('') ?? []) {
          if (!(model.children.get('') ?? []).includes(top)) continue;
          changed.push(...await shown.changedBelow(top, fresh(model)));
        }
        const rootDiff = shown.diff(undefined, await fresh(model)(''));
        if (rootDiff.kind === 'structure') { shown.reset(); await host.resolve(''); } else {
          const topChanged = rootDiff.kind === 'same' ? rootDiff.changed : [];
          const all = [...new Set([...topChanged, ...changed])];
          const ancestors = (id: string): string[] => {
            for (const [parent, kids] of host.children) if (kids.includes(id)) return parent === '' ? [] : [parent, ...ancestors(parent)];
            return [];
          };
          for (const id of all) assert.ok(!ancestors(id).some((a) => all.includes(a)), `seed ${seed}: ${id} is refreshed with an ancestor`);
          await host.refresh(all);
        }
        assert.deepEqual(host.render(), renderModel(model, host), `seed ${seed} round ${round}`);
      }
    }
  });
});
