// The one reader of audit and history JSONL (the audit log, `--history` files, the local state file,
// the shared state's ConfigMap lines), with one policy: every complete, valid record is used; every
// other non-blank line is skipped and reported by its 1-based line number. The audit log also holds
// notification delivery attempts (lines with "type": "notification_attempt"): read apart, into `attempts`.
import type { AuditRecord } from '../model/audit';
import { isCutShortJsonObject } from './jsonPrefix';
import { isAttemptLine, readNotificationAttempt, type NotificationAttemptRecord } from './notificationAttempt';
import { readAuditRecord } from './shape';

export interface SkippedLine {
  /** 1-based line number. */
  line: number;
  reason: string;
  /**
   * A record cut short by an interrupted write (a prefix of a JSON object, possibly padded with NUL
   * bytes by a crash): it carries nothing a crash a moment earlier would not have lost too. Any other
   * skipped line is damage of unknown extent (garbage, a wrong shape) and `torn` is false.
   */
  torn: boolean;
}

export interface AuditParse {
  records: AuditRecord[];
  /** Notification delivery attempts, in file order (none in history and state files). */
  attempts: NotificationAttemptRecord[];
  skipped: SkippedLine[];
}

// Reasons never quote the line: it may hold anything, including terminal escapes or secrets.
function skippedLine(line: number, text: string): SkippedLine {
  const unpadded = text.replace(/\0+$/, '');
  if (unpadded.trim() === '' || isCutShortJsonObject(unpadded)) {
    return { line, reason: 'a record cut short by an interrupted write', torn: true };
  }
  return { line, reason: 'invalid JSON', torn: false };
}

/** The value of a line that is valid JSON once trailing NUL bytes are removed. */
function parsePadded(line: string): unknown {
  const unpadded = line.replace(/\0+$/, '');
  if (unpadded === line || unpadded.trim() === '') return undefined;
  try {
    return JSON.parse(unpadded);
  } catch {
    return undefined;
  }
}

/** Parses JSONL text (LF or CRLF). Never throws on content. */
export function parseAuditJsonl(text: string): AuditParse {
  const result: AuditParse = { records: [], attempts: [], skipped: [] };
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '');
    if (line.trim() === '') return;
    let value: unknown;
    let padded = false;
    try {
      value = JSON.parse(line);
    } catch {
      value = parsePadded(line);
      if (value === undefined) {
        result.skipped.push(skippedLine(i + 1, line));
        return;
      }
      padded = true;
    }
    if (isAttemptLine(value)) {
      const attempt = readNotificationAttempt(value);
      if (!attempt.ok) {
        result.skipped.push({ line: i + 1, reason: `not a notification attempt: ${attempt.reason}`, torn: false });
        return;
      }
      result.attempts.push(attempt.record);
    } else {
      const read = readAuditRecord(value);
      if (!read.ok) {
        result.skipped.push({ line: i + 1, reason: `not an audit record: ${read.reason}`, torn: false });
        return;
      }
      result.records.push(read.record);
    }
    // A whole record, then the NUL bytes of a write that never finished: use the one, report the other.
    if (padded) result.skipped.push({ line: i + 1, reason: 'NUL bytes after the record (an interrupted write)', torn: true });
  });
  return result;
}

/** Skipped lines that are not torn writes: history with one of these cannot be trusted for decisions. */
export function damagedLines(parse: Pick<AuditParse, 'skipped'> & Partial<AuditParse>): SkippedLine[] {
  return parse.skipped.filter((s) => !s.torn);
}

/** "FILE:3: skipped torn line (...)", one line for a report (stderr, the audit channel). */
export function skippedLineText(where: string, s: SkippedLine): string {
  return `${where}:${s.line}: skipped ${s.torn ? 'torn' : 'unreadable'} line (${s.reason})`;
}
