import { formatTargetRef } from '../core/engine/targets';
import type { Plan } from '../core/engine/plan';
import type { VerdictStatus } from '../core/model/verdict';
import { escapeText as e } from '../core/text/escape';
import { metricTableLines } from './metricTable';
import { helmLines } from './renderHelm';

const MARK: Record<VerdictStatus, string> = { pass: 'pass', fail: 'FAIL', error: 'ERROR', skip: 'skip' };

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** The target as printed: names come from the cluster or a state file and may hold any character. */
export function targetLabel(plan: Plan): string {
  return e(formatTargetRef(plan.target));
}

/**
 * A readable table: one header line per target, then its verdicts, action and sentence. Every field is
 * escaped, so a name holding a newline or an ANSI sequence cannot add or repaint a row.
 */
export function renderPlans(plans: readonly Plan[], options: { verbose?: boolean } = {}): string {
  if (plans.length === 0) return 'No targets.\n';
  const targetWidth = Math.max(6, ...plans.map((p) => targetLabel(p).length));
  const lines: string[] = [`${pad('TARGET', targetWidth)}  ${pad('MODE', 17)}  WHY`];
  for (const plan of plans) {
    lines.push(`${pad(targetLabel(plan), targetWidth)}  ${pad(e(plan.mode), 17)}  ${e(plan.modeReason)}`);
  }
  for (const plan of plans) {
    lines.push('', `${targetLabel(plan)}  [${e(plan.mode)}]  incident ${e(plan.incident.id)}`);
    for (const v of plan.verdicts) {
      if (v.status === 'skip' && !options.verbose) continue;
      lines.push(`  ${pad(MARK[v.status] ?? e(String(v.status)), 5)}  ${pad(e(v.guardrail), 32)}  ${e(v.reason)}`);
    }
    lines.push(`  action:       ${e(plan.action.description)}`);
    if (plan.action.helm?.comparison) lines.push(...helmLines(plan.action.helm.comparison, options.verbose === true));
    lines.push(`  verification: ${e(plan.verification.checks.map((c) => c.description).join('; ')) || 'none'} (within ${plan.verification.timeoutSeconds}s)`);
    lines.push(`  rollback:     ${e(plan.rollback.description)}`);
    if (plan.metricChecks?.length) lines.push('  metric checks (values at decision time):', ...metricTableLines(plan.metricChecks, '    '));
    if (plan.escalation.now) lines.push(`  escalate:     ${e(plan.escalation.now)}`);
    lines.push(`  ${e(plan.sentence)}`);
  }
  return lines.join('\n') + '\n';
}
