// serve's numeric and name flags are checked before anything is read or started: one located usage
// error (exit 2) naming the flag, the value and what is allowed.
import assert from 'node:assert/strict';
import { cli } from '../../support/cli';

async function usage(args: string[]): Promise<string> {
  const r = await cli(['serve', '--listen', '127.0.0.1:0', ...args]);
  assert.equal(r.code, 2, r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  return r.stderr;
}

describe('remediator serve flags', () => {
  it('--lease-duration and --leader-lease', async () => {
    assert.match(await usage(['--lease-duration', '1']), /--lease-duration "1" must be a whole number of seconds from 2 to 3600/);
    assert.match(await usage(['--lease-duration', '15s']), /--lease-duration "15s" must be a whole number/);
    assert.match(await usage(['--leader-lease', 'Bad_Name']), /--leader-lease "Bad_Name" is not a valid Lease name/);
    assert.match(await usage(['--leader-lease', `${'a'.repeat(254)}`]), /is not a valid Lease name/);
  });
});

describe('remediator serve queue and retention flags', () => {
  it('--queue-size, --concurrency and --ledger-retention', async () => {
    assert.match(await usage(['--queue-size', '0']), /--queue-size "0" must be a whole number of alerts from 1 to 1000000/);
    assert.match(await usage(['--queue-size', '-5']), /--queue-size "-5" must be a whole number/);
    assert.match(await usage(['--concurrency', '1000']), /--concurrency "1000" must be a whole number of alerts from 1 to 256/);
    assert.match(await usage(['--concurrency', '2.5']), /--concurrency "2\.5" must be a whole number/);
    assert.match(await usage(['--ledger-retention', '7']), /--ledger-retention "7" is not a duration from 1s to 3650d/);
    assert.match(await usage(['--ledger-retention', '0s']), /--ledger-retention "0s" is not a duration/);
    assert.match(await usage(['--ledger-retention', '3651d']), /is not a duration/);
  });
});
