import { selectorMatches } from '../k8s/selectors';
import { defineGuardrail, isPodAction, plural, verdict } from './common';

const id = 'podDisruptionBudget';

/**
 * A deletePod bypasses the eviction API, so the Remediator honours the PodDisruptionBudgets itself.
 * Scaling, rollout restarts and rollbacks are not evictions (the Deployment's rolling-update
 * maxUnavailable paces them, and blastRadius bounds them), so this guardrail skips them.
 */
export const podDisruptionBudget = defineGuardrail(id, (ctx) => {
  const action = ctx.runbook.spec.action;
  if (!isPodAction(action)) return verdict(id, 'skip', `${action.type} is not a pod eviction; PodDisruptionBudgets do not apply`);
  const pod = ctx.target.pod;
  if (!pod) return verdict(id, 'error', `pod ${ctx.target.ref.name} is not in the cluster state`);
  const covering = ctx.index.pdbsInNamespace(ctx.target.ref.namespace)
    .filter((b) => selectorMatches(b.spec?.selector, pod.metadata.labels));
  if (covering.length === 0) return verdict(id, 'pass', 'no PodDisruptionBudget covers this pod', { budgets: [] });
  const budgets = covering.map((b) => ({
    name: b.metadata.name,
    disruptionsAllowed: b.status?.disruptionsAllowed,
    alreadyActingInRun: ctx.run.coveredBy(b),
    currentHealthy: b.status?.currentHealthy,
    desiredHealthy: b.status?.desiredHealthy,
  }));
  const evidence = { budgets };
  const unknown = budgets.filter((b) => b.disruptionsAllowed === undefined);
  const exhausted = budgets.filter((b) => b.disruptionsAllowed !== undefined && b.disruptionsAllowed - b.alreadyActingInRun < 1);
  if (exhausted.length > 0) {
    const why = exhausted.map((b) => {
      const run = b.alreadyActingInRun > 0 ? `, ${plural(b.alreadyActingInRun, 'pod')} already taken in this run` : '';
      const health = b.currentHealthy !== undefined ? ` (${b.currentHealthy} healthy, ${b.desiredHealthy ?? '?'} required)` : '';
      return `PodDisruptionBudget ${b.name} allows ${plural(b.disruptionsAllowed ?? 0, 'disruption')} now${health}${run}`;
    });
    return verdict(id, 'fail', `${why.join('; ')}: deleting pod ${pod.metadata.name} would break it`, evidence);
  }
  if (unknown.length > 0) {
    return verdict(id, 'error', `PodDisruptionBudget ${unknown.map((b) => b.name).join(', ')} has no status yet, so the disruptions it allows are unknown`, evidence);
  }
  const ok = budgets.map((b) => `${b.name} allows ${plural((b.disruptionsAllowed ?? 0) - b.alreadyActingInRun, 'more disruption')}`);
  return verdict(id, 'pass', `PodDisruptionBudget ${ok.join('; ')}`, evidence);
});
