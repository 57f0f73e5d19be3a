// The `--notify-config` file: named channels (the runbook's escalation names are channel names).
//
//   defaultChannel: ops-slack            # optional: where alerts no runbook matches are sent
//   channels:
//     pagerduty-p1:
//       type: pagerduty                  # pagerduty | slack | webhook
//       url: https://events.pagerduty.com/v2/enqueue
//       routingKeyFile: pd-routing-key   # pagerduty only; relative to this file; never printed
//       severity: critical               # critical | error | warning | info (PagerDuty's; default critical)
//     ops-slack:
//       type: slack
//       url: https://hooks.slack.com/services/...
//       notifyVerified: true             # also send verified actions (default: only what needs a human)
//
// Reasons name the place, never the value: a webhook URL is a secret too.
import { Locator } from '../runbook/positions';
import { findAliasBomb, findDuplicateKeys, readYaml } from '../runbook/yamlRead';
import { JsonReader, childPath, hasOwn, own, type JsonObject, type LocatedReason } from '../alerts/jsonRead';

export type ChannelType = 'pagerduty' | 'slack' | 'webhook';
export const CHANNEL_TYPES: readonly ChannelType[] = ['pagerduty', 'slack', 'webhook'];
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';
export const PAGERDUTY_SEVERITIES: readonly PagerDutySeverity[] = ['critical', 'error', 'warning', 'info'];
export const DEFAULT_PAGERDUTY_SEVERITY: PagerDutySeverity = 'critical';

export interface ChannelConfig {
  type: ChannelType;
  url: string;
  /** PagerDuty only: the file holding the integration's routing key. */
  routingKeyFile?: string;
  severity?: PagerDutySeverity;
  /** Also notify verified actions (every channel gets what needs a human). */
  notifyVerified?: boolean;
}

export interface NotifyConfig {
  channels: Record<string, ChannelConfig>;
  defaultChannel?: string;
}

export type NotifyConfigRead = { ok: true; config: NotifyConfig } | { ok: false; reasons: LocatedReason[] };

/** A config problem placed in the file: 1-based line, for `file:line: message`. */
export interface ConfigProblem {
  line: number;
  message: string;
}

export type NotifyConfigParse = { ok: true; config: NotifyConfig } | { ok: false; problems: ConfigProblem[] };

const KEY_PROBLEM = /^is not a (known field|channel name)/;
const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const CHANNEL_KEYS = ['type', 'url', 'routingKeyFile', 'severity', 'notifyVerified'];

function unknownKeys(r: JsonReader, o: JsonObject, known: readonly string[], path: string): void {
  for (const key of Object.keys(o)) if (!known.includes(key)) r.fail(childPath(path, key), `is not a known field (known: ${known.join(', ')})`);
}

function httpUrl(r: JsonReader, o: JsonObject, path: string): string | undefined {
  const url = r.string(o, 'url', path, { nonEmpty: true });
  if (url === undefined) return undefined;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return r.fail(childPath(path, 'url'), 'must be an http or https URL');
  }
  return protocol === 'https:' || protocol === 'http:' ? url : r.fail(childPath(path, 'url'), 'must be an http or https URL');
}

function readChannel(r: JsonReader, v: unknown, path: string): ChannelConfig | undefined {
  const o = r.object(v, path);
  if (o === undefined) return undefined;
  unknownKeys(r, o, CHANNEL_KEYS, path);
  const type = r.oneOf(o, 'type', CHANNEL_TYPES, path);
  const url = httpUrl(r, o, path);
  const routingKeyFile = r.string(o, 'routingKeyFile', path, { optional: true, nonEmpty: true });
  const severity = r.oneOf(o, 'severity', PAGERDUTY_SEVERITIES, path, { optional: true });
  const verified = own(o, 'notifyVerified');
  if (verified !== undefined && typeof verified !== 'boolean') r.fail(childPath(path, 'notifyVerified'), 'must be true or false');
  if (type === 'pagerduty' && !hasOwn(o, 'routingKeyFile')) r.fail(childPath(path, 'routingKeyFile'), 'is required for a pagerduty channel');
  if (type !== undefined && type !== 'pagerduty' && hasOwn(o, 'routingKeyFile')) r.fail(childPath(path, 'routingKeyFile'), 'is only for pagerduty channels');
  if (type === undefined || url === undefined) return undefined;
  return {
    type, url,
    ...(routingKeyFile !== undefined ? { routingKeyFile } : {}),
    ...(severity !== undefined ? { severity } : {}),
    ...(typeof verified === 'boolean' ? { notifyVerified: verified } : {}),
  };
}

