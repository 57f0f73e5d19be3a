// The incident an Alertmanager alert stands for. Confidence defaults to 0 (missing or unreadable), so an
// alert that does not state its confidence can at most lead to a suggestion.
import type { TargetRef } from '../model/audit';
import type { Incident } from '../model/incident';
import { entry } from './jsonRead';
import type { Alert } from './payload';

export interface AlertIncident {
  incident: Incident;
  /** The alert's `alertname` label, when it has one. */
  alertname?: string;
  /** From the labels `namespace` and `pod`, `deployment` or `statefulset` (in that order of preference). */
  target?: TargetRef;
  /** The `namespace` label, also when no workload label names a target. */
  namespace?: string;
  /** Alertmanager says the alert stopped firing: cancel what is pending, resolve notifications. */
  resolved: boolean;
  /** Why a value was not taken from the alert (e.g. an unreadable confidence), in words. */
  notes: string[];
}

const TARGET_LABELS: readonly { label: string; kind: string }[] = [
  { label: 'pod', kind: 'Pod' },
  { label: 'deployment', kind: 'Deployment' },
  { label: 'statefulset', kind: 'StatefulSet' },
];

/** A plain decimal: no exponents, hex, signs or percent signs, which Number() would read or misread. */
const DECIMAL = /^(\d+(\.\d+)?|\.\d+)$/;

/** Prometheus drops empty labels; an empty value here means the same as none. */
function value(map: Readonly<Record<string, string>>, key: string): string | undefined {
  const v = entry(map, key);
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** Same fingerprint and start: the same firing, however often Alertmanager sends it. */
export function alertIncidentId(alert: Pick<Alert, 'fingerprint' | 'startsAt'>): string {
  return `${alert.fingerprint}@${alert.startsAt}`;
}

function confidenceOf(alert: Alert, notes: string[]): number {
  const fromAnnotation = value(alert.annotations, 'confidence');
  const text = fromAnnotation ?? value(alert.labels, 'confidence');
  if (text === undefined) return 0;
  const where = fromAnnotation !== undefined ? 'annotation' : 'label';
  const n = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 0 && n <= 1)) {
    notes.push(`the ${where} confidence is not a number from 0 to 1, so confidence is 0`);
    return 0;
  }
  return n;
}

function targetOf(alert: Alert, namespace: string | undefined): TargetRef | undefined {
  if (namespace === undefined) return undefined;
  for (const { label, kind } of TARGET_LABELS) {
    const name = value(alert.labels, label);
    if (name !== undefined) return { namespace, kind, name };
  }
  return undefined;
}

export function incidentFromAlert(alert: Alert): AlertIncident {
  const notes: string[] = [];
  const alertname = value(alert.labels, 'alertname');
  const symptom = value(alert.labels, 'symptom') ?? alertname;
  if (symptom === undefined) notes.push('the alert has neither a symptom nor an alertname label');
  const probableCause = value(alert.labels, 'probable_cause') ?? value(alert.annotations, 'probable_cause');
  const namespace = value(alert.labels, 'namespace');
  const target = targetOf(alert, namespace);
  const incident: Incident = {
    id: alertIncidentId(alert),
    symptom: symptom ?? '',
    ...(probableCause !== undefined ? { probableCause } : {}),
    confidence: confidenceOf(alert, notes),
  };
  return {
    incident,
    ...(alertname !== undefined ? { alertname } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    resolved: alert.status === 'resolved',
    notes,
  };
}
