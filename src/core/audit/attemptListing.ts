// The audit listing (`remediator audit`, the editor's audit log): the decision records a filter picks, in
// file order, each incident's notification delivery attempts right after the last picked record of that
// incident, so a reader sees what was decided and who was told. Attempts of an incident that has no
// decision record in the log (its decision was written elsewhere, or lost) come last, grouped by incident,
// and only when the filter asks nothing an attempt cannot answer (runbook, service, outcome, id).
import type { AuditRecord } from '../model/audit';
import { safeLine } from '../text/safe';
import { filterAudit, type AuditFilter } from './filter';
import type { NotificationAttemptRecord } from './notificationAttempt';
import { auditLine } from './record';

export type ListingEntry =
  | { kind: 'record'; record: AuditRecord }
  | {
    kind: 'attempts';
    /** '' when the attempts name no incident. */
    incidentId: string;
    attempts: NotificationAttemptRecord[];
    /** No decision record of this incident is in the log. */
    withoutRecord: boolean;
  };

export interface AuditListing {
  entries: ListingEntry[];
  records: number;
  attempts: number;
}

/** An incident id both sides can be joined on: a record without one has '' (the reader's default). */
function joinable(id: unknown): id is string {
  return typeof id === 'string' && id !== '';
}

function byIncident(attempts: readonly NotificationAttemptRecord[]): Map<string, NotificationAttemptRecord[]> {
  const groups = new Map<string, NotificationAttemptRecord[]>();
  for (const a of attempts) {
    const key = joinable(a.incidentId) ? a.incidentId : '';
    const group = groups.get(key);
    if (group) group.push(a); else groups.set(key, [a]);
  }
  return groups;
}

/** Records and attempts as they are listed, for a filter of the records (see the file comment). */
export function auditListing(records: readonly AuditRecord[], attempts: readonly NotificationAttemptRecord[], filter: AuditFilter): AuditListing {
  const picked = filterAudit(records, filter);
  const groups = byIncident(attempts);
  const lastOf = new Map<string, number>();
  picked.forEach((r, i) => { if (joinable(r.incidentId)) lastOf.set(r.incidentId, i); });
  const entries: ListingEntry[] = [];
  let listedAttempts = 0;
  picked.forEach((record, i) => {
    entries.push({ kind: 'record', record });
    const group = joinable(record.incidentId) && lastOf.get(record.incidentId) === i ? groups.get(record.incidentId) : undefined;
    if (group) {
      entries.push({ kind: 'attempts', incidentId: record.incidentId, attempts: group, withoutRecord: false });
      listedAttempts += group.length;
    }
  });
  const recordOnly = Boolean(filter.runbook || filter.service || filter.outcome || filter.id);
  if (!recordOnly) {
    const recorded = new Set(records.map((r) => r.incidentId).filter(joinable));
    for (const [incidentId, group] of groups) {
      if (recorded.has(incidentId) || (filter.incident && filter.incident !== incidentId)) continue;
      entries.push({ kind: 'attempts', incidentId, attempts: group, withoutRecord: true });
      listedAttempts += group.length;
    }
  }
  return { entries, records: picked.length, attempts: listedAttempts };
}

/** A field as text, whatever a hand-edited line or a newer writer put there. */
function field(value: unknown): string {
  if (typeof value === 'string') return value === '' ? '?' : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '?';
}

/**
 * "2026-12-02T01:00:00.000Z notification pager trigger attempt 2: RETRY (HTTP 503), next attempt
 * 2026-12-02T01:00:03.000Z". One redacted, escaped line: the error text comes from a receiver or the network.
 */
export function attemptLine(a: NotificationAttemptRecord): string {
  const answer = [a.status !== undefined ? `HTTP ${field(a.status)}` : '', a.error !== undefined ? field(a.error) : ''].filter(Boolean).join(', ');
  const next = a.nextAttemptAt !== undefined ? `, next attempt ${field(a.nextAttemptAt)}` : '';
  return safeLine(`${field(a.time)} notification ${field(a.channel)} ${field(a.event)} attempt ${field(a.attempt)}: `
    + `${field(a.outcome).toUpperCase()}${answer ? ` (${answer})` : ''}${next}`);
}

/** The heading of attempts whose incident has no decision record in the log. */
export function orphanHeading(incidentId: string): string {
  return safeLine(`${incidentId === '' ? 'attempts naming no incident' : `incident ${incidentId}`}: no decision record in this log`);
}

/**
 * Every field of an attempt, one redacted, escaped line each ("HTTP status: 503"): the editor's tooltip
 * of an attempt row.
 */
export function attemptDetails(a: NotificationAttemptRecord): string[] {
  const rows: [string, unknown][] = [
    ['Incident', a.incidentId], ['Channel', a.channel], ['Event', a.event], ['Notification', a.notification], ['Attempt', a.attempt],
    ['Outcome', a.outcome], ['Time', a.time],
  ];
  if (a.status !== undefined) rows.push(['HTTP status', a.status]);
  if (a.error !== undefined) rows.push(['Error', a.error]);
  if (a.nextAttemptAt !== undefined) rows.push(['Next attempt', a.nextAttemptAt]);
  return rows.map(([name, value]) => safeLine(`${name}: ${field(value)}`));
}

export interface ListingRow {
  line: string;
  /** An attempt row's details (attemptDetails); none for records and headings. */
  details?: string[];
}

/**
 * The listing as rows, each one redacted, escaped line (so row n is line n of a document): a record's audit
 * line, then its incident's attempts indented under it.
 */
export function auditListingRows(listing: AuditListing): ListingRow[] {
  return listing.entries.flatMap((e): ListingRow[] => {
    if (e.kind === 'record') return [{ line: safeLine(auditLine(e.record)) }];
    const rows = e.attempts.map((a) => ({ line: `  ${attemptLine(a)}`, details: attemptDetails(a) }));
    return e.withoutRecord ? [{ line: orphanHeading(e.incidentId) }, ...rows] : rows;
  });
}

/** The listing as text lines (auditListingRows without the details). */
export function auditListingLines(listing: AuditListing): string[] {
  return auditListingRows(listing).map((r) => r.line);
}

/** The listing as JSON values: records as they are, attempts as their typed lines (`"type": "notification_attempt"`). */
export function auditListingJson(listing: AuditListing): (AuditRecord | NotificationAttemptRecord)[] {
  return listing.entries.flatMap((e): (AuditRecord | NotificationAttemptRecord)[] => (e.kind === 'record' ? [e.record] : e.attempts));
}
