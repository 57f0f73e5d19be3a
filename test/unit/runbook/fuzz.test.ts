// Generated input: random YAML-ish text, mutations of valid runbooks and random values serialized to
// YAML. parseRunbooks must never throw and must always return well-formed, in-bounds diagnostics.
import { strict as assert } from 'assert';
import { stringify } from 'yaml';
import { convertPolicy } from '../../../src/core/runbook/convert';
import { comparePositions } from '../../../src/core/runbook/diagnostics';
import { parseRunbooks } from '../../../src/core/runbook/parse';
import { SEED, assertWellFormed, fixture } from './helpers';
import { int, pick, prng, type Random } from '../../support/random';

const TOKENS = [
  ':', ': ', '-', '- ', ' ', '  ', '\n', '\n  ', '\t', '[', ']', '{', '}', ',', '"', "'", '&a ', '*a', '&b ', '*b', '!!str ', '!tag ',
  '#', '---\n', '...\n', '|\n', '>\n', '? ', '%YAML 1.2\n', '@', '`', '\\', '\r\n', '\u0000', '\uFEFF', 'é', '😀',
  'apiVersion', 'kind', 'RemediationRunbook', 'remediations.kubedojo.io/v1', 'metadata', 'name', 'spec', 'intent', 'risk',
  'decisionMode', 'auto_execute', 'triggers', 'symptoms', 'guardrails', 'action', 'command', 'type', 'scaleDeployment',
  'kubectl delete pod ${POD_NAME} -n ${NAMESPACE}', 'verification', 'timeoutSeconds', 'rollback', 'escalation', 'remediation_policy',
  '0', '1', '-1', '0.8', '1e309', 'null', 'true', '~', '<<', 'x',
];

function yamlish(random: Random): string {
  let text = '';
  const length = int(random, 120);
  for (let i = 0; i < length; i++) text += pick(random, TOKENS);
  return text;
}

function mutate(random: Random, text: string): string {
  let result = text;
  for (let n = 1 + int(random, 4); n > 0; n--) {
    const at = int(random, result.length + 1);
    const lines = result.split('\n');
    switch (int(random, 6)) {
      case 0: result = result.slice(0, at) + result.slice(at + 1 + int(random, 20)); break;
      case 1: result = result.slice(0, at) + pick(random, TOKENS) + result.slice(at); break;
      case 2: { const line = int(random, lines.length); lines.splice(line, 0, lines[line]); result = lines.join('\n'); break; }
      case 3: { const a = int(random, lines.length); const b = int(random, lines.length); [lines[a], lines[b]] = [lines[b], lines[a]]; result = lines.join('\n'); break; }
      case 4: { const line = int(random, lines.length); lines[line] = ' '.repeat(int(random, 8)) + lines[line].trimStart(); result = lines.join('\n'); break; }
      default: result = result.replace(/: [^\n]*/, `: ${pick(random, TOKENS)}`); break;
    }
  }
  return result;
}

function randomValue(random: Random, depth: number): unknown {
  const kind = int(random, depth > 3 ? 5 : 7);
  switch (kind) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return pick(random, [0, 1, -1, 0.5, 1.5, 3600, 3601, 1e21, -0, Number.MAX_SAFE_INTEGER]);
    case 3: return pick(random, TOKENS);
    case 4: return '';
    case 5: return Array.from({ length: int(random, 4) }, () => randomValue(random, depth + 1));
    default: return Object.fromEntries(Array.from({ length: int(random, 4) }, () => [pick(random, TOKENS), randomValue(random, depth + 1)]));
  }
}

/** The seed runbook with one random subtree replaced by a random value. */
function perturbedRunbook(random: Random, base: Record<string, unknown>): unknown {
  const copy = structuredClone(base);
  let node: Record<string, unknown> = copy;
  for (;;) {
    const keys = Object.keys(node);
    const key = pick(random, keys);
    const child = node[key];
    if (child && typeof child === 'object' && !Array.isArray(child) && random() < 0.6) {
      node = child as Record<string, unknown>;
      continue;
    }
    if (random() < 0.2) delete node[key];
    else node[random() < 0.8 ? key : pick(random, TOKENS)] = randomValue(random, 0);
    return copy;
  }
}

function check(text: string, seed: number): void {
  let result;
  try {
    result = parseRunbooks(text);
  } catch (err) {
    assert.fail(`seed ${seed}: parseRunbooks threw ${String(err)} for ${JSON.stringify(text.slice(0, 200))}`);
  }
  assertWellFormed(result.diagnostics);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const d of result.diagnostics) assert.ok(d.range.end.line <= lines, `seed ${seed}: line ${d.range.end.line} beyond the text`);
  for (let i = 1; i < result.diagnostics.length; i++) {
    assert.ok(comparePositions(result.diagnostics[i - 1].range.start, result.diagnostics[i].range.start) <= 0, `seed ${seed}: sorted`);
  }
  for (const document of result.documents) {
    if (document.runbook) assert.ok(!document.diagnostics.some((d) => d.severity === 'error'), `seed ${seed}: runbook with errors`);
  }
}

describe('runbook parse: generated input', function () {
  this.timeout(60_000);
  const counts: Record<string, number> = {};
  let started = 0;
  before(() => {
    started = performance.now();
  });
  after(() => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`      fuzz: ${total} inputs (${JSON.stringify(counts)}) in ${(performance.now() - started).toFixed(0)} ms (measured)`);
  });

  it('survives 4,700 random YAML-ish strings', () => {
    for (let seed = 1; seed <= 4700; seed++) check(yamlish(prng(seed)), seed);
    counts.yamlish = 4700;
  });

  it('survives 3,000 mutations of valid runbooks', () => {
    const bases = [SEED(), fixture('valid/scale-out-by.yaml'), fixture('valid/multi-document.yaml'), fixture('policy/seed-memory-leak.yaml')];
    for (let seed = 1; seed <= 3000; seed++) {
      const random = prng(100_000 + seed);
      check(mutate(random, pick(random, bases)), 100_000 + seed);
    }
    counts.mutations = 3000;
  });

  it('survives 2,000 random values serialized to YAML (runbook-shaped and not)', () => {
    const base = parseRunbooks(SEED()).documents[0].runbook as unknown as Record<string, unknown>;
    for (let seed = 1; seed <= 2000; seed++) {
      const random = prng(200_000 + seed);
      const value = random() < 0.8 ? perturbedRunbook(random, base) : randomValue(random, 0);
      check(stringify(value), 200_000 + seed);
    }
    counts.values = 2000;
  });

  it('convertPolicy survives 300 mutated policies', () => {
    const policy = fixture('policy/seed-memory-leak.yaml');
    for (let seed = 1; seed <= 300; seed++) {
      const result = convertPolicy(mutate(prng(300_000 + seed), policy));
      assertWellFormed(result.diagnostics);
    }
    counts.policies = 300;
  });
});
