// Which runbooks answer an alert: `spec.triggers.alerts` names an alertname and labels that must carry
// exactly the given values. Runbooks without `triggers.alerts` never match an alert.
import type { AlertTrigger, Runbook } from '../model/runbook';
import { entry } from './jsonRead';
import type { Alert } from './payload';

export function alertTriggerMatches(trigger: AlertTrigger, labels: Readonly<Record<string, string>>): boolean {
  if (entry(labels, 'alertname') !== trigger.alertname) return false;
  const matchers = trigger.matchers ?? {};
  return Object.keys(matchers).every((label) => entry(labels, label) === entry(matchers, label));
}

/** The runbooks (in the order given) with at least one alert trigger matching this alert's labels. */
export function runbooksForAlert(runbooks: readonly Runbook[], alert: Pick<Alert, 'labels'>): Runbook[] {
  return runbooks.filter((rb) => (rb.spec.triggers.alerts ?? []).some((t) => alertTriggerMatches(t, alert.labels)));
}
