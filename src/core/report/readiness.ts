// The seed's question for each runbook: ready to move right on the autonomy spectrum, hold, or move left,
// answered from its numbers with the thresholds in ./thresholds.ts, and with the evidence in words.
import { REPORT_THRESHOLDS as T } from './thresholds';
import type { PlanMode } from '../model/audit';
import type { GroupStats, Rate, Readiness } from './types';

function pct(r: number | null): string {
  return r === null ? 'n/a' : `${Math.round(r * 1000) / 10}%`;
}

function of(r: Rate, what: string): string {
  return `${r.count} of ${r.of} ${what} (${pct(r.rate)})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `mostAutonomous`: the most autonomous mode this runbook's decisions took. A runbook that already acts
 * without approval has no rung to its right: the verdict then says its evidence supports staying there.
 */
export function readinessOf(s: GroupStats, mostAutonomous?: PlanMode): Readiness {
  const v = s.verification;
  const failures = v.failed.count;
  const failRate = v.failed.rate ?? 0;
  const evidence = [
    `${plural(s.actions, 'action')} over ${plural(s.decisions, 'decision')} for ${plural(s.incidents, 'incident')}`,
    `verified: ${of(v.passed, 'actions')}; failed: ${of(v.failed, 'actions')}; inconclusive: ${of(v.inconclusive, 'actions')}`,
    `automated recovery: ${of(s.automatedRecovery, 'incidents')}`,
    `guardrail blocks: ${of(s.guardrailBlocks.all, 'decisions')}`,
    `repeated incidents: ${of(s.repeatedIncidents, 'recovered incidents')} within ${T.repeatWindowMs / 3600_000}h`,
    ...(s.approvals.of > 0 ? [`approvals accepted: ${of(s.approvals, 'requests')}`] : []),
    ...(s.automationFailures.rollbackFailures > 0 ? [`${s.automationFailures.rollbackFailures} rollback(s) failed`] : []),
  ];

  const left: string[] = [];
  if (s.automationFailures.rollbackFailures > T.moveLeft.maximumRollbackFailures) left.push('a rollback failed');
  if (failures >= T.moveLeft.minimumFailures && failRate >= T.moveLeft.minimumFailRate) left.push(`verification failed for ${pct(failRate)} of actions (at least ${pct(T.moveLeft.minimumFailRate)} moves left)`);
  const repeatRate = s.repeatedIncidents.rate ?? 0;
  if (s.repeatedIncidents.count >= T.moveLeft.minimumRepeats && repeatRate >= T.moveLeft.minimumRepeatRate) left.push(`${pct(repeatRate)} of recoveries did not hold (at least ${pct(T.moveLeft.minimumRepeatRate)} moves left)`);
  if (left.length > 0) return { verdict: 'move_left', summary: `move left: ${left.join('; ')}`, evidence };

  if (s.actions < T.minimumActionsToMoveRight) {
    return { verdict: 'hold', summary: `hold: ${plural(s.actions, 'action')} recorded, at least ${T.minimumActionsToMoveRight} are needed to judge`, evidence };
  }
  const short: string[] = [];
  const r = T.moveRight;
  if ((v.passed.rate ?? 0) < r.minimumPassRate) short.push(`verified ${pct(v.passed.rate)} < ${pct(r.minimumPassRate)}`);
  if (failRate > r.maximumFailRate) short.push(`failed ${pct(failRate)} > ${pct(r.maximumFailRate)}`);
  if ((v.inconclusive.rate ?? 0) > r.maximumInconclusiveRate) short.push(`inconclusive ${pct(v.inconclusive.rate)} > ${pct(r.maximumInconclusiveRate)}`);
  if (repeatRate > r.maximumRepeatRate) short.push(`repeated ${pct(repeatRate)} > ${pct(r.maximumRepeatRate)}`);
  if (s.approvals.rate !== null && s.approvals.rate < r.minimumApprovalAcceptance) short.push(`approvals accepted ${pct(s.approvals.rate)} < ${pct(r.minimumApprovalAcceptance)}`);
  if (short.length > 0) return { verdict: 'hold', summary: `hold: ${short.join('; ')}`, evidence };
  const already = mostAutonomous === 'auto_execute' ? ' (it already acts without approval: the evidence supports keeping it there)' : '';
  return { verdict: 'move_right', summary: `ready to move right: ${pct(v.passed.rate)} of ${s.actions} actions verified, none of the limits crossed${already}`, evidence };
}
