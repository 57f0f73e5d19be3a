// Credentials must never reach an output: not the CLI's stdout or stderr, not the editor's audit channel,
// not an audit record or a Kubernetes Event. Error messages are where they leak: a YAML parser quotes the
// kubeconfig lines around a syntax error (a `token:` line among them), an exec credential plugin's
// stderr, a proxy that echoes the Authorization header. Redaction is pattern-based (what a secret looks
// like wherever it appears) plus verbatim: every secret value of the loaded kubeconfig is replaced
// wherever it shows up, whatever its shape.

export const REDACTED = '[redacted]';

/** Keys whose value is a secret, as kubeconfigs, auth-provider configs and HTTP headers spell them. */
const SECRET_KEYS = [
  'token', 'id-token', 'id_token', 'refresh-token', 'refresh_token', 'access-token', 'access_token', 'client-secret',
  'client_secret', 'client-key-data', 'client-certificate-data', 'password', 'passphrase', 'secret', 'api-key', 'apikey',
  'clientSecret', 'idToken', 'refreshToken', 'accessToken', 'apiKey',
];
const KEYS = `(?:${SECRET_KEYS.join('|')})`;
// A quote may be escaped (\"token\":\"abc\" inside a JSON string), so a backslash is allowed before it.
const Q = `(?:\\\\?["'])?`;
/**
 * The key starts a word (`automountServiceAccountToken: true` is no credential), or follows an escape
 * that hides the word start: "\n" or "\u202e" inside JSON or escaped text, or a terminal control
 * sequence glued to it (any CSI: raw "\x1b[31mtoken:" or "\x1b[2Jtoken:", or already escaped).
 */
const KEY_START = `(?:(?<![A-Za-z0-9])|(?<=\\\\(?:[nrt]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}))|(?<=(?:\\x1b\\[|\\x9b|\\\\x1b\\[|\\\\u001b\\[|\\\\u009b)[0-9;?]*[@-~]))`;
/**
 * The gap after `key:`: spaces on the same line, or a line break only when what follows is no mapping
 * key of its own: in `secret:\n  secretName: x` (a manifest) the value of `secret` is a mapping, and
 * `secretName:` is not its credential.
 */
const AFTER_COLON = `(?:[ \\t]*|\\s*(?![^\\s"',}\\]\\\\]*:(?:\\s|$)))`;
const KEY_VALUE = new RegExp(
  // `token: abc`, `"token": "abc"`, `token=abc`, `--token abc`; the value ends at a quote, space, comma,
  // brace or backslash.
  `((?:--${KEYS}(?:=|\\s+)|${Q}${KEY_START}${KEYS}${Q}\\s*[:=]${AFTER_COLON}${Q}))(?!\\[redacted\\])(?![\\s"',}\\]\\\\])([^\\s"',}\\]\\\\]+)`, 'gi',
);
// Never re-redact "[redacted]" (text may pass twice), or its neighbours would go with it.
// Both start like a key (KEY_START): inside JSON a line break before "Bearer" is the two characters \n,
// which glue to the word and hide a \b word start.
const AUTH_HEADER = new RegExp(`(${KEY_START}(?:proxy-)?authorization["']?\\s*[:=]${AFTER_COLON}["']?(?:(?:bearer|basic|negotiate)\\s+)?)(?!\\[redacted\\])(?!(?:bearer|basic|negotiate)\\b)[^\\s"',;\\\\]+`, 'gi');
const BEARER = new RegExp(`(${KEY_START}bearer\\s+)(?!\\[redacted\\])[A-Za-z0-9\\-._~+/]{8,}=*`, 'gi');
// Base64 lines, or one line with \n escapes inside a JSON string; never past a quote, so JSON stays JSON.
const PEM_BLOCK = /-----BEGIN [A-Z0-9 ]+-----(?:[A-Za-z0-9+/=\s]|\\n)*(?:-----END [A-Z0-9 ]+-----)?/g;
/** Base64 of "-----BEGIN": client-certificate-data and client-key-data as they sit in a kubeconfig. */
const PEM_BASE64 = /LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi;

/**
 * Shorter values are not redacted verbatim: replacing every "abc" in every message would make output
 * unreadable, and the patterns above still catch such a value next to its key.
 */
export const MIN_KNOWN_SECRET_LENGTH = 6;

/**
 * The registry of secret values lives on globalThis, not in this module: the editor loads the
 * Kubernetes adapters from a bundle of their own (with its own copy of this module), and the audit
 * channel in the main bundle must redact what the adapters' kubeconfig loaded.
 */
const REGISTRY = Symbol.for('remediator.knownSecrets');

function registry(): Set<string> {
  const holder = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  let set = holder[REGISTRY];
  if (!set) {
    set = new Set();
    holder[REGISTRY] = set;
  }
  return set;
}

/** Remembers secret values (a kubeconfig user's token, password, key data...) so no output carries them. */
export function rememberSecrets(values: Iterable<unknown>): void {
  const set = registry();
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_KNOWN_SECRET_LENGTH) set.add(trimmed);
  }
}

export function knownSecrets(): readonly string[] {
  return [...registry()];
}

/** For tests: forget every remembered value. */
export function forgetSecrets(): void {
  registry().clear();
}

type Replacement = string | ((match: string, head: string) => string);
const PATTERNS: [RegExp, RegExp, Replacement][] = [
  [/-----BEGIN /, PEM_BLOCK, REDACTED],
  [/LS0tLS1CRUdJTi/, PEM_BASE64, REDACTED],
  [/eyJ/, JWT, REDACTED],
  [/authorization/i, AUTH_HEADER, `$1${REDACTED}`],
  [/bearer/i, BEARER, `$1${REDACTED}`],
  [/:\/\//, URL_PASSWORD, `$1${REDACTED}@`],
  [new RegExp(KEYS, 'i'), KEY_VALUE, keyValue],
];

const JSON_LITERAL = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;

function keyValue(match: string, head: string): string {
  const value = match.slice(head.length);
  // `"secret":false` in a JSON document is no credential, and [redacted] there would break the JSON.
  if (/^\\?["']/.test(head) && !/["']$/.test(head) && JSON_LITERAL.test(value)) return match;
  return `${head}${REDACTED}`;
}

/** The text with every credential replaced by [redacted]: known values first, then by shape. */
export function redactSecrets(text: string, known: readonly string[] = knownSecrets()): string {
  let out = text;
  // Longest first, so a value that contains another is replaced whole.
  for (const secret of [...known].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  // Each pattern runs only when its cheap marker is present: outputs are often megabytes of JSON
  // (a scan's decisions) holding none of them.
  for (const [marker, pattern, replacement] of PATTERNS) {
    if (!marker.test(out)) continue;
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}
