// The intake journal (JSONL): serve answers Alertmanager 2xx only after every alert of the payload is
// here (one write, one fsync), so a crash after the answer loses none. An `alert` line is pending until a
// `done` line with its id follows; a restart replays the pending ones in order. One reader, own properties.
import { forEachJsonLine } from '../text/jsonLines';
import { JsonReader, own } from '../alerts/jsonRead';
import { readAlertValue, type Alert } from '../alerts/payload';

export interface JournalAlert {
  type: 'alert';
  /** Unique per received alert (not per incident: a re-sent alert is journaled again and deduplicated later). */
  id: string;
  receivedAt: string;
  alert: Alert;
}

export interface JournalDone {
  type: 'done';
  id: string;
  at: string;
  /** What became of it, in a word (the audit log has the details). */
  result: string;
}

export type JournalLine = JournalAlert | JournalDone;

export interface JournalState {
  pending: JournalAlert[];
  /** Lines that could not be read (a torn last line after a crash), 1-based. */
  skipped: { line: number; reason: string }[];
  doneCount: number;
}

function readLine(value: unknown): JournalLine | string {
  const r = new JsonReader();
  const o = r.object(value, '$');
  if (o === undefined) return 'not an object';
  const type = r.oneOf(o, 'type', ['alert', 'done'], '$');
  const id = r.string(o, 'id', '$', { nonEmpty: true });
  if (type === 'done') {
    const at = r.time(o, 'at', '$');
    const result = r.string(o, 'result', '$');
    if (id === undefined || at === undefined || result === undefined || r.failed) return r.reasons.map((x) => `${x.path} ${x.message}`).join('; ');
    return { type, id, at, result };
  }
  const receivedAt = r.time(o, 'receivedAt', '$');
  const alert = readAlertValue(own(o, 'alert'), '$.alert');
  if (!alert.ok) alert.reasons.forEach((x) => r.fail(x.path, x.message));
  if (type === undefined || id === undefined || receivedAt === undefined || !alert.ok || r.failed) {
    return r.reasons.map((x) => `${x.path} ${x.message}`).join('; ');
  }
  return { type, id, receivedAt, alert: alert.alert };
}

/** Replays the journal text. Never throws on content. */
export function journalState(text: string): JournalState {
  const alerts = new Map<string, JournalAlert>();
  const done = new Set<string>();
  const skipped: JournalState['skipped'] = [];
  forEachJsonLine(text, skipped, (value, line) => {
    const read = readLine(value);
    if (typeof read === 'string') {
      skipped.push({ line, reason: `not a journal line: ${read}` });
      return;
    }
    if (read.type === 'alert') {
      if (!alerts.has(read.id)) alerts.set(read.id, read);
    } else done.add(read.id);
  });
  return { pending: [...alerts.values()].filter((a) => !done.has(a.id)), skipped, doneCount: done.size };
}