/** The one reader of notify config data (already parsed). Never throws. */
export function readNotifyConfig(value: unknown): NotifyConfigRead {
  const r = new JsonReader();
  const o = r.object(value, '$');
  if (o === undefined) return { ok: false, reasons: r.reasons };
  unknownKeys(r, o, ['channels', 'defaultChannel'], '$');
  const channelsAt = childPath('$', 'channels');
  const raw = hasOwn(o, 'channels') ? r.object(own(o, 'channels'), channelsAt) : r.fail(channelsAt, 'is required');
  const entries: [string, ChannelConfig][] = [];
  for (const name of Object.keys(raw ?? {})) {
    const at = childPath(channelsAt, name);
    if (!CHANNEL_NAME.test(name)) r.fail(at, 'is not a channel name (letters, digits, _ . -, at most 128)');
    const channel = readChannel(r, own(raw ?? {}, name), at);
    if (channel) entries.push([name, channel]);
  }
  const defaultChannel = r.string(o, 'defaultChannel', '$', { optional: true });
  if (defaultChannel !== undefined && !entries.some(([name]) => name === defaultChannel)) {
    r.fail(childPath('$', 'defaultChannel'), `must name one of the channels (${entries.map(([n]) => n).join(', ') || 'none'})`);
  }
  if (r.failed) return { ok: false, reasons: r.reasons };
  return { ok: true, config: { channels: Object.fromEntries(entries), ...(defaultChannel !== undefined ? { defaultChannel } : {}) } };
}

/** `$.channels["a b"][0].url` -> ['channels', 'a b', 0, 'url'] (the inverse of childPath). */
export function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const token = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.slice(1).matchAll(token)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(String(JSON.parse(m[3])));
  }
  return segments;
}

/** Human path for messages: `channels.pagerduty-p1.url`. */
function shown(path: string): string {
  const segments = pathSegments(path);
  return segments.length === 0 ? 'the file' : segments.join('.');
}

/** Parses the config file's text (YAML or JSON), placing every problem on its line. Never throws. */
export function parseNotifyConfig(text: string): NotifyConfigParse {
  const read = readYaml(text);
  if (read.problem) return { ok: false, problems: [{ line: 1, message: `the file is not a notify config (${read.problem.kind})` }] };
  if (read.documents.length !== 1) return { ok: false, problems: [{ line: 1, message: 'the file must hold exactly one YAML document' }] };
  const document = read.documents[0];
  const yamlError = document.errors[0];
  if (yamlError) return { ok: false, problems: [{ line: read.lineCounter.linePos(yamlError.pos[0]).line, message: yamlError.message.split('\n')[0] }] };
  const locator = new Locator(read.lineCounter, document);
  const lineOf = (node: Parameters<Locator['nodeRange']>[0]) => (locator.nodeRange(node)?.start.line ?? 0) + 1;
  const duplicate = findDuplicateKeys(document)[0];
  if (duplicate) return { ok: false, problems: [{ line: lineOf(duplicate), message: 'this key is repeated in the same mapping' }] };
  const bomb = findAliasBomb(document);
  if (bomb) return { ok: false, problems: [{ line: lineOf(bomb), message: 'too many aliases' }] };
  const result = readNotifyConfig(document.toJS({ maxAliasCount: 100 }));
  if (result.ok) return result;
  return {
    ok: false,
    problems: result.reasons.map((x) => {
      // A problem with a key (unknown field, bad channel name) points at the key, the rest at the value.
      const range = KEY_PROBLEM.test(x.message) ? locator.keyRange(pathSegments(x.path)) : locator.valueRange(pathSegments(x.path));
      return { line: range.start.line + 1, message: `${shown(x.path)} ${x.message}` };
    }),
  };
}
