// `remediator convert` refuses exactly what `remediator validate` refuses about reading a file, at the
// same place: duplicate keys, size, nesting, document count, aliases.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { convertPolicy } from '../../../src/core/runbook/convert';
import { parseRunbooks } from '../../../src/core/runbook/parse';
import { MAX_DOCUMENTS, MAX_FILE_BYTES, MAX_NESTING } from '../../../src/core/runbook/yamlRead';
import { cli } from '../../support/cli';
import { fixture } from './helpers';

const POLICY = () => fixture('policy/seed-memory-leak.yaml');
const place = (d: { code: string; range: { start: { line: number; character: number } } }) => `${d.code}@${d.range.start.line}:${d.range.start.character}`;

const INPUTS: [string, () => string, string][] = [
  ['a duplicate key', () => POLICY().replace('  max_attempts: 2', '  max_attempts: 2\n  max_attempts: 5'), 'yaml-duplicate-key'],
  ['a duplicate top-level key', () => `${POLICY()}remediation_policy: {}\n`, 'yaml-duplicate-key'],
  ['more than 1 MiB', () => `${POLICY()}# ${'x'.repeat(MAX_FILE_BYTES)}\n`, 'file-too-large'],
  ['nesting too deep', () => `${POLICY()}  extra: ${'['.repeat(MAX_NESTING + 2)}${']'.repeat(MAX_NESTING + 2)}\n`, 'nesting-too-deep'],
  ['too many documents', () => `${POLICY()}${'---\na: 1\n'.repeat(MAX_DOCUMENTS + 1)}`, 'too-many-documents'],
  ['an alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    return `${POLICY()}  bomb:\n${lines.map((l) => `    ${l}`).join('\n')}\n`;
  }, 'yaml-alias-limit'],
  ['an unresolved alias', () => POLICY().replace('detection_signal: OOMKilled', 'detection_signal: *nope'), 'yaml-unresolved-alias'],
  ['broken YAML', () => POLICY().replace('auto_execute: true', 'auto_execute: [true'), ''],
];

describe('runbook convert: refuses what validate refuses', () => {
  for (const [name, text, code] of INPUTS) {
    it(name, () => {
      const input = text();
      const validateErrors = parseRunbooks(input).diagnostics.filter((d) => d.severity === 'error');
      const converted = convertPolicy(input);
      assert.ok(validateErrors.length > 0, 'validate refuses it');
      if (code) assert.equal(validateErrors[0].code, code);
      assert.equal(converted.yaml, undefined, 'no runbook is written');
      assert.deepEqual(converted.diagnostics.map(place), validateErrors.map(place));
    });
  }

  it('an unresolved alias is located on the alias', () => {
    const [problem] = convertPolicy(POLICY().replace('detection_signal: OOMKilled', 'detection_signal: *nope')).diagnostics;
    assert.deepEqual(place(problem), 'yaml-unresolved-alias@3:20');
    assert.equal(problem.message, 'alias *nope has no anchor before it');
  });

  it('through the CLI: the same located lines, exit 1 for both', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-convert-'));
    try {
      const file = path.join(dir, 'policy.yaml');
      fs.writeFileSync(file, INPUTS[0][1]());
      const v = await cli(['validate', file]);
      const c = await cli(['convert', file]);
      assert.equal(v.code, 1);
      assert.equal(c.code, 1);
      assert.equal(c.stdout, '');
      const line = /:(\d+:\d+): error: (duplicate key[^[]*)/.exec(v.stdout);
      assert.ok(line, v.stdout);
      assert.ok(c.stderr.includes(`${file}:${line[1]}: error: ${line[2].trim()}`), c.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a prototype name as a policy field is dropped, not mapped', () => {
    const result = convertPolicy(`${POLICY()}  constructor: 1\n  toString: 2\n`);
    assert.ok(result.notes.includes('constructor: no RemediationRunbook equivalent; dropped'));
    assert.ok(result.notes.includes('toString: no RemediationRunbook equivalent; dropped'));
    const info = parseRunbooks(`${POLICY()}  constructor: 1\n`).diagnostics.find((d) => d.path?.join('.') === 'remediation_policy.constructor');
    assert.equal(info?.code, 'policy-field-unmapped');
  });
});
