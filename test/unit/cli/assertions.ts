import { strict as assert } from 'assert';
import type { CliResult } from '../../support/cli';
import { plantedIn } from './loopback';

const STACK_LINE = /^\s+at /m;

/**
 * What a user may see when something goes wrong: at most one "remediator VERB: ..." line, no stack, no
 * "internal error", no planted credential (in stdout, stderr or the audit file), no raw control character.
 */
export function assertOneLineFailure(r: CliResult, verb: string, audit = ''): void {
  const all = `${r.stdout}\n${r.stderr}\n${audit}`;
  assert.doesNotMatch(all, /internal error/, all);
  assert.doesNotMatch(all, STACK_LINE, all);
  assert.deepEqual(plantedIn(all), [], all);
  // No raw control character except line breaks anywhere in what was printed.
  assert.doesNotMatch(`${r.stdout}${r.stderr}`, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, all);
  const messages = r.stderr.split('\n').filter((l) => l.startsWith('remediator '));
  assert.ok(messages.length <= 1, `at most one message line:\n${r.stderr}`);
  if (messages.length === 1) assert.ok(messages[0].startsWith(`remediator ${verb.split(' ')[0]}: `), messages[0]);
}
