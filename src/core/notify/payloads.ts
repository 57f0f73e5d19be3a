// The bodies sent to each channel type, built from one Notification. These are the documented shapes
// (tests check them field by field); the outbox stores them and sends them verbatim.
//
// PagerDuty Events API v2 (POST, 202 on success): routing_key is added at delivery, never stored.
//   trigger: { routing_key, event_action: "trigger", dedup_key: <incident id>, client: "Remediator",
//              payload: { summary, source: "<namespace>/<kind>/<name>", severity, component: <runbook>,
//                         group: <namespace>, class: <kind of notification>,
//                         custom_details: { decision, reason, mode, outcome, verdicts, plan } } }
//   resolve: { routing_key, event_action: "resolve", dedup_key: <incident id> }
// Slack incoming webhook: { text: <summary>, blocks: [decision, verdicts, action, outcome] } (mrkdwn sections).
// Generic webhook: { event, kind, incident, runbook, target, mode, outcome, reason, decision, verdicts, plan, time }.
import type { PagerDutySeverity } from './config';
import type { Notification, NotificationEvent, PlanSummary } from './notification';
import type { Verdict } from '../model/verdict';

/** PagerDuty refuses longer summaries and dedup keys. */
const PAGERDUTY_SUMMARY_MAX = 1024;
const PAGERDUTY_DEDUP_MAX = 255;
/** Slack refuses section texts longer than this. */
const SLACK_SECTION_MAX = 3000;

export type PagerDutyTrigger = {
  event_action: 'trigger';
  dedup_key: string;
  client: 'Remediator';
  payload: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    component: string;
    group: string;
    class: string;
    custom_details: { decision: string; reason: string; mode: string; outcome: string; verdicts: Verdict[]; plan: PlanSummary | null };
  };
};
export type PagerDutyResolve = { event_action: 'resolve'; dedup_key: string };
/** Without routing_key: the delivery adds it from the channel's key file. */
export type PagerDutyEvent = PagerDutyTrigger | PagerDutyResolve;

export type SlackBlock = { type: 'section'; text: { type: 'mrkdwn'; text: string } };
export type SlackMessage = { text: string; blocks: SlackBlock[] };

export type WebhookBody = {
  event: NotificationEvent;
  kind: Notification['kind'];
  incident: Notification['incident'];
  runbook: string;
  target: Notification['target'];
  mode: string;
  outcome: string;
  reason: string;
  decision: string;
  verdicts: Verdict[];
  plan: PlanSummary | null;
  time: string;
};

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function targetText(n: Notification): string {
  return `${n.target.namespace}/${n.target.kind.toLowerCase()}/${n.target.name}`;
}

const HEADLINE: Record<Notification['kind'], string> = {
  abort: 'Remediation blocked',
  manual: 'Manual remediation needed',
  suggest: 'Remediation suggested',
  approval_request: 'Approval requested',
  verification_failed: 'Remediation failed verification',
  inconclusive: 'Remediation could not be verified',
  error: 'Remediation error',
  verified: 'Remediation verified',
  resolved: 'Alert resolved',
};

/** One line: "Remediation blocked: replace-redundant-pod on ns/pod/web-1: <reason>". */
export function summaryLine(n: Notification): string {
  return `${HEADLINE[n.kind]}: ${n.runbook} on ${targetText(n)}: ${n.reason}`;
}

export function pagerDutyEvent(n: Notification, severity: PagerDutySeverity): PagerDutyEvent {
  const dedupKey = cut(n.incident.id, PAGERDUTY_DEDUP_MAX);
  if (n.event === 'resolve') return { event_action: 'resolve', dedup_key: dedupKey };
  return {
    event_action: 'trigger',
    dedup_key: dedupKey,
    client: 'Remediator',
    payload: {
      summary: cut(summaryLine(n), PAGERDUTY_SUMMARY_MAX),
      source: `${n.target.namespace}/${n.target.kind}/${n.target.name}`,
      severity,
      component: n.runbook,
      group: n.target.namespace,
      class: n.kind,
      custom_details: { decision: n.decision, reason: n.reason, mode: n.mode, outcome: n.outcome, verdicts: n.verdicts, plan: n.plan ?? null },
    },
  };
}

/** Slack mrkdwn treats &, < and > as markup; cluster-sourced text must not become links or mentions. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function section(title: string, body: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(`*${title}*\n${slackEscape(body)}`, SLACK_SECTION_MAX) } };
}

const VERDICT_MARK: Record<Verdict['status'], string> = { pass: 'pass', fail: 'FAIL', error: 'ERROR', skip: 'skip' };

function verdictLines(verdicts: readonly Verdict[]): string {
  const shown = verdicts.filter((v) => v.status !== 'skip');
  if (shown.length === 0) return 'no guardrail evaluated';
  return shown.map((v) => `• ${VERDICT_MARK[v.status]} ${v.guardrail}: ${v.reason}`).join('\n');
}

function actionText(n: Notification): string {
  if (!n.plan) return n.action.description ?? n.action.type;
  return `${n.plan.action}\nequivalent: ${n.plan.equivalentCommand}\nverify: ${n.plan.verification.join('; ') || 'nothing'} within ${n.plan.timeoutSeconds}s\nrollback: ${n.plan.rollback}`;
}

export function slackMessage(n: Notification): SlackMessage {
  return {
    text: slackEscape(summaryLine(n)),
    blocks: [
      section('Decision', n.decision),
      section('Guardrails', verdictLines(n.verdicts)),
      section('Action', actionText(n)),
      section('Outcome', `${n.outcome} (mode ${n.mode}) for ${targetText(n)}, incident ${n.incident.id}: ${n.reason}`),
    ],
  };
}

export function webhookBody(n: Notification): WebhookBody {
  return {
    event: n.event, kind: n.kind, incident: n.incident, runbook: n.runbook, target: n.target, mode: n.mode, outcome: n.outcome,
    reason: n.reason, decision: n.decision, verdicts: n.verdicts, plan: n.plan ?? null, time: n.time,
  };
}
