// serve's metrics in Prometheus text format through prom-client, on a registry of its own (no process
// globals shared with anything else in the same process, e.g. two servers in one test).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { METRIC_NAMES, type ServeMetrics } from '../../core/serve/metrics';

export interface PrometheusServeMetrics extends ServeMetrics {
  contentType: string;
  text(): Promise<string>;
}

const SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export function prometheusServeMetrics(options: { processMetrics?: boolean } = {}): PrometheusServeMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'remediator_' });
  const r = [registry];
  const remediations = new Counter({ name: METRIC_NAMES.remediations, help: 'Remediation attempts by runbook and final outcome.', labelNames: ['runbook', 'outcome'], registers: r });
  const decisions = new Counter({ name: METRIC_NAMES.decisions, help: 'Decisions by decision mode.', labelNames: ['mode'], registers: r });
  const blocks = new Counter({ name: METRIC_NAMES.guardrailBlocks, help: 'Guardrails that failed or could not be evaluated in a decision that did not act.', labelNames: ['guardrail'], registers: r });
  const toDecision = new Histogram({ name: METRIC_NAMES.alertToDecision, help: 'Seconds from receiving an alert to its first recorded decision.', buckets: SECONDS_BUCKETS, registers: r });
  const toRecover = new Histogram({ name: METRIC_NAMES.timeToRecover, help: 'Seconds from the alert starting to fire to a verified remediation.', buckets: SECONDS_BUCKETS, registers: r });
  const escalations = new Counter({ name: METRIC_NAMES.escalations, help: 'Notifications by channel and result.', labelNames: ['channel', 'result'], registers: r });
  const depth = new Gauge({ name: METRIC_NAMES.queueDepth, help: 'Alerts waiting or being handled.', registers: r });
  const received = new Counter({ name: METRIC_NAMES.alertsReceived, help: 'Alerts accepted from Alertmanager by status.', labelNames: ['status'], registers: r });
  const requests = new Counter({ name: METRIC_NAMES.requests, help: 'HTTP requests by route and status code.', labelNames: ['route', 'code'], registers: r });
  const leader = new Gauge({ name: METRIC_NAMES.leader, help: 'Whether this replica holds the leader Lease (1) or is a standby (0).', registers: r });
  return {
    contentType: registry.contentType,
    text: () => registry.metrics(),
    remediation: (runbook, outcome) => remediations.inc({ runbook, outcome }),
    decision: (mode) => decisions.inc({ mode }),
    guardrailBlock: (guardrail) => blocks.inc({ guardrail }),
    alertToDecision: (s) => toDecision.observe(s),
    timeToRecover: (s) => toRecover.observe(s),
    escalation: (channel, result) => escalations.inc({ channel, result }),
    queueDepth: (d) => depth.set(d),
    alertsReceived: (status, count) => received.inc({ status }, count),
    request: (route, status) => requests.inc({ route, code: String(status) }),
    leader: (isLeader) => leader.set(isLeader ? 1 : 0),
  };
}
