// Generated test files: the valid fixture mutated (wrong types, missing fields, hostile strings,
// truncation, duplicated lines). Whatever the input, `remediator test` exits 0 or 1, locates every
// problem as file:line:col, prints no stack trace and no raw control character, and writes JUnit XML
// that is well formed with counts that match its elements.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, repoPath } from '../../support/cli';
import { prng } from '../../support/random';
import { parseXml } from './xml';

const SEED = 20261201;
const RUNS = 120;

const HOSTILE = [
  '\u001b[31mred\u001b[0m', 'a\u0000b', '<testcase name="x">', ']]>&amp;&', '\u202eevil', 'line\nbreak', '"quoted"', "'single'",
  'x'.repeat(5000), '\ud800', '${POD_NAME}', '../../../../etc/passwd', 'ns/pod/', '//', '', ' ', '\t', 'NaN', '1e999', '-1',
];
const BAD_VALUES = ['123', '[a, b]', '{ a: 1 }', 'null', '~', 'true', '-0.5', '2.5', '"2026-13-45T99:99:99Z"', '*alias', '&anchor x', '!!binary AAAA', '{', '['];

function base(): string {
  return fs.readFileSync(repoPath('test/fixtures/runbook-tests/valid/lab.runbook-test.yaml'), 'utf8')
    .replace('../../../../runbooks/replace-redundant-pod.yaml', repoPath('runbooks/replace-redundant-pod.yaml'))
    .replace('../../simulate/lab/state.json', repoPath('test/fixtures/simulate/lab/state.json'));
}

function mutate(text: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const lines = text.split('\n');
  const i = Math.floor(random() * lines.length);
  switch (Math.floor(random() * 6)) {
    case 0: // a value of the wrong type
      lines[i] = lines[i].replace(/:\s.*$/, `: ${pick(BAD_VALUES)}`);
      break;
    case 1: // a missing field
      lines.splice(i, 1);
      break;
    case 2: // a hostile string where a string goes
      lines[i] = lines[i].replace(/:\s.*$/, `: ${JSON.stringify(pick(HOSTILE))}`);
      break;
    case 3: // cut anywhere
      return text.slice(0, Math.floor(random() * text.length));
    case 4: // a repeated line (duplicate keys, duplicate cases)
      lines.splice(i, 0, lines[i]);
      break;
    default: // raw hostile bytes in the middle of a line
      lines[i] = lines[i].slice(0, Math.floor(random() * lines[i].length)) + pick(HOSTILE) + lines[i].slice(Math.floor(random() * lines[i].length));
  }
  return lines.join('\n');
}

describe('remediator test: generated test files', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-gen-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it(`${RUNS} mutated files: exit 0 or 1, located messages, no stack trace, valid JUnit (seed ${SEED})`, async () => {
    const random = prng(SEED);
    const original = base();
    const codes = new Set<number>();
    for (let run = 0; run < RUNS; run++) {
      let text = mutate(original, random);
      if (random() < 0.3) text = mutate(text, random);
      const file = path.join(tmp, `case-${run}.runbook-test.yaml`);
      const junit = path.join(tmp, `case-${run}.xml`);
      fs.writeFileSync(file, text);
      const r = await cli(['test', file, '--junit', junit]);
      const context = `seed ${SEED} run ${run}:\n${text.slice(0, 2000)}\n--- stdout\n${r.stdout.slice(0, 2000)}\n--- stderr\n${r.stderr}`;
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}; ${context}`);
      codes.add(r.code);
      assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+\)?\n|internal error/, context);
      assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/, context);
      for (const line of r.stdout.split('\n').filter((l) => /^(ERROR|FAIL)/.test(l))) {
        assert.match(line, /^(ERROR|FAIL) +\S+\.runbook-test\.yaml:\d+:\d+: /, context);
      }
      if (r.code === 1) assert.match(r.stdout, /^ {2}\d+ failing$/m, context);
      const xml = parseXml(fs.readFileSync(junit, 'utf8'));
      const cases = xml.children.flatMap((s) => s.children);
      assert.equal(Number(xml.attrs.tests), cases.length, context);
      assert.equal(Number(xml.attrs.failures) + Number(xml.attrs.errors), cases.filter((c) => c.children.length > 0).length, context);
      assert.equal(r.code === 0, Number(xml.attrs.failures) + Number(xml.attrs.errors) === 0, context);
    }
    assert.deepEqual([...codes].sort(), [0, 1], 'the mutations reach both outcomes');
  });
});
