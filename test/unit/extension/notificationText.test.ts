// Notifications carry error and cluster text only through notificationText (safeLine): no credential,
// no control or bidi character, one line. Also a scan of src/extension: every direct show*Message call
// passes its text through notificationText or safeLine.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { notificationDetail, notificationText } from '../../../src/extension/cluster/notificationText';
import { forgetSecrets, rememberSecrets } from '../../../src/core/text/redact';
import { seededRandom } from '../../support/seeded';

const KNOWN = 'kubeconfig-pass-plain-77';

describe('notification text', () => {
  afterEach(() => forgetSecrets());

  it('an error carrying a bearer token, a known kubeconfig secret and a bidi override is shown redacted and escaped', () => {
    rememberSecrets([KNOWN]);
    const err = new Error(`exec plugin failed: Authorization: Bearer abcDEF0123456789xyz; password ${KNOWN}\n\u202Eevil\u001b[2J`);
    const text = notificationText(err);
    assert.match(text, /^Remediator: exec plugin failed: /);
    for (const bad of ['abcDEF0123456789xyz', KNOWN, '\u202E', '\u001b', '\n']) assert.ok(!text.includes(bad), `${JSON.stringify(bad)} in ${text}`);
    assert.match(text, /\[redacted\]/);
  });

  it('strings and odd thrown values are shown too', () => {
    assert.equal(notificationText('plain words'), 'Remediator: plain words');
    assert.equal(notificationText({ message: 'from an object' }), 'Remediator: from an object');
    assert.equal(notificationText(undefined), 'Remediator: undefined');
  });

  it('a modal detail keeps its lines, each safe', () => {
    const detail = notificationDetail('line one\ntoken: s3cr3tvalue\n\u2066pod\u2069');
    assert.equal(detail.split('\n').length, 3);
    assert.ok(!/s3cr3tvalue|\u2066|\u2069/.test(detail), detail);
  });

  it('generated: planted secrets and controls never reach the notification', () => {
    rememberSecrets([KNOWN]);
    const next = seededRandom(5);
    const pieces = ['Bearer abcDEF0123456789xyz', 'token=s3cr3tvalue99', KNOWN, '\u202E', '\u2067', '\u001b[31m', '\r\n', '\u0007', 'é', 'pod web-1', '"'];
    for (let i = 0; i < 200; i++) {
      const msg = Array.from({ length: 1 + Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join(' ');
      const text = notificationText(new Error(msg));
      for (const bad of ['abcDEF0123456789xyz', 's3cr3tvalue99', KNOWN, '\u202E', '\u2067', '\u001b', '\r', '\n', '\u0007']) {
        assert.ok(!text.includes(bad), `${JSON.stringify(msg)} -> ${JSON.stringify(text)}`);
      }
    }
  });

  it('every direct show*Message call in src/extension passes its text through notificationText or safeLine', () => {
    const root = path.join(process.cwd(), 'src', 'extension');
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(root, f));
    const unsafe: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/show(?:Error|Warning|Information)Message\(\s*([^,)]*)/g)) {
        if (!/^(?:notificationText|safeLine)\(/.test(m[1])) unsafe.push(`${path.relative(process.cwd(), file)}: ${m[0]}`);
      }
    }
    assert.deepEqual(unsafe, []);
  });
});
