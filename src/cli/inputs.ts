import * as path from 'path';
import { locatePath, parseDataText, snapshotFromText } from '../core/k8s/dataText';
import type { ClusterSnapshot } from '../core/k8s/types';
import type { AuditRecord } from '../core/model/audit';
import { damagedLines, parseAuditJsonl, skippedLineText } from '../core/audit/jsonl';
import type { Incident } from '../core/model/incident';
import { InputError, type CliIO } from './io';

export function readInput(io: CliIO, file: string): string {
  try {
    return io.readFile(path.resolve(io.cwd, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? String(err)})`);
  }
}

/** 1-based line:col of a path inside a JSON/YAML text, for error messages; undefined when it cannot be found. */
export function locate(text: string, at: (string | number)[]): string | undefined {
  const pos = locatePath(text, at);
  return pos ? `${pos.line}:${pos.col}` : undefined;
}

function parseData(file: string, text: string): unknown {
  const parsed = parseDataText(text);
  if (!parsed.ok) throw new InputError(`${file}:${parsed.line}:${parsed.col}: ${parsed.message}`);
  return parsed.value;
}

export function loadState(io: CliIO, file: string): ClusterSnapshot {
  const parsed = snapshotFromText(readInput(io, file));
  if (!parsed.ok) throw new InputError(`${file}:${parsed.line}:${parsed.col}: ${parsed.message}`);
  return parsed.value;
}

export function loadIncident(io: CliIO, file: string): Incident {
  const text = readInput(io, file);
  const data = parseData(file, text) as Record<string, unknown>;
  const bad = (field: string, what: string): never => {
    throw new InputError(`${file}:${locate(text, [field]) ?? locate(text, []) ?? '1:1'}: incident ${field} ${what}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InputError(`${file}:1:1: an incident is a mapping { id, symptom, probableCause, confidence }`);
  if (typeof data.id !== 'string' || data.id === '') bad('id', 'must be a non-empty string');
  if (typeof data.symptom !== 'string' || data.symptom === '') bad('symptom', 'must be a non-empty string');
  if (data.probableCause !== undefined && typeof data.probableCause !== 'string') bad('probableCause', 'must be a string');
  if (typeof data.confidence !== 'number' || !(data.confidence >= 0 && data.confidence <= 1)) bad('confidence', 'must be a number from 0 to 1');
  if (data.service !== undefined && typeof data.service !== 'string') bad('service', 'must be a string');
  return {
    id: data.id as string, symptom: data.symptom as string, confidence: data.confidence as number,
    ...(data.probableCause !== undefined ? { probableCause: data.probableCause as string } : {}),
    ...(data.service !== undefined ? { service: data.service as string } : {}),
  };
}

/**
 * The audit log (JSONL) as history, through the one reader (src/core/audit/jsonl.ts). A torn line (a
 * record cut short by a killed writer) is reported on stderr and left out; any other broken line is an
 * error naming its line, because cooldown, rate limit and circuit breaker must not pass on a hole.
 */
export function loadHistory(io: CliIO, file: string): AuditRecord[] {
  const parse = parseAuditJsonl(readInput(io, file));
  const damaged = damagedLines(parse);
  if (damaged.length > 0) {
    const more = damaged.length > 1 ? ` (${damaged.length - 1} more broken line(s) after it)` : '';
    throw new InputError(`${file}:${damaged[0].line}:1: ${damaged[0].reason}${more}; history with a broken line cannot be trusted for cooldown, rate-limit and circuit-breaker decisions: fix or delete the line`);
  }
  for (const s of parse.skipped) io.stderr(`${skippedLineText(file, s)}\n`);
  return parse.records;
}
