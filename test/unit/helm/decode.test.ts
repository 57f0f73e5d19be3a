import { strict as assert } from 'assert';
import { gzipSync } from 'zlib';
import { decodeReleaseData, encodeReleaseData, ReleaseDecodeError } from '../../../src/adapters/helm/decode';
import { revisionFromJson } from '../../../src/core/helm/release';
import { int, prng } from '../../support/random';

describe('helm release Secret payload', () => {
  it('decodes base64(base64(gzip(json))), the API server\'s view of Helm\'s Secret', () => {
    const release = { name: 'web', version: 2, info: { status: 'deployed' }, manifest: 'kind: ConfigMap\n' };
    const apiValue = encodeReleaseData(release, (b) => gzipSync(b));
    // Helm's own layer starts with the gzip magic 1f 8b in base64: H4sI.
    assert.ok(Buffer.from(apiValue, 'base64').toString('latin1').startsWith('H4sI'));
    assert.deepEqual(decodeReleaseData(apiValue), release);
    assert.equal(revisionFromJson(decodeReleaseData(apiValue), 'x').revision, 2);
  });

  it('also reads a payload that is not gzipped (plain JSON under the two base64 layers)', () => {
    assert.deepEqual(decodeReleaseData(encodeReleaseData({ version: 1 }, (b) => b)), { version: 1 });
  });

  it('refuses what is not base64, does not gunzip or is not JSON, with a typed error', () => {
    const layered = (inner: Buffer) => Buffer.from(inner.toString('base64'), 'latin1').toString('base64');
    assert.throws(() => decodeReleaseData('%%%'), /Secret data value is not base64/);
    assert.throws(() => decodeReleaseData(Buffer.from('%%%').toString('base64')), /release payload is not base64/);
    assert.throws(() => decodeReleaseData(layered(Buffer.from([0x1f, 0x8b, 1, 2, 3]))), /does not gunzip/);
    assert.throws(() => decodeReleaseData(layered(Buffer.from('not json'))), /not JSON/);
  });

  it('never throws anything but ReleaseDecodeError for generated hostile payloads', () => {
    const random = prng(909);
    const valid = encodeReleaseData({ version: 3, manifest: 'x'.repeat(200) }, (b) => gzipSync(b));
    for (let i = 0; i < 400; i++) {
      const chars = valid.split('');
      for (let k = 0; k < 1 + int(random, 6); k++) chars[int(random, chars.length)] = 'A+/=x\n%é'[int(random, 8)];
      const input = random() < 0.2 ? chars.slice(0, int(random, chars.length)).join('') : chars.join('');
      try {
        decodeReleaseData(input);
      } catch (err) {
        assert.ok(err instanceof ReleaseDecodeError, `case ${i}: ${(err as Error).name}: ${(err as Error).message}`);
      }
    }
  });
});
