// The one reader of a stored incident ledger entry (it crosses the cluster boundary as ConfigMap data,
// which anyone allowed to edit ConfigMaps there can change). Own properties only; never throws.
import { JsonReader, childPath, hasOwn, own } from '../alerts/jsonRead';
import { readAuditRecord } from '../audit/shape';
import type { AuditRecord } from '../model/audit';
import { readAlertValue, type Alert } from '../alerts/payload';
import { INCIDENT_PHASES, type IncidentEntry } from './ledger';

export type EntryRead = { ok: true; entry: IncidentEntry } | { ok: false; reason: string };

export function readIncidentEntry(value: unknown): EntryRead {
  const r = new JsonReader();
  const o = r.object(value, '$');
  if (o === undefined) return { ok: false, reason: '$ must be an object' };
  const key = r.string(o, 'key', '$', { nonEmpty: true });
  const h = r.object(own(o, 'holder'), '$.holder');
  const instance = h ? r.string(h, 'instance', '$.holder', { nonEmpty: true }) : undefined;
  const life = h ? r.string(h, 'life', '$.holder', { nonEmpty: true }) : undefined;
  const phase = r.oneOf(o, 'phase', INCIDENT_PHASES, '$');
  const claimedAt = r.time(o, 'claimedAt', '$');
  const expiresAt = r.time(o, 'expiresAt', '$');
  const outcome = r.string(o, 'outcome', '$', { optional: true });
  const runbook = r.string(o, 'runbook', '$', { optional: true });
  const resolvedAt = hasOwn(o, 'resolvedAt') ? r.time(o, 'resolvedAt', '$') : undefined;
  let notified: string[] | undefined;
  if (hasOwn(o, 'notified')) {
    const list = r.list(o, 'notified', '$');
    notified = list?.filter((v, i): v is string => (typeof v === 'string' ? true : (r.fail(childPath('$.notified', i), 'must be a string'), false)));
  }
  const receivedAt = hasOwn(o, 'receivedAt') ? r.time(o, 'receivedAt', '$') : undefined;
  const doneAt = hasOwn(o, 'doneAt') ? r.time(o, 'doneAt', '$') : undefined;
  const seenAt = hasOwn(o, 'seenAt') ? r.time(o, 'seenAt', '$') : undefined;
  let alert: Alert | undefined;
  if (hasOwn(o, 'alert')) {
    const read = readAlertValue(own(o, 'alert'), '$.alert');
    if (read.ok) alert = read.alert;
    else read.reasons.forEach((x) => r.fail(x.path, x.message));
  }
  let executed: AuditRecord | undefined;
  if (hasOwn(o, 'executed')) {
    const read = readAuditRecord(own(o, 'executed'));
    if (read.ok) executed = read.record;
    else r.fail('$.executed', `is not an audit record (${read.reason})`);
  }
  if (key === undefined || instance === undefined || life === undefined || phase === undefined || claimedAt === undefined
    || expiresAt === undefined || r.failed) {
    return { ok: false, reason: r.reasons.map((x) => `${x.path} ${x.message}`).join('; ') };
  }
  return {
    ok: true,
    entry: {
      key, holder: { instance, life }, phase, claimedAt, expiresAt,
      ...(outcome !== undefined ? { outcome } : {}), ...(runbook !== undefined ? { runbook } : {}),
      ...(executed !== undefined ? { executed } : {}), ...(notified !== undefined ? { notified } : {}),
      ...(resolvedAt !== undefined ? { resolvedAt } : {}), ...(alert !== undefined ? { alert } : {}),
      ...(receivedAt !== undefined ? { receivedAt } : {}), ...(doneAt !== undefined ? { doneAt } : {}),
      ...(seenAt !== undefined ? { seenAt } : {}),
    },
  };
}
