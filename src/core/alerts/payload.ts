// Alertmanager's webhook payload (version 4), read with one located reader. Unknown fields are ignored
// (Alertmanager may add some); every field this type promises is checked, own properties only.
import { JsonReader, type JsonObject, type LocatedReason, childPath } from './jsonRead';

export type AlertStatus = 'firing' | 'resolved';
export const ALERT_STATUSES: readonly AlertStatus[] = ['firing', 'resolved'];

export interface Alert {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** RFC 3339, as Alertmanager wrote it (kept verbatim: it is part of the incident id). */
  startsAt: string;
  /** `0001-01-01T00:00:00Z` while the alert fires without an end. */
  endsAt: string;
  generatorURL: string;
  /** Alertmanager's hash of the labels: the same alert always has the same fingerprint. */
  fingerprint: string;
}

export interface AlertmanagerPayload {
  version: '4';
  groupKey: string;
  /** How many alerts Alertmanager left out of this payload (max_alerts). */
  truncatedAlerts: number;
  status: AlertStatus;
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: Alert[];
}

export type PayloadRead = { ok: true; payload: AlertmanagerPayload } | { ok: false; reasons: LocatedReason[] };

/** Fingerprints are hex (Alertmanager prints 16 digits); they end up in incident ids and dedup keys. */
const FINGERPRINT = /^[0-9a-fA-F]{1,64}$/;

function readAlert(r: JsonReader, v: unknown, path: string): Alert | undefined {
  const o = r.object(v, path);
  if (o === undefined) return undefined;
  const raw = r.string(o, 'fingerprint', path);
  const fingerprint = raw !== undefined && !FINGERPRINT.test(raw) ? r.fail(childPath(path, 'fingerprint'), 'must be 1 to 64 hexadecimal digits') : raw;
  const alert = {
    status: r.oneOf(o, 'status', ALERT_STATUSES, path),
    labels: r.stringMap(o, 'labels', path),
    annotations: r.stringMap(o, 'annotations', path, { optional: true }),
    startsAt: r.time(o, 'startsAt', path),
    endsAt: r.time(o, 'endsAt', path),
    generatorURL: r.string(o, 'generatorURL', path, { optional: true }) ?? '',
    fingerprint,
  };
  const { status, labels, annotations, startsAt, endsAt, generatorURL } = alert;
  if (status === undefined || labels === undefined || annotations === undefined || startsAt === undefined
    || endsAt === undefined || fingerprint === undefined) return undefined;
  return { status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint };
}

function readPayload(r: JsonReader, o: JsonObject): AlertmanagerPayload | undefined {
  const version = r.oneOf(o, 'version', ['4'], '$');
  const groupKey = r.string(o, 'groupKey', '$');
  const truncatedAlerts = r.count(o, 'truncatedAlerts', '$');
  const status = r.oneOf(o, 'status', ALERT_STATUSES, '$');
  const receiver = r.string(o, 'receiver', '$');
  const groupLabels = r.stringMap(o, 'groupLabels', '$');
  const commonLabels = r.stringMap(o, 'commonLabels', '$');
  const commonAnnotations = r.stringMap(o, 'commonAnnotations', '$');
  const externalURL = r.string(o, 'externalURL', '$');
  const list = r.list(o, 'alerts', '$');
  const alerts: Alert[] = [];
  list?.forEach((v, i) => {
    const alert = readAlert(r, v, childPath('$.alerts', i));
    if (alert) alerts.push(alert);
  });
  if (version === undefined || groupKey === undefined || truncatedAlerts === undefined || status === undefined
    || receiver === undefined || groupLabels === undefined || commonLabels === undefined || commonAnnotations === undefined
    || externalURL === undefined || list === undefined || r.failed) return undefined;
  return { version, groupKey, truncatedAlerts, status, receiver, groupLabels, commonLabels, commonAnnotations, externalURL, alerts };
}

/** The one reader of Alertmanager webhook bodies (already JSON-parsed). Never throws. */
export function readAlertmanagerPayload(value: unknown): PayloadRead {
  const r = new JsonReader();
  const o = r.object(value, '$');
  const payload = o === undefined ? undefined : readPayload(r, o);
  return payload !== undefined && !r.failed ? { ok: true, payload } : { ok: false, reasons: r.reasons };
}

/** Parses and reads a webhook body; malformed JSON is one reason at `$`. Never throws. */
export function parseAlertmanagerBody(text: string): PayloadRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reasons: [{ path: '$', message: 'is not valid JSON' }] };
  }
  return readAlertmanagerPayload(value);
}

/** One line for an HTTP 400 answer or a log: `$.alerts[0].startsAt must be an RFC 3339 time; ...`. */
export function describeReasons(reasons: readonly LocatedReason[]): string {
  return reasons.map((x) => `${x.path} ${x.message}`).join('; ');
}

/** Reads one alert on its own (an intake journal line keeps each alert of a payload). Never throws. */
export function readAlertValue(value: unknown, path = '$'): { ok: true; alert: Alert } | { ok: false; reasons: LocatedReason[] } {
  const r = new JsonReader();
  const alert = readAlert(r, value, path);
  return alert !== undefined && !r.failed ? { ok: true, alert } : { ok: false, reasons: r.reasons };
}
