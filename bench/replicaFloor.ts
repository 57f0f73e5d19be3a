// The replica floor at scale: 50,000 pods with 500 and with 5,000 of them marked for restart. Deciding
// N marked pods must be O(N): the cost per marked pod stays flat from 500 to 5,000 (ratio near 1),
// and 5,000 marked pods are decided within 2 s. Two runbooks: the sample one (its cooldown stops all
// but the first pod per app, so the run stays small) and a wide one whose limits let every pod act,
// so the run's own state (acting targets, PDB budgets, the floor's taken pods) grows to 5,000.
import { decisionContext, decideTargets, scanTargets } from '../src/core/engine/decide';
import type { Runbook } from '../src/core/model/runbook';
import { markedFleet } from './generate';
import { collectGarbage, time } from './timing';

const TOTAL_PODS = 50_000;
const DEPLOYMENTS = 1;
const TARGET_MS = 2_000;

function wide(runbook: Runbook): Runbook {
  return {
    ...runbook,
    spec: {
      ...runbook.spec,
      guardrails: {
        minimumReadyReplicasWithSameApp: 2, maxExecutionsPerHour: 1_000, maxConcurrentActions: 1_000,
        blastRadius: { maxTargetsPerRun: 10_000, maxPercentOfReplicas: 100 },
        circuitBreaker: { failureThreshold: 3, windowMinutes: 60 },
      },
      escalation: { ...runbook.spec.escalation, onVerificationFailure: 'page_service_owner' },
    },
  };
}

interface FleetTimes { totalMs: number; decideMs: number; decided: number; acted: number }

/** Total: index the snapshot and decide every marked pod. Decide: the same on an index built beforehand. */
function decideFleet(runbook: Runbook, marked: number, now: Date): FleetTimes {
  const snapshot = markedFleet(TOTAL_PODS, marked, DEPLOYMENTS);
  let decided = 0;
  let acted = 0;
  const total = time(() => {
    const ctx = decisionContext({ runbook, snapshot, now });
    const plans = decideTargets(ctx, scanTargets(ctx));
    decided = plans.length;
    acted = plans.filter((p) => p.mode === 'auto_execute').length;
  }, 3, 1_000);
  const ctx = decisionContext({ runbook, snapshot, now });
  const decide = time(() => decideTargets(ctx, scanTargets(ctx)), 5, 2_000, collectGarbage);
  if (decided !== marked) throw new Error(`benchmark input: decided ${decided} pods, expected ${marked}`);
  return { totalMs: total.median, decideMs: decide.fastest, decided, acted };
}

/**
 * Rows for `npm run bench`. The target is on the total (indexing 50,000 pods included); the cost per
 * marked pod is the fastest decide time on a prebuilt index, each run after a full garbage collection,
 * divided by the pods decided, so neither the fixed cost of indexing, the previous run's garbage nor
 * other load on the machine blurs the ratio.
 */
export function replicaFloorRows(sample: Runbook, now: Date): string[] {
  const rows: string[] = [];
  for (const [label, runbook] of [['sample runbook', sample], ['wide limits', wide(sample)]] as const) {
    const small = decideFleet(runbook, 500, now);
    const large = decideFleet(runbook, 5_000, now);
    const perSmall = (small.decideMs / small.decided) * 1_000;
    const perLarge = (large.decideMs / large.decided) * 1_000;
    const ratio = perLarge / perSmall;
    const verdict = large.totalMs <= TARGET_MS && ratio < 2 ? 'ok' : 'OVER TARGET';
    rows.push(`replica floor, ${label}: ${TOTAL_PODS} pods, 500 / 5,000 marked: ${small.totalMs.toFixed(0)} / ${large.totalMs.toFixed(0)} ms`
      + ` (${small.acted} / ${large.acted} act; target ${TARGET_MS} ms)`
      + ` | per marked pod ${perSmall.toFixed(1)} us (500) vs ${perLarge.toFixed(1)} us (5,000), ratio ${ratio.toFixed(2)}x (${verdict})`);
  }
  return rows;
}
