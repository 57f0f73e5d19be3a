// Each kind's shape guard: the fields the engine reads are checked where objects enter (a saved state, the
// live reader), wrong types are located problems, unknown extra fields are ignored.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { snapshotFromText } from '../../../src/core/k8s/dataText';
import { snapshotProblems } from '../../../src/core/k8s/guards';
import { snapshotFromList } from '../../../src/core/k8s/list';
import { deployment, namespaceObj, pdb, pod, replicaSet, snapshot, statefulSet } from '../../support/objects';

type Json = Record<string, unknown>;
const lab = (): Json => JSON.parse(fs.readFileSync('test/fixtures/simulate/lab/state.json', 'utf8'));
const items = (doc: Json) => doc.items as Json[];

/** Sets `path` (dotted, numbers index lists) inside `root` to `value`. */
function set(root: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = root as Json;
  for (const key of keys.slice(0, -1)) at = at[key] as Json;
  at[keys[keys.length - 1]] = value;
}

/** The saved state with one change, read as text; returns the problem and the text of its line. */
function readWith(change: (doc: Json) => void) {
  const doc = lab();
  change(doc);
  const text = JSON.stringify(doc, null, 2);
  const parsed = snapshotFromText(text);
  if (parsed.ok) return { ok: true as const };
  return { ok: false as const, message: parsed.message, line: text.split('\n')[parsed.line - 1] };
}

interface Case { name: string; item: number; path: string; value: unknown; message: RegExp; line: RegExp }

