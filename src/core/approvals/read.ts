// The one reader for approvals read back from the cluster (a ConfigMap anyone with write access could
// have edited): every field the typed Approval promises is checked; reasons name the field, not its value.
import { APPROVAL_STATUSES, MAX_APPROVAL_RUNBOOK_BYTES, type Approval, type ApprovalStatus } from './approval';
import type { ApprovalPayload } from '../engine/plan';

export type ApprovalRead = { ok: true; approval: Approval } | { ok: false; reason: string };

type Json = Record<string, unknown>;
class ShapeError extends Error {}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: Json, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

function str(o: Json, k: string, at = ''): string {
  const v = own(o, k);
  if (typeof v !== 'string' || v.length === 0) throw new ShapeError(`${at}${k} must be a non-empty string`);
  return v;
}
function opt(o: Json, k: string, at = ''): string | undefined {
  return own(o, k) === undefined ? undefined : str(o, k, at);
}
function time(o: Json, k: string): string {
  const v = str(o, k);
  if (Number.isNaN(Date.parse(v))) throw new ShapeError(`${k} is not a valid time`);
  return v;
}

export function readApproval(value: unknown): ApprovalRead {
  try {
    if (!isObject(value)) throw new ShapeError('the approval must be an object');
    const target = own(value, 'target');
    if (!isObject(target)) throw new ShapeError('target must be an object');
    const incident = own(value, 'incident');
    if (!isObject(incident)) throw new ShapeError('incident must be an object');
    const confidence = own(incident, 'confidence');
    if (typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) throw new ShapeError('incident.confidence must be a number in [0, 1]');
    const status = str(value, 'status');
    if (!(APPROVAL_STATUSES as readonly string[]).includes(status)) throw new ShapeError(`status must be one of ${APPROVAL_STATUSES.join(', ')}`);
    const runbookText = str(value, 'runbookText');
    if (Buffer.byteLength(runbookText) > MAX_APPROVAL_RUNBOOK_BYTES) throw new ShapeError('runbookText is larger than the runbook limit');
    const payload = own(value, 'payload');
    if (payload !== undefined && !isObject(payload)) throw new ShapeError('payload must be an object');
    const probableCause = opt(incident, 'probableCause', 'incident.');
    const service = opt(incident, 'service', 'incident.');
    const approval: Approval = {
      id: str(value, 'id'), runbook: str(value, 'runbook'), runbookText,
      target: { namespace: str(target, 'namespace', 'target.'), kind: str(target, 'kind', 'target.'), name: str(target, 'name', 'target.') },
      incident: { id: str(incident, 'id', 'incident.'), symptom: str(incident, 'symptom', 'incident.'), confidence, ...(probableCause ? { probableCause } : {}), ...(service ? { service } : {}) },
      sentence: str(value, 'sentence'), action: str(value, 'action'),
      requestedAt: time(value, 'requestedAt'), expiresAt: time(value, 'expiresAt'), requestedBy: str(value, 'requestedBy'),
      status: status as ApprovalStatus,
    };
    const identity = opt(value, 'identity');
    if (identity) approval.identity = identity;
    // Shown to the approver only (escaped on output); the decision itself is re-made from the runbook.
    if (payload) approval.payload = payload as unknown as ApprovalPayload;
    for (const k of ['decidedBy', 'reason'] as const) { const v = opt(value, k); if (v) approval[k] = v; }
    if (own(value, 'decidedAt') !== undefined) approval.decidedAt = time(value, 'decidedAt');
    return { ok: true, approval };
  } catch (err) {
    if (err instanceof ShapeError) return { ok: false, reason: err.message };
    throw err;
  }
}
