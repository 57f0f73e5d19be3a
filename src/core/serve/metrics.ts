// What serve counts, by name and labels: one interface, so the Prometheus client behind it is one
// adapter file (src/adapters/serve/metrics.ts) and core tests count in memory.
import type { Outcome, PlanMode } from '../model/audit';

export const METRIC_NAMES = {
  remediations: 'remediator_remediations_total',
  decisions: 'remediator_decisions_total',
  guardrailBlocks: 'remediator_guardrail_blocks_total',
  alertToDecision: 'remediator_alert_to_decision_seconds',
  timeToRecover: 'remediator_time_to_recover_seconds',
  escalations: 'remediator_escalations_total',
  queueDepth: 'remediator_queue_depth',
  alertsReceived: 'remediator_alerts_received_total',
  requests: 'remediator_http_requests_total',
  leader: 'remediator_leader',
} as const;

export interface ServeMetrics {
  /** A remediation attempt ended (its last record's outcome). */
  remediation(runbook: string, outcome: Outcome | 'resolved_before_action' | 'manual'): void;
  decision(mode: PlanMode): void;
  /** A guardrail that failed or could not be evaluated in a decision that did not act. */
  guardrailBlock(guardrail: string): void;
  /** Alert received -> first decision recorded. */
  alertToDecision(seconds: number): void;
  /** Alert started firing -> verified. */
  timeToRecover(seconds: number): void;
  /** result: queued | delivered | retry | rejected | abandoned | skipped. */
  escalation(channel: string, result: string): void;
  queueDepth(depth: number): void;
  alertsReceived(status: string, count: number): void;
  request(route: string, status: number): void;
  /** This replica holds the leader Lease (1) or is a standby (0). */
  leader(isLeader: boolean): void;
}

/** Counts nothing (tests that do not look at metrics). */
export const noMetrics: ServeMetrics = {
  remediation: () => undefined, decision: () => undefined, guardrailBlock: () => undefined, alertToDecision: () => undefined,
  timeToRecover: () => undefined, escalation: () => undefined, queueDepth: () => undefined, alertsReceived: () => undefined,
  request: () => undefined, leader: () => undefined,
};
