// Generated input: the lab state and an incident, mutated with hostile shapes (wrong types at random
// paths, nulls in lists, prototype names as kinds, labels and names, YAML aliases, deep nesting), run
// through `remediator simulate` in-process. Whatever the input, the CLI exits 0 or 1; on 1 it prints
// exactly one "file:line:col: message" line; never "internal error", never a stack.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { cli } from '../../support/cli';
import { int, pick, prng, type Random } from '../../support/random';

type Json = unknown;

const SEED = 0x7e57;
const CASES = 300;
const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const KINDS = ['Pod', 'ReplicaSet', 'Deployment', 'StatefulSet', 'PodDisruptionBudget', 'Namespace', 'List', ...PROTO_NAMES];
const LAB = JSON.parse(fs.readFileSync('test/fixtures/simulate/lab/state.json', 'utf8')) as Json;
const INCIDENT = { id: 'inc-1', symptom: 'CrashLoopBackOff', probableCause: 'bad-node', confidence: 0.9, service: 'web' };

function deep(levels: number): Json {
  let value: Json = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

function hostileValue(random: Random): Json {
  return pick(random, [
    () => null, () => '3', () => 3, () => -1, () => 1.5, () => true, () => '', () => [], () => [null], () => ({}),
    () => ({ a: 1 }), () => pick(random, PROTO_NAMES), () => [pick(random, PROTO_NAMES)], () => ({ [pick(random, PROTO_NAMES)]: 'x' }),
    () => deep(20 + int(random, 200)), () => 'x'.repeat(int(random, 5000)), () => 1e308, () => '\u0000\u202e\n',
  ])();
}

/** A random container (object or list) inside `root`, with the key of a random child. */
function randomSpot(random: Random, root: Json): { parent: Record<string, Json> | Json[]; key: string | number } | undefined {
  let parent: Json = root;
  let spot: { parent: Record<string, Json> | Json[]; key: string | number } | undefined;
  for (let depth = 0; depth < 12; depth++) {
    if (typeof parent !== 'object' || parent === null) break;
    const keys: (string | number)[] = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keys.length === 0) break;
    const key = pick(random, keys);
    spot = { parent: parent as Record<string, Json>, key };
    if (random() < 0.25) break;
    parent = (parent as Record<string | number, Json>)[key];
  }
  return spot;
}

function items(doc: Json): Record<string, Json>[] {
  const list = (doc as { items?: unknown }).items;
  return Array.isArray(list) ? list.filter((i): i is Record<string, Json> => typeof i === 'object' && i !== null && !Array.isArray(i)) : [];
}

function metadataOf(random: Random, doc: Json): Record<string, Json> | undefined {
  const all = items(doc);
  const meta = all.length > 0 ? pick(random, all).metadata : undefined;
  return typeof meta === 'object' && meta !== null && !Array.isArray(meta) ? meta as Record<string, Json> : undefined;
}

const MUTATIONS: ((random: Random, doc: Json) => void)[] = [
  (random, doc) => { const s = randomSpot(random, doc); if (s) (s.parent as Record<string | number, Json>)[s.key] = hostileValue(random); },
  (random, doc) => { const s = randomSpot(random, doc); if (s && !Array.isArray(s.parent)) delete s.parent[s.key as string]; },
  (random, doc) => {
    const s = randomSpot(random, doc);
    const v = s && (s.parent as Record<string | number, Json>)[s.key];
    if (Array.isArray(v)) v.splice(int(random, v.length + 1), 0, pick(random, [null, 'x', 3, []]));
  },
  (random, doc) => { const all = items(doc); if (all.length > 0) pick(random, all).kind = pick(random, KINDS); },
  (random, doc) => {
    const meta = metadataOf(random, doc);
    if (!meta) return;
    const map = pick(random, ['labels', 'annotations']);
    const current = meta[map];
    const labels = typeof current === 'object' && current !== null && !Array.isArray(current) ? current as Record<string, Json> : {};
    Object.defineProperty(labels, pick(random, PROTO_NAMES), { value: pick(random, ['true', 'x', 1, null]), enumerable: true, configurable: true, writable: true });
    meta[map] = labels;
  },
  (random, doc) => { const meta = metadataOf(random, doc); if (meta) meta[pick(random, ['name', 'namespace', 'uid'])] = pick(random, PROTO_NAMES); },
  (random, doc) => { const list = (doc as { items?: Json[] }).items; if (Array.isArray(list) && list.length > 0) list.push(JSON.parse(JSON.stringify(pick(random, list)))); },
];

