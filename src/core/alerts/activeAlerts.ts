// Alertmanager's API v2 list of alerts (GET /api/v2/alerts), read into the webhook's Alert shape so
// serve's intake functions read both alike. Every listed alert is firing (the list holds active alerts;
// one whose endsAt passed is gone from it). Shape-checked with the one located reader, own properties only;
// an entry that does not read is skipped and counted, so one odd alert does not hide the others.
import { JsonReader, childPath, type LocatedReason } from './jsonRead';
import type { Alert } from './payload';

export type ActiveAlertsRead =
  | { ok: true; alerts: Alert[]; skipped: number; reasons: LocatedReason[] }
  | { ok: false; reasons: LocatedReason[] };

const FINGERPRINT = /^[0-9a-fA-F]{1,64}$/;

function readOne(r: JsonReader, v: unknown, path: string): Alert | undefined {
  const o = r.object(v, path);
  if (o === undefined) return undefined;
  const labels = r.stringMap(o, 'labels', path);
  const annotations = r.stringMap(o, 'annotations', path, { optional: true });
  const startsAt = r.time(o, 'startsAt', path);
  const endsAt = r.time(o, 'endsAt', path);
  const generatorURL = r.string(o, 'generatorURL', path, { optional: true }) ?? '';
  const raw = r.string(o, 'fingerprint', path);
  const fingerprint = raw !== undefined && !FINGERPRINT.test(raw) ? r.fail(childPath(path, 'fingerprint'), 'must be 1 to 64 hexadecimal digits') : raw;
  if (labels === undefined || annotations === undefined || startsAt === undefined || endsAt === undefined || fingerprint === undefined) return undefined;
  return { status: 'firing', labels, annotations, startsAt, endsAt, generatorURL, fingerprint };
}

/** Reads a parsed GET /api/v2/alerts answer. Never throws; not a list at all is the one failure. */
export function readActiveAlerts(value: unknown): ActiveAlertsRead {
  if (!Array.isArray(value)) return { ok: false, reasons: [{ path: '$', message: 'must be a list of alerts' }] };
  const r = new JsonReader();
  const alerts: Alert[] = [];
  let skipped = 0;
  value.forEach((v, i) => {
    // Each entry gets its own reader, so its reasons never make a good entry fail.
    const one = new JsonReader();
    const alert = readOne(one, v, childPath('$', i));
    if (alert && !one.failed) alerts.push(alert);
    else {
      skipped++;
      for (const x of one.reasons) r.fail(x.path, x.message);
    }
  });
  return { ok: true, alerts, skipped, reasons: r.reasons };
}

/** Parses and reads the answer's text; malformed JSON is one reason at `$`. Never throws. */
export function parseActiveAlerts(text: string): ActiveAlertsRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reasons: [{ path: '$', message: 'is not valid JSON' }] };
  }
  return readActiveAlerts(value);
}
