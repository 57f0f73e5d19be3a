import { strict as assert } from 'assert';
import { notificationFor, notificationKind, channelWants, planSummary } from '../../../src/core/notify/notification';
import { pagerDutyEvent, slackEscape, slackMessage, webhookBody } from '../../../src/core/notify/payloads';
import type { Outcome, PlanMode, VerificationStatus } from '../../../src/core/model/audit';
import { auditRecord } from '../../support/k8s';
import { labPlans, recordFor } from './support';

function blocked() {
  const { singleton } = labPlans();
  const n = notificationFor(recordFor(singleton, 'blocked'), singleton);
  if (!n) throw new Error('a blocked record calls for a notification');
  return { plan: singleton, n };
}

describe('notifications: which records call for one', () => {
  const table: [PlanMode, Outcome, VerificationStatus | undefined, ReturnType<typeof notificationKind>][] = [
    ['abort', 'blocked', undefined, 'abort'],
    ['manual', 'blocked', undefined, 'manual'],
    ['suggest', 'suggested', undefined, 'suggest'],
    ['approval_required', 'approval_pending', undefined, 'approval_request'],
    ['auto_execute', 'verification_failed', undefined, 'verification_failed'],
    ['auto_execute', 'rolled_back', undefined, 'verification_failed'],
    ['auto_execute', 'error', 'unobservable', 'inconclusive'],
    ['auto_execute', 'error', undefined, 'error'],
    ['auto_execute', 'verified', 'verified', 'verified'],
    ['auto_execute', 'executed', undefined, undefined],
    ['auto_execute', 'dry_run', undefined, undefined],
  ];
  for (const [mode, outcome, status, kind] of table) {
    it(`${mode} / ${outcome}${status ? ` / ${status}` : ''} -> ${kind ?? 'none'}`, () => {
      const verification = status ? { verification: { status } } : {};
      assert.equal(notificationKind(auditRecord({ mode, outcome, ...verification })), kind);
    });
  }

  it('verified actions go only to channels that ask', () => {
    assert.equal(channelWants('verified', {}), false);
    assert.equal(channelWants('verified', { notifyVerified: true }), true);
    assert.equal(channelWants('abort', {}), true);
  });

  it('verified and resolved close the incident; everything else opens it', () => {
    const { web } = labPlans();
    assert.equal(notificationFor(recordFor(web, 'verified'), web)?.event, 'resolve');
    assert.equal(notificationFor(recordFor(web, 'suggested'), web, 'resolved')?.event, 'resolve');
    assert.equal(notificationFor(recordFor(web, 'approval_pending'), web)?.event, 'trigger');
  });
});

describe('notification payloads', () => {
  it('PagerDuty trigger: dedup_key is the incident id; summary, severity, source and custom details', () => {
    const { plan, n } = blocked();
    assert.deepEqual(pagerDutyEvent(n, 'critical'), {
      event_action: 'trigger',
      dedup_key: plan.incident.id,
      client: 'Remediator',
      payload: {
        summary: `Remediation blocked: replace-redundant-pod on aiops-remediation-lab/pod/${plan.target.name}: ${plan.modeReason}`,
        source: `aiops-remediation-lab/Pod/${plan.target.name}`,
        severity: 'critical',
        component: 'replace-redundant-pod',
        group: 'aiops-remediation-lab',
        class: 'abort',
        custom_details: { decision: plan.sentence, reason: plan.modeReason, mode: 'abort', outcome: 'blocked', verdicts: plan.verdicts, plan: planSummary(plan) },
      },
    });
    assert.ok(plan.verdicts.some((v) => v.guardrail === 'minimumReadyReplicasWithSameApp' && v.status === 'fail'));
  });

  it('PagerDuty resolve carries only the action and the dedup key', () => {
    const { web } = labPlans();
    const n = notificationFor(recordFor(web, 'verified'), web);
    assert.ok(n);
    assert.deepEqual(pagerDutyEvent(n, 'critical'), { event_action: 'resolve', dedup_key: web.incident.id });
  });

  it('PagerDuty limits: summary at most 1024 characters, dedup key at most 255', () => {
    const { n } = blocked();
    const long = { ...n, reason: 'x'.repeat(5000), incident: { id: 'i'.repeat(400) } };
    const event = pagerDutyEvent(long, 'warning');
    assert.equal(event.dedup_key.length, 255);
    assert.ok(event.event_action === 'trigger' && event.payload.summary.length === 1024);
  });

  it('Slack: four sections (decision, verdicts, action, outcome), cluster text escaped', () => {
    const { plan, n } = blocked();
    const message = slackMessage(n);
    assert.equal(message.blocks.length, 4);
    assert.deepEqual(message.blocks.map((b) => [b.type, b.text.type, b.text.text.split('\n')[0]]), [
      ['section', 'mrkdwn', '*Decision*'], ['section', 'mrkdwn', '*Guardrails*'], ['section', 'mrkdwn', '*Action*'], ['section', 'mrkdwn', '*Outcome*'],
    ]);
    assert.equal(message.blocks[0].text.text, `*Decision*\n${slackEscape(plan.sentence)}`);
    const floor = plan.verdicts.find((v) => v.guardrail === 'minimumReadyReplicasWithSameApp');
    assert.ok(floor && message.blocks[1].text.text.includes(`• FAIL minimumReadyReplicasWithSameApp: ${slackEscape(floor.reason)}`));
    assert.ok(message.blocks[2].text.text.includes(slackEscape(plan.action.equivalentCommand)));
    assert.ok(message.blocks[3].text.text.startsWith('*Outcome*\nblocked (mode abort) for aiops-remediation-lab/pod/'));
    assert.match(message.text, /^Remediation blocked: replace-redundant-pod on /);

    const hostile = slackMessage({ ...n, reason: '<!channel> <http://evil.invalid|click> & more' });
    assert.ok(hostile.blocks[3].text.text.includes('&lt;!channel&gt; &lt;http://evil.invalid|click&gt; &amp; more'));
    assert.ok(!hostile.text.includes('<!channel>'));
  });

  it('generic webhook: incident, runbook, target, mode, outcome, reason, plan (and decision, verdicts, time)', () => {
    const { plan, n } = blocked();
    assert.deepEqual(webhookBody(n), {
      event: 'trigger', kind: 'abort', incident: plan.incident, runbook: 'replace-redundant-pod',
      target: { ...plan.target, app: plan.app }, mode: 'abort', outcome: 'blocked', reason: plan.modeReason, decision: plan.sentence,
      verdicts: plan.verdicts, plan: planSummary(plan), time: n.time,
    });
  });

  it('without a plan (only the record), payloads still say what happened', () => {
    const n = notificationFor(auditRecord({ mode: 'abort', outcome: 'blocked', message: 'kill switch is on' }));
    assert.ok(n);
    assert.equal(n.decision, 'kill switch is on');
    assert.equal(webhookBody(n).plan, null);
    assert.deepEqual(webhookBody(n).incident, { id: 'INC-2026-0426' });
  });
});