/** YAML with aliases: an anchor on one scalar and aliases to it elsewhere (sometimes before it), or a bomb. */
function withAliases(random: Random, yaml: string): string {
  const lines = yaml.split('\n');
  const scalars = lines.map((line, i) => (/^\s*[\w./-]+: [^&*[{|>'"\s][^#]*$/.test(line) ? i : -1)).filter((i) => i >= 0);
  if (scalars.length < 2) return yaml;
  const choice = int(random, 4);
  if (choice === 0) {
    const i = pick(random, scalars);
    lines[i] = lines[i].replace(/: .*$/, ': *nope');
  } else if (choice === 1) {
    const [a, b] = [pick(random, scalars), pick(random, scalars)];
    if (a === b) return yaml;
    lines[a] = lines[a].replace(/: /, ': &anchor ');
    lines[b] = lines[b].replace(/: .*$/, ': *anchor');
  } else if (choice === 2) {
    const bomb = ['x0: &x0 [a, a, a, a, a, a, a, a, a, a]'];
    for (let i = 1; i < 8; i++) bomb.push(`x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(', ')}]`);
    return `${bomb.join('\n')}\n${yaml}`;
  } else {
    return `${yaml}---\n${yaml}`;
  }
  return lines.join('\n');
}

/** Sometimes broken text: cut short, or a stray token (with a newline) somewhere. */
function damaged(random: Random, text: string): string {
  if (random() > 0.1) return text;
  const at = int(random, text.length);
  return random() < 0.5 ? text.slice(0, at) : `${text.slice(0, at)}${pick(random, ['x\ny', '}', ',', '"', ': :', '\t', '*'])}${text.slice(at)}`;
}

function serialize(random: Random, doc: Json): { text: string; ext: string } {
  if (random() < 0.5) return { text: damaged(random, JSON.stringify(doc, null, random() < 0.5 ? 2 : undefined)), ext: 'json' };
  let text = stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
  if (random() < 0.4) text = withAliases(random, text);
  return { text: damaged(random, text), ext: 'yaml' };
}

describe('remediator simulate: generated hostile states and incidents', function () {
  this.timeout(120_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-fuzz-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it(`${CASES} cases from seed ${SEED}: exit 0 or 1, one located line on 1, no stack`, async () => {
    const random = prng(SEED);
    const codes = { 0: 0, 1: 0 };
    for (let n = 0; n < CASES; n++) {
      const state = JSON.parse(JSON.stringify(LAB)) as Json;
      const incident = JSON.parse(JSON.stringify(INCIDENT)) as Json;
      const mutateIncident = random() < 0.3;
      const target = mutateIncident ? incident : state;
      for (let m = 1 + int(random, 3); m > 0; m--) pick(random, MUTATIONS)(random, target);
      if (mutateIncident && random() < 0.5) {
        const s = randomSpot(random, { root: incident });
        if (s) (s.parent as Record<string | number, Json>)[s.key] = hostileValue(random);
      }
      const s = serialize(random, state);
      const i = serialize(random, incident);
      const stateFile = path.join(tmp, `state-${n}.${s.ext}`);
      const incidentFile = path.join(tmp, `incident-${n}.${i.ext}`);
      fs.writeFileSync(stateFile, s.text);
      fs.writeFileSync(incidentFile, i.text);
      const args = ['simulate', '--runbook', 'runbooks/replace-redundant-pod.yaml', '--state', stateFile, '--now', '2026-04-26T10:00:00Z'];
      if (random() < 0.6) args.push('--incident', incidentFile);
      if (random() < 0.3) args.push('--target', `aiops-remediation-lab/pod/${pick(random, ['web-5d8f9c7b6c-x8k2p', 'singleton-7b9c6d4f8d-m2n4r', ...PROTO_NAMES])}`);
      if (random() < 0.3) args.push('--json');
      const replay = `case ${n} (seed ${SEED}): ${args.join(' ')}`;
      let r;
      try {
        r = await cli(args);
      } catch (err) {
        assert.fail(`${replay}\nthrew ${err instanceof Error ? err.stack : String(err)}`);
      }
      assert.ok(r.code === 0 || r.code === 1, `${replay}\nexit ${r.code}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr + r.stdout, /internal error|\n {4}at /, replay);
      codes[r.code as 0 | 1]++;
      if (r.code === 1) {
        const lines = r.stderr.trimEnd().split('\n');
        assert.equal(lines.length, 1, `${replay}\n${r.stderr}`);
        assert.match(lines[0], /^remediator simulate: [^\n]+:\d+:\d+: \S.*$/, replay);
      }
      fs.rmSync(stateFile);
      fs.rmSync(incidentFile);
    }
    // The generator must reach both outcomes, or it tests nothing.
    assert.ok(codes[0] > CASES / 20 && codes[1] > CASES / 5, JSON.stringify(codes));
  });
});
