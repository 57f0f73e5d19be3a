// The shape check for an audit record's `decisionInput` (what a decision read). A slice that does not fit
// never rejects its record (the record still counts for history and reports): it is replaced by
// `{ unreadable: why }` and replay lists the record as not replayable. Reasons name fields, never values.
import { snapshotFromList } from '../k8s/list';
import type { MetricReading } from '../metrics/readings';
import type { TargetRef } from '../model/audit';
import { DECISION_INPUT_VERSION, type DecisionInput, type RecordedDecisionInput, type SliceObject, type SliceTruncation } from '../model/decisionInput';
import type { Incident } from '../model/incident';
import type { EngineSettings } from '../guardrails/types';

class SliceShapeError extends Error {}
type Json = Record<string, unknown>;

/** Objects in one slice at most: far above what the writer keeps, so only a hand-made record hits it. */
export const MAX_SLICE_ITEMS = 1000;
const MAX_METRICS = 100;
const AT = 'decisionInput.';

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(o: Json, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function object(v: unknown, at: string): Json {
  if (!isObject(v)) throw new SliceShapeError(`${at} must be an object`);
  return v;
}

function str(o: Json, key: string, at: string): string {
  const v = own(o, key);
  if (typeof v !== 'string') throw new SliceShapeError(`${at}${key} must be a string`);
  return v;
}

function optStr(o: Json, key: string, at: string): { [k: string]: string } {
  return own(o, key) === undefined ? {} : { [key]: str(o, key, at) };
}

function num(o: Json, key: string, at: string): number {
  const v = own(o, key);
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SliceShapeError(`${at}${key} must be a number`);
  return v;
}

function count(o: Json, key: string, at: string): { [k: string]: number } {
  if (own(o, key) === undefined) return {};
  const v = num(o, key, at);
  if (!Number.isInteger(v) || v < 0) throw new SliceShapeError(`${at}${key} must be a count`);
  return { [key]: v };
}

function stringMap(v: unknown, at: string): Record<string, string> {
  const o = object(v, at);
  const out: Record<string, string> = {};
  for (const k of Object.keys(o)) {
    if (typeof o[k] !== 'string') throw new SliceShapeError(`${at} must map names to strings`);
    Object.defineProperty(out, k, { value: o[k], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function targetRef(v: unknown, at: string): TargetRef {
  const o = object(v, at);
  return { namespace: str(o, 'namespace', `${at}.`), kind: str(o, 'kind', `${at}.`), name: str(o, 'name', `${at}.`) };
}

function incident(v: unknown): Incident {
  const at = `${AT}incident.`;
  const o = object(v, `${AT}incident`);
  const confidence = num(o, 'confidence', at);
  if (confidence < 0 || confidence > 1) throw new SliceShapeError(`${at}confidence must be from 0 to 1`);
  return { id: str(o, 'id', at), symptom: str(o, 'symptom', at), confidence, ...optStr(o, 'probableCause', at), ...optStr(o, 'service', at) };
}

function settings(v: unknown): EngineSettings {
  const at = `${AT}settings.`;
  const o = object(v, `${AT}settings`);
  const label = object(own(o, 'restartLabel'), `${at}restartLabel`);
  const blocking = own(o, 'blockingAnnotations');
  if (!Array.isArray(blocking) || blocking.some((b) => typeof b !== 'string')) throw new SliceShapeError(`${at}blockingAnnotations must be a list of strings`);
  const killSwitch = own(o, 'killSwitch');
  if (typeof killSwitch !== 'boolean') throw new SliceShapeError(`${at}killSwitch must be true or false`);
  return {
    restartLabel: { key: str(label, 'key', `${at}restartLabel.`), value: str(label, 'value', `${at}restartLabel.`) },
    blockingAnnotations: blocking as string[], // checked just above
    killSwitch,
    inFlightWindowMs: num(o, 'inFlightWindowMs', at),
  };
}

function reading(v: unknown, at: string): MetricReading {
  const o = object(v, at);
  const p = `${at}.`;
  const query = optStr(o, 'query', p);
  const kind = own(o, 'kind');
  if (kind === 'value') return { kind, value: num(o, 'value', p), ...query };
  if (kind === 'no_data') return { kind, reason: str(o, 'reason', p), ...query };
  if (kind === 'error') return { kind, message: str(o, 'message', p), ...query };
  throw new SliceShapeError(`${p}kind must be one of value, no_data, error`);
}

function metrics(v: unknown): Record<string, MetricReading> {
  const o = object(v, `${AT}metrics`);
  const names = Object.keys(o);
  if (names.length > MAX_METRICS) throw new SliceShapeError(`${AT}metrics has more than ${MAX_METRICS} entries`);
  const out: Record<string, MetricReading> = {};
  for (const name of names) {
    Object.defineProperty(out, name, { value: reading(o[name], `${AT}metrics entry`), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function state(v: unknown): DecisionInput['state'] {
  const at = `${AT}state`;
  const o = object(v, at);
  const items = own(o, 'items');
  if (!Array.isArray(items)) throw new SliceShapeError(`${at}.items must be a list`);
  if (items.length > MAX_SLICE_ITEMS) throw new SliceShapeError(`${at}.items has more than ${MAX_SLICE_ITEMS} objects`);
  const { problems, snapshot } = snapshotFromList({ items });
  if (problems.length > 0) throw new SliceShapeError(`${at}.items[${String(problems[0].path[1] ?? '?')}] does not fit its kind`);
  const kept = snapshot.pods.length + snapshot.replicaSets.length + snapshot.deployments.length + (snapshot.statefulSets?.length ?? 0)
    + snapshot.podDisruptionBudgets.length + (snapshot.namespaces?.length ?? 0);
  if (kept !== items.length) throw new SliceShapeError(`${at}.items holds an object of a kind the engine does not read`);
  const takenAt = own(o, 'takenAt');
  if (takenAt !== undefined && (typeof takenAt !== 'string' || Number.isNaN(Date.parse(takenAt)))) throw new SliceShapeError(`${at}.takenAt is not a valid time`);
  return {
    ...(typeof takenAt === 'string' ? { takenAt } : {}),
    items: items as SliceObject[], // every item passed its kind's guard above
    ...(own(o, 'unreadableNamespaces') !== undefined ? { unreadableNamespaces: stringMap(own(o, 'unreadableNamespaces'), `${at}.unreadableNamespaces`) } : {}),
  };
}

function truncation(v: unknown): SliceTruncation {
  const at = `${AT}truncated.`;
  const o = object(v, `${AT}truncated`);
  return {
    ...count(o, 'pods', at), ...count(o, 'replicaSets', at), ...count(o, 'podDisruptionBudgets', at), ...count(o, 'metrics', at),
    reason: str(o, 'reason', at),
  };
}

function decisionInput(v: unknown): DecisionInput {
  const o = object(v, 'decisionInput');
  if (own(o, 'version') !== DECISION_INPUT_VERSION) throw new SliceShapeError(`${AT}version is not ${DECISION_INPUT_VERSION} (written by another version of Remediator)`);
  const decidedAt = str(o, 'decidedAt', AT);
  if (Number.isNaN(Date.parse(decidedAt))) throw new SliceShapeError(`${AT}decidedAt is not a valid time`);
  return {
    version: DECISION_INPUT_VERSION,
    request: targetRef(own(o, 'request'), `${AT}request`),
    decidedAt,
    incident: incident(own(o, 'incident')),
    settings: settings(own(o, 'settings')),
    ...(own(o, 'metrics') !== undefined ? { metrics: metrics(own(o, 'metrics')) } : {}),
    state: state(own(o, 'state')),
    ...(own(o, 'truncated') !== undefined ? { truncated: truncation(own(o, 'truncated')) } : {}),
  };
}

/** The typed slice, or `{ unreadable }` naming the first field that does not fit. Never throws on content. */
export function readDecisionInput(value: unknown): RecordedDecisionInput {
  try {
    return decisionInput(value);
  } catch (err) {
    if (err instanceof SliceShapeError) return { unreadable: err.message };
    throw err;
  }
}
