import * as path from 'path';
import { INCIDENT_LIMITS, MAX_STATE_BYTES, parseDataText, snapshotFromText, tooLargeMessage } from '../core/k8s/dataText';
import type { ClusterSnapshot } from '../core/k8s/types';
import type { AuditRecord } from '../core/model/audit';
import { damagedLines, parseAuditJsonl, skippedLineText } from '../core/audit/jsonl';
import type { Incident } from '../core/model/incident';
import { MAX_FILE_BYTES } from '../core/runbook/yamlRead';
import { InputError, type CliIO } from './io';
import { FileTooLargeError } from './readBounded';

/** What a verb reads, and the most it reads of it. */
export interface InputKind { maxBytes: number; what: string }

/** Runbooks (and remediation_policy files) are small; see MAX_FILE_BYTES. */
export const RUNBOOK_INPUT: InputKind = { maxBytes: MAX_FILE_BYTES, what: 'a runbook file' };
/** A saved state can be kubectl output of a large cluster: 64 MiB. */
export const STATE_INPUT: InputKind = { maxBytes: MAX_STATE_BYTES, what: 'a saved cluster state' };
export const INCIDENT_INPUT: InputKind = { maxBytes: INCIDENT_LIMITS.maxBytes, what: 'an incident file' };
export const METRICS_INPUT: InputKind = { maxBytes: INCIDENT_LIMITS.maxBytes, what: 'a metrics file' };
/** Anything else a verb reads (an audit history): the same bound as a saved state. */
export const MAX_INPUT_BYTES = MAX_STATE_BYTES;
const OTHER_INPUT: InputKind = { maxBytes: MAX_INPUT_BYTES, what: 'an input file' };

/** "FILE: larger than 1 MiB (the limit for a runbook file); refused before parsing". */
export function tooLargeProblem(file: string, kind: InputKind): string {
  return `${file}: ${tooLargeMessage(kind.maxBytes, kind.what)}`;
}

/** Why a file could not be read, in words: "no such file", "it is a directory", or the system's code. */
export function unreadableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code ?? String(err);
}

/**
 * The one way a verb reads a file: bounded by `kind.maxBytes` (the process reader stops at the limit;
 * the length is checked again here for readers that cannot stop early). Throws FileTooLargeError or
 * the system's error; readInput turns both into an InputError.
 */
export function readBounded(io: CliIO, file: string, kind: InputKind): string {
  const text = io.readFile(path.resolve(io.cwd, file), kind.maxBytes);
  if (text.length > kind.maxBytes || Buffer.byteLength(text, 'utf8') > kind.maxBytes) throw new FileTooLargeError(kind.maxBytes);
  return text;
}

export function readInput(io: CliIO, file: string, kind: InputKind = OTHER_INPUT): string {
  try {
    return readBounded(io, file, kind);
  } catch (err) {
    if (err instanceof FileTooLargeError) throw new InputError(tooLargeProblem(file, kind));
    throw new InputError(`${file}: cannot read (${unreadableReason(err)})`);
  }
}

export function loadState(io: CliIO, file: string): ClusterSnapshot {
  const parsed = snapshotFromText(readInput(io, file, STATE_INPUT));
  if (!parsed.ok) throw new InputError(`${file}:${parsed.line}:${parsed.col}: ${parsed.message}`);
  return parsed.value;
}

export function loadIncident(io: CliIO, file: string): Incident {
  const parsed = parseDataText(readInput(io, file, INCIDENT_INPUT), INCIDENT_LIMITS);
  if (!parsed.ok) throw new InputError(`${file}:${parsed.line}:${parsed.col}: ${parsed.message}`);
  const data = parsed.value as Record<string, unknown>;
  const bad = (field: string, what: string): never => {
    const at = parsed.locate([field]);
    throw new InputError(`${file}:${at.line}:${at.col}: incident ${field} ${what}`);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new InputError(`${file}:1:1: an incident is a mapping { id, symptom, probableCause, confidence }`);
  const field = (name: string): unknown => (Object.hasOwn(data, name) ? data[name] : undefined);
  const [id, symptom, probableCause, confidence, service] = ['id', 'symptom', 'probableCause', 'confidence', 'service'].map(field);
  if (typeof id !== 'string' || id === '') bad('id', 'must be a non-empty string');
  if (typeof symptom !== 'string' || symptom === '') bad('symptom', 'must be a non-empty string');
  if (probableCause !== undefined && typeof probableCause !== 'string') bad('probableCause', 'must be a string');
  if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) bad('confidence', 'must be a number from 0 to 1');
  if (service !== undefined && typeof service !== 'string') bad('service', 'must be a string');
  return {
    id: id as string, symptom: symptom as string, confidence: confidence as number,
    ...(probableCause !== undefined ? { probableCause: probableCause as string } : {}),
    ...(service !== undefined ? { service: service as string } : {}),
  };
}

/** simulate's --metrics: a mapping of metric name to number (JSON or YAML), the values preconditions compare. */
export function loadMetrics(io: CliIO, file: string): Record<string, number> {
  const parsed = parseDataText(readInput(io, file, METRICS_INPUT), INCIDENT_LIMITS);
  if (!parsed.ok) throw new InputError(`${file}:${parsed.line}:${parsed.col}: ${parsed.message}`);
  const data = parsed.value;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`${file}:1:1: metrics are a mapping of name to number, such as { errors-present: 0.3 }`);
  }
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      const at = parsed.locate([name]);
      throw new InputError(`${file}:${at.line}:${at.col}: metric ${name} must be a number`);
    }
    metrics[name] = value;
  }
  return metrics;
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
