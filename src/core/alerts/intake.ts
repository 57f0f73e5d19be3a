// One step per alert of a webhook payload: what serve does with it. A firing alert with matching runbooks
// is decided by each of them; one without is recorded as `manual` (and goes to the default channel);
// a resolved alert cancels what is pending for its incident and resolves its notifications.
import type { Runbook } from '../model/runbook';
import { incidentFromAlert, type AlertIncident } from './incident';
import { runbooksForAlert } from './match';
import type { Alert, AlertmanagerPayload } from './payload';

export type AlertStep =
  | { kind: 'decide'; alert: Alert; derived: AlertIncident; runbooks: Runbook[] }
  | { kind: 'manual'; alert: Alert; derived: AlertIncident; why: string }
  | { kind: 'resolve'; alert: Alert; derived: AlertIncident };

/** What to do with one alert. */
export function alertStep(alert: Alert, runbooks: readonly Runbook[]): AlertStep {
  const derived = incidentFromAlert(alert);
  if (derived.resolved) return { kind: 'resolve', alert, derived };
  const matched = runbooksForAlert(runbooks, alert);
  if (matched.length === 0) return { kind: 'manual', alert, derived, why: `no runbook answers alert ${derived.alertname ?? '(without alertname)'}` };
  if (!derived.target) return { kind: 'manual', alert, derived, why: 'the alert names no target (labels namespace and pod, deployment or statefulset)' };
  return { kind: 'decide', alert, derived, runbooks: matched };
}

export function alertSteps(payload: AlertmanagerPayload, runbooks: readonly Runbook[]): AlertStep[] {
  return payload.alerts.map((alert) => alertStep(alert, runbooks));
}
