import * as path from 'path';
import { locatePath, parseDataText, snapshotFromText } from '../core/k8s/dataText';
import type { ClusterSnapshot } from '../core/k8s/types';
import type { AuditRecord } from '../core/model/audit';
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

/** The audit log (JSONL). A broken line is an error naming its line: history decides what may run. */
export function loadHistory(io: CliIO, file: string): AuditRecord[] {
  const text = readInput(io, file);
  const records: AuditRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let rec: Partial<AuditRecord>;
    try { rec = JSON.parse(line); } catch (err) {
      throw new InputError(`${file}:${i + 1}:1: invalid JSON in the audit log: ${(err as Error).message}`);
    }
    if (typeof rec !== 'object' || rec === null || typeof rec.time !== 'string' || Number.isNaN(Date.parse(rec.time))
      || typeof rec.runbook !== 'string' || typeof rec.outcome !== 'string' || typeof rec.target?.namespace !== 'string') {
      throw new InputError(`${file}:${i + 1}:1: an audit record needs time, runbook, target.namespace and outcome`);
    }
    records.push(rec as AuditRecord);
  });
  return records;
}