const CASES: Case[] = [
  { name: 'ownerReferences as a string', item: 0, path: 'metadata.ownerReferences', value: 'rs', message: /Pod aiops-remediation-lab\/web-5d8f9c7b6c-x8k2p: metadata\.ownerReferences must be a list, not the string "rs"/, line: /"ownerReferences": "rs"/ },
  { name: 'ownerReferences [null]', item: 0, path: 'metadata.ownerReferences', value: [null], message: /metadata\.ownerReferences\[0\] must be a mapping, not null/, line: /null/ },
  { name: 'an owner without a kind', item: 0, path: 'metadata.ownerReferences', value: [{ name: 'x' }], message: /has no metadata\.ownerReferences\[0\]\.kind/, line: /\{/ },
  { name: 'conditions as a mapping', item: 1, path: 'status.conditions', value: { type: 'Ready' }, message: /status\.conditions must be a list, not a mapping/, line: /"conditions": \{/ },
  { name: 'conditions [null]', item: 1, path: 'status.conditions', value: [null], message: /status\.conditions\[0\] must be a mapping, not null/, line: /null/ },
  { name: 'a condition status true (a boolean)', item: 1, path: 'status.conditions', value: [{ type: 'Ready', status: true }], message: /status\.conditions\[0\]\.status must be a string, not boolean true/, line: /"status": true/ },
  { name: 'labels as a string', item: 2, path: 'metadata.labels', value: 'app=web', message: /metadata\.labels must be a mapping, not the string "app=web"/, line: /"labels": "app=web"/ },
  { name: 'a label value as a number', item: 2, path: 'metadata.labels', value: { app: 7 }, message: /metadata\.labels\.app must be a string, not number 7/, line: /"app": 7/ },
  { name: 'annotations as a list', item: 2, path: 'metadata.annotations', value: ['a'], message: /metadata\.annotations must be a mapping, not a list/, line: /"annotations": \[/ },
  { name: 'containerStatuses [null]', item: 0, path: 'status.containerStatuses', value: [null], message: /status\.containerStatuses\[0\] must be a mapping, not null/, line: /null/ },
  { name: 'containerStatuses as a mapping', item: 0, path: 'status.containerStatuses', value: {}, message: /status\.containerStatuses must be a list/, line: /"containerStatuses": \{\}/ },
  { name: 'a waiting state as a string', item: 0, path: 'status.containerStatuses.0.state', value: { waiting: 'CrashLoopBackOff' }, message: /status\.containerStatuses\[0\]\.state\.waiting must be a mapping/, line: /"waiting": "CrashLoopBackOff"/ },
  { name: 'restartCount as a string', item: 0, path: 'status.containerStatuses.0.restartCount', value: '3', message: /restartCount must be a whole number, 0 or more, not the string "3"/, line: /"restartCount": "3"/ },
  { name: 'replicas as a string', item: 3, path: 'spec.replicas', value: '2', message: /Deployment aiops-remediation-lab\/web: spec\.replicas must be a whole number, 0 or more, not the string "2"/, line: /"replicas": "2"/ },
  { name: 'readyReplicas negative', item: 4, path: 'status.readyReplicas', value: -1, message: /status\.readyReplicas must be a whole number, 0 or more, not number -1/, line: /"readyReplicas": -1/ },
  { name: 'generation as a string', item: 3, path: 'metadata.generation', value: '1', message: /metadata\.generation must be a whole number/, line: /"generation": "1"/ },
  { name: 'paused as a string', item: 3, path: 'spec.paused', value: 'false', message: /spec\.paused must be true or false/, line: /"paused": "false"/ },
  { name: 'matchLabels with a list value', item: 5, path: 'spec.selector.matchLabels', value: { app: ['web'] }, message: /ReplicaSet .*spec\.selector\.matchLabels\.app must be a string, not a list/, line: /"app": \[/ },
  { name: 'matchExpressions [null]', item: 5, path: 'spec.selector.matchExpressions', value: [null], message: /spec\.selector\.matchExpressions\[0\] must be a mapping/, line: /null/ },
  { name: 'template labels as a string', item: 3, path: 'spec.template.metadata.labels', value: 'web', message: /spec\.template\.metadata\.labels must be a mapping/, line: /"labels": "web"/ },
  { name: 'a namespace as a number', item: 6, path: 'metadata.namespace', value: 5, message: /metadata\.namespace must be a non-empty string, not number 5/, line: /"namespace": 5/ },
  { name: 'metadata null', item: 6, path: 'metadata', value: null, message: /ReplicaSet item 6: metadata must be a mapping, not null/, line: /"metadata": null/ },
];

describe('k8s shape guards: a saved state', () => {
  for (const c of CASES) {
    it(`${c.name} is a problem located on the field`, () => {
      const r = readWith((doc) => set(items(doc)[c.item], c.path, c.value));
      assert.equal(r.ok, false, 'refused');
      if (r.ok) return;
      assert.match(r.message, c.message);
      assert.match(r.line, c.line);
    });
  }

  it('reads the lab state unchanged, ignoring unknown fields and kinds', () => {
    const r = snapshotFromText(JSON.stringify({ ...lab(), extra: [1] }));
    assert.ok(r.ok);
    const withExtras = readWith((doc) => {
      items(doc)[0].surprise = { deep: [null] };
      set(items(doc)[0], 'status.containerStatuses.0.imageID', 42);
      items(doc).push({ kind: 'Service', metadata: null }, { kind: 'constructor' }, { kind: '__proto__' }, { kind: 'toString', metadata: 3 });
    });
    assert.equal(withExtras.ok, true);
  });

  it('kind "constructor" is not a prototype lookup: the item is ignored like any unknown kind', () => {
    const doc = lab();
    items(doc)[0].kind = 'constructor';
    const { snapshot: s, problems } = snapshotFromList(doc);
    assert.deepEqual(problems, []);
    assert.equal(s.pods.length, 2);
  });

  it('a missing name keeps the old message, located on the item', () => {
    const r = readWith((doc) => { delete (items(doc)[0].metadata as Json).name; });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /^Pod item 0 has no metadata\.name$/);
  });
});

describe('k8s shape guards: every kind', () => {
  const bad = (o: unknown, path: string, value: unknown) => { const copy = JSON.parse(JSON.stringify(o)); set(copy, path, value); return copy; };
  const table: [string, unknown, string, unknown, RegExp][] = [
    ['Pod', pod('p'), 'spec.containers', [null], /spec\.containers\[0\] must be a mapping/],
    ['ReplicaSet', replicaSet('rs'), 'status.availableReplicas', '1', /status\.availableReplicas must be a whole number/],
    ['Deployment', deployment('d'), 'status.conditions', [{ type: 1, status: 'True' }], /status\.conditions\[0\]\.type must be a string/],
    ['StatefulSet', statefulSet('s'), 'status.updateRevision', 3, /status\.updateRevision must be a string/],
    ['PodDisruptionBudget', pdb('b'), 'status.disruptionsAllowed', '1', /status\.disruptionsAllowed must be a whole number/],
    ['PodDisruptionBudget', pdb('b'), 'spec.minAvailable', 'half', /spec\.minAvailable must be a whole number or a percentage/],
    ['Namespace', namespaceObj('n'), 'metadata.annotations', { a: null }, /metadata\.annotations\.a must be a string, not null/],
  ];
  const field = { Pod: 'pods', ReplicaSet: 'replicaSets', Deployment: 'deployments', StatefulSet: 'statefulSets', PodDisruptionBudget: 'podDisruptionBudgets', Namespace: 'namespaces' } as const;
  for (const [kind, good, path, value, message] of table) {
    it(`${kind}: a well-formed one passes, ${path} = ${JSON.stringify(value)} does not`, () => {
      const key = field[kind as keyof typeof field];
      assert.deepEqual(snapshotProblems(snapshot({ [key]: [good] })), []);
      const problems = snapshotProblems(snapshot({ [key]: [bad(good, path, value)] }));
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.match(problems[0].message, message);
      assert.deepEqual(problems[0].path.slice(0, 2), [key, 0]);
    });
  }

  it('a percentage minAvailable and an integer maxUnavailable are fine', () => {
    assert.deepEqual(snapshotProblems(snapshot({ podDisruptionBudgets: [bad(bad(pdb('b'), 'spec.minAvailable', '50%'), 'spec.maxUnavailable', 1)] })), []);
  });
});
