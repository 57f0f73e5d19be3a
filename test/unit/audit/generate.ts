// Seeded random histories of an audit JSONL file: appends through the writer, fragments left by killed
// writers (cut at any byte, also inside a multi-byte character, sometimes NUL-padded), blank lines,
// garbage, records of the wrong shape, CRLF lines. Each scenario knows what a reader must get back.
import type { AuditRecord } from '../../../src/core/model/audit';
import { safeJsonLine } from '../../../src/core/text/safe';
import { auditRecord } from '../../support/k8s';
import { prng } from '../../support/random';

export type Step = { kind: 'append'; records: AuditRecord[] } | { kind: 'raw'; bytes: Buffer };

export interface Scenario {
  steps: Step[];
  /** The file's bytes when every append starts on a fresh line (the writer's promise). */
  bytes: Buffer;
  /** Ids of the records a reader must return, in order. */
  records: string[];
  /** Lines a reader must skip and report. */
  skipped: { line: number; torn: boolean }[];
}

const PIECES = ['a', 'Z', '0', ' ', 'é', 'ß', '中文', '🙂', '"', '\\', '\u0007', '\u001b[31m', '\u2028', '\u202e', '\t', '{', '}', ':', ','];
const GARBAGE_START = ['x', '#', ';', '!', 'not json', '}', ']'];
const WRONG_SHAPE = ['{"id":"x"}', '42', '"text"', 'null', '[]', '[1,2]', '{"time":"2026-01-01T00:00:00Z"}', 'true'];

export function scenario(seed: number, length = 20): Scenario {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const text = (max: number) => Array.from({ length: Math.floor(rnd() * max) }, () => pick(PIECES)).join('');
  const chunks: Buffer[] = [];
  const steps: Step[] = [];
  const out: Scenario = { steps, bytes: Buffer.alloc(0), records: [], skipped: [] };
  let line = 1;
  let atLineStart = true;
  let n = 0;
  const nextRecord = () => auditRecord({ id: `s${seed}-r${n++}`, message: text(12) });
  /** Raw bytes begin on a fresh line, as every writer ensures before it writes. */
  const raw = (body: string | Buffer) => {
    const bytes = Buffer.concat([Buffer.from(atLineStart ? '' : '\n'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
    if (!atLineStart) line++;
    steps.push({ kind: 'raw', bytes });
    chunks.push(bytes);
  };
  const wholeLine = (body: string) => {
    raw(`${body}\n`);
    line++;
    atLineStart = true;
  };

  for (let i = 0; i < length; i++) {
    const r = rnd();
    if (r < 0.35) {
      const records = Array.from({ length: 1 + Math.floor(rnd() * 3) }, nextRecord);
      chunks.push(Buffer.from((atLineStart ? '' : '\n') + records.map((x) => safeJsonLine(x) + '\n').join(''), 'utf8'));
      if (!atLineStart) line++;
      steps.push({ kind: 'append', records });
      for (const x of records) out.records.push(x.id!);
      line += records.length;
      atLineStart = true;
    } else if (r < 0.6) {
      // A killed writer: its record cut at any byte; at the full length it is a complete record lacking its newline.
      const rec = nextRecord();
      const full = Buffer.from(JSON.stringify(rec), 'utf8');
      const cut = 1 + Math.floor(rnd() * full.length);
      const padding = rnd() < 0.2 ? Buffer.alloc(1 + Math.floor(rnd() * 8)) : Buffer.alloc(0);
      raw(Buffer.concat([full.subarray(0, cut), padding]));
      if (cut === full.length) out.records.push(rec.id!);
      if (cut < full.length || padding.length > 0) out.skipped.push({ line, torn: true });
      atLineStart = false;
    } else if (r < 0.7) {
      wholeLine(pick(['', ' ', '\t ', '\r']));
    } else if (r < 0.8) {
      wholeLine(pick(GARBAGE_START) + text(10).replace(/[\r\n]/g, ''));
      out.skipped.push({ line: line - 1, torn: false });
    } else if (r < 0.9) {
      wholeLine(pick(WRONG_SHAPE));
      out.skipped.push({ line: line - 1, torn: false });
    } else {
      const rec = nextRecord();
      wholeLine(`${JSON.stringify(rec)}\r`);
      out.records.push(rec.id!);
    }
  }
  out.bytes = Buffer.concat(chunks);
  return out;
}
