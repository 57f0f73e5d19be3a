// Alertmanager webhook bodies (version 4) as Alertmanager 0.27 sends them, for the alert tests.

export const FINGERPRINT = '3e5d0a4c1b2f6a7d';
export const STARTS_AT = '2026-12-01T22:41:07.123456789Z';
/** What Alertmanager writes for an alert that has no end yet. */
export const NO_END = '0001-01-01T00:00:00Z';

export function alert(o: { status?: string; labels?: Record<string, string>; annotations?: Record<string, string>; fingerprint?: string; startsAt?: string; endsAt?: string } = {}): Record<string, unknown> {
  return {
    status: o.status ?? 'firing',
    labels: o.labels ?? { alertname: 'PodNotReady', namespace: 'aiops-remediation-lab', pod: 'web-7d4b9-abcde', severity: 'critical' },
    annotations: o.annotations ?? { summary: 'web-7d4b9-abcde is not Ready', confidence: '0.9', probable_cause: 'pod_process_hung' },
    startsAt: o.startsAt ?? STARTS_AT,
    endsAt: o.endsAt ?? NO_END,
    generatorURL: 'http://prometheus.invalid/graph?g0.expr=kube_pod_status_ready%7Bcondition%3D%22false%22%7D',
    fingerprint: o.fingerprint ?? FINGERPRINT,
  };
}

export function body(alerts: unknown[] = [alert()], status = 'firing'): Record<string, unknown> {
  return {
    receiver: 'remediator',
    status,
    alerts,
    groupLabels: { alertname: 'PodNotReady' },
    commonLabels: { alertname: 'PodNotReady', namespace: 'aiops-remediation-lab' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.invalid:9093',
    version: '4',
    groupKey: '{}:{alertname="PodNotReady"}',
    truncatedAlerts: 0,
  };
}
