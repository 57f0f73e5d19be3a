import { strict as assert } from 'assert';
import { forgetSecrets, redactSecrets, rememberSecrets, REDACTED } from '../../../src/core/text/redact';
import { safeJsonLine, safeLine } from '../../../src/core/text/safe';
import { int, pick, prng } from './random';

describe('redactSecrets', () => {
  afterEach(() => forgetSecrets());

  const cases: [string, string][] = [
    ['token: abcdef0123456789', `token: ${REDACTED}`],
    ['    token: "abcdef0123456789"', `    token: "${REDACTED}"`],
    ['{"token":"abcdef0123456789","x":1}', `{"token":"${REDACTED}","x":1}`],
    ['client-key-data: UExBTlRFRA==', `client-key-data: ${REDACTED}`],
    ['client-certificate-data: UExBTlRFRA==', `client-certificate-data: ${REDACTED}`],
    ['password: hunter2', `password: ${REDACTED}`],
    ['client-secret: s3cr3t-value', `client-secret: ${REDACTED}`],
    ['refresh-token: r3fr3sh', `refresh-token: ${REDACTED}`],
    ['--token=abcdef0123', `--token=${REDACTED}`],
    ['Authorization: Bearer abc.def-ghi_jkl', `Authorization: Bearer ${REDACTED}`],
    ['authorization=Basic dXNlcjpwYXNz', `authorization=Basic ${REDACTED}`],
    ['sent bearer abcdefghijklmnop here', `sent bearer ${REDACTED} here`],
    ['eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl', REDACTED],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', REDACTED],
    ['data LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t end', `data ${REDACTED} end`],
    ['proxy https://user:pa55@proxy.local:3128 down', `proxy https://user:${REDACTED}@proxy.local:3128 down`],
    ['GITHUB_TOKEN=ghp_abcdef123', `GITHUB_TOKEN=${REDACTED}`],
    ['clientSecret: abcdef123', `clientSecret: ${REDACTED}`],
    ['\x1b[31mtoken: abcdef123', `\x1b[31mtoken: ${REDACTED}`],
    ['\\x1b[31mtoken: abcdef123', `\\x1b[31mtoken: ${REDACTED}`],
  ];
  for (const [input, want] of cases) {
    it(`redacts ${JSON.stringify(input.slice(0, 40))}`, () => assert.equal(redactSecrets(input, []), want));
  }

  it('a key whose value is a mapping on the next lines is no credential; a scalar on the next line still is', () => {
    const manifest = 'volumes:\n  - name: token\n    secret:\n      secretName: serve-token\n      defaultMode: 288\nhttp_config:\n  authorization:\n    type: Bearer\n';
    assert.equal(redactSecrets(manifest), manifest);
    assert.equal(redactSecrets('token:\n  abcdef123456\n'), `token:\n  ${REDACTED}\n`);
    assert.equal(redactSecrets('password:\n    hunter2-long\n'), `password:\n    ${REDACTED}\n`);
    assert.equal(redactSecrets('token: abc:def\n'), `token: ${REDACTED}\n`);
  });

  it('leaves messages without credentials alone', () => {
    for (const text of [
      'the token expired', 'users[0].name is missing', 'bearer tokens are redacted',
      'forbidden: User "system:serviceaccount:a:b" cannot get resource "secrets" in API group ""',
      'only 1 Ready pod with app=singleton; need 2', 'invalid kubeconfig k.yaml:12:3: bad indentation of a mapping entry',
      'automountServiceAccountToken: false', '"automountServiceAccountToken":true', 'mySecret: not a key of ours',
    ]) assert.equal(redactSecrets(text, []), text);
  });

  it('is idempotent: redacting twice (or after escaping) loses nothing more', () => {
    for (const [input] of cases) {
      const once = redactSecrets(input, []);
      assert.equal(redactSecrets(once, []), once);
    }
    const escaped = safeLine('Authorization: Bearer abcdefghijkl\nnext: line');
    assert.equal(safeLine(escaped), escaped);
    assert.match(escaped, /next: line$/);
  });

  it('redacts remembered values verbatim, wherever they appear and whatever their shape', () => {
    rememberSecrets(['weird secret with spaces', 'abc', undefined, 42]);
    assert.equal(redactSecrets('exec plugin said: weird secret with spaces!'), `exec plugin said: ${REDACTED}!`);
    assert.equal(redactSecrets('abc stays (too short to redact blindly)'), 'abc stays (too short to redact blindly)');
  });

  it('generated input: a planted secret never survives, in text or JSON', () => {
    const keys = ['token', 'password', 'client-key-data', 'client-secret', 'id-token'];
    const around = ['\n', ' ', '  10 |     ', '"', ': ', 'error: ', '{"user":{', '}', ',', '\x1b[31m', '\x1b[2J', '\x1b[?25l', '\u009b1A', '\x1b]0;t\x07', '\u202e'];
    for (let seed = 1; seed <= 1000; seed++) {
      const random = prng(seed);
      const secret = `S${seed}x${Math.floor(random() * 1e9).toString(36)}Zq`;
      const remembered = random() < 0.5;
      if (remembered) rememberSecrets([secret]);
      const key = pick(random, keys);
      let text = '';
      for (let i = 0; i < 1 + int(random, 6); i++) text += pick(random, around);
      text += pick(random, [`${key}: ${secret}`, `"${key}":"${secret}"`, `Authorization: Bearer ${secret}`, `--${key}=${secret}`]);
      for (let i = 0; i < int(random, 6); i++) text += pick(random, around);
      assert.ok(!safeLine(text).includes(secret), `seed ${seed}: ${JSON.stringify(text)} -> ${safeLine(text)}`);
      const json = safeJsonLine({ message: text });
      assert.ok(!json.includes(secret), `seed ${seed}: ${json}`);
      JSON.parse(json);
      forgetSecrets();
    }
  });
});

describe('redactSecrets keeps JSON valid', () => {
  it('leaves JSON literals under a secret-looking key (they are no credential) and redacts strings', () => {
    const text = JSON.stringify({ secret: false, token: 12, password: null, 'client-secret': 'abcdefgh' });
    const out = redactSecrets(text, []);
    assert.deepEqual(JSON.parse(out), { secret: false, token: 12, password: null, 'client-secret': REDACTED });
  });
});
