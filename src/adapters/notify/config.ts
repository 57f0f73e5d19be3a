// Loads the `--notify-config` file and the routing keys it names. Errors say file:line and what is
// wrong; a routing key is held as a Secret and never appears in a message.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_PAGERDUTY_SEVERITY, parseNotifyConfig, type ChannelType, type PagerDutySeverity } from '../../core/notify/config';
import { Secret } from '../../core/notify/secret';

export class NotifyConfigError extends Error {
  override readonly name = 'NotifyConfigError';
}

/** A channel ready for delivery. */
export interface DeliveryChannel {
  name: string;
  type: ChannelType;
  /** A Slack webhook URL is a credential too: held like the routing key. */
  url: Secret;
  severity: PagerDutySeverity;
  notifyVerified: boolean;
  /** PagerDuty only. */
  routingKey?: Secret;
}

export interface LoadedNotifyConfig {
  channels: Map<string, DeliveryChannel>;
  defaultChannel?: string;
}

const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_KEY_BYTES = 4096;

function codeOf(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'unreadable';
}

function readText(file: string, max: number, what: string): string {
  let text: string;
  try {
    if (fs.statSync(file).size > max) throw new NotifyConfigError(`${file}: the ${what} is larger than ${max} bytes`);
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof NotifyConfigError) throw err;
    throw new NotifyConfigError(`${file}: cannot read the ${what} (${codeOf(err)})`);
  }
  return text;
}

export function loadNotifyConfig(file: string): LoadedNotifyConfig {
  const parsed = parseNotifyConfig(readText(file, MAX_CONFIG_BYTES, 'notify config'));
  if (!parsed.ok) throw new NotifyConfigError(parsed.problems.map((p) => `${file}:${p.line}: ${p.message}`).join('\n'));
  const channels = new Map<string, DeliveryChannel>();
  for (const [name, c] of Object.entries(parsed.config.channels)) {
    let routingKey: Secret | undefined;
    if (c.routingKeyFile !== undefined) {
      const keyFile = path.resolve(path.dirname(file), c.routingKeyFile);
      const key = readText(keyFile, MAX_KEY_BYTES, `routing key file of channel ${name}`).trim();
      if (key === '') throw new NotifyConfigError(`${keyFile}: the routing key file of channel ${name} is empty`);
      routingKey = new Secret(key);
    }
    channels.set(name, {
      name, type: c.type, url: new Secret(c.url), severity: c.severity ?? DEFAULT_PAGERDUTY_SEVERITY, notifyVerified: c.notifyVerified === true,
      ...(routingKey ? { routingKey } : {}),
    });
  }
  return { channels, ...(parsed.config.defaultChannel !== undefined ? { defaultChannel: parsed.config.defaultChannel } : {}) };
}
