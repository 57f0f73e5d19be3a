export { incidentFromAlert, alertIncidentId, type AlertIncident } from './incident';
export { alertTriggerMatches, runbooksForAlert } from './match';
export { parseAlertmanagerBody, readAlertmanagerPayload, describeReasons, type Alert, type AlertmanagerPayload, type AlertStatus, type PayloadRead } from './payload';
export type { LocatedReason } from './jsonRead';
export { alertStep, alertSteps, type AlertStep } from './intake';
