import { formatTargetRef } from '../core/engine/targets';
import type { Plan } from '../core/engine/plan';
import type { VerdictStatus } from '../core/model/verdict';

const MARK: Record<VerdictStatus, string> = { pass: 'pass', fail: 'FAIL', error: 'ERROR', skip: 'skip' };

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A readable table: one header line per target, then its verdicts, action and sentence. */
export function renderPlans(plans: readonly Plan[], options: { verbose?: boolean } = {}): string {
  if (plans.length === 0) return 'No targets.\n';
  const targetWidth = Math.max(6, ...plans.map((p) => formatTargetRef(p.target).length));
  const lines: string[] = [`${pad('TARGET', targetWidth)}  ${pad('MODE', 17)}  WHY`];
  for (const plan of plans) {
    lines.push(`${pad(formatTargetRef(plan.target), targetWidth)}  ${pad(plan.mode, 17)}  ${plan.modeReason}`);
  }
  for (const plan of plans) {
    lines.push('', `${formatTargetRef(plan.target)}  [${plan.mode}]  incident ${plan.incident.id}`);
    for (const v of plan.verdicts) {
      if (v.status === 'skip' && !options.verbose) continue;
      lines.push(`  ${pad(MARK[v.status], 5)}  ${pad(v.guardrail, 32)}  ${v.reason}`);
    }
    lines.push(`  action:       ${plan.action.description}`);
    lines.push(`  verification: ${plan.verification.checks.map((c) => c.description).join('; ') || 'none'} (within ${plan.verification.timeoutSeconds}s)`);
    lines.push(`  rollback:     ${plan.rollback.description}`);
    if (plan.escalation.now) lines.push(`  escalate:     ${plan.escalation.now}`);
    lines.push(`  ${plan.sentence}`);
  }
  return lines.join('\n') + '\n';
}
