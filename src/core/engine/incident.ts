// The restart mark and the incidents it implies, one definition for the engine, the scan, the tree and
// the editor's incident prompt: a pod carrying the restart label (value included) is a person's restart
// recommendation, an incident with confidence 1.
import { ownValue } from '../k8s/meta';
import { podProblem } from '../k8s/pods';
import type { Pod } from '../k8s/types';
import { MANUAL_RESTART_SYMPTOM, type Incident } from '../model/incident';
import type { Runbook } from '../model/runbook';
import type { EngineSettings } from '../guardrails/types';

type RestartLabel = EngineSettings['restartLabel'];

export function isMarkedForRestart(pod: Pick<Pod, 'metadata'>, restartLabel: RestartLabel): boolean {
  return ownValue(pod.metadata.labels, restartLabel.key) === restartLabel.value;
}

/** The incident a marked pod implies (its id is stable, so delivering it twice acts once). */
export function restartIncident(pod: Pick<Pod, 'metadata'>): Incident {
  return { id: `label-${pod.metadata.namespace}-${pod.metadata.name}`, symptom: MANUAL_RESTART_SYMPTOM, confidence: 1.0 };
}

/**
 * What to prefill when a person starts a remediation without an incident: the marked pod's implied
 * incident (what the engine would assume), else the pod's visible problem (confidence 0.9), else the
 * runbook's first trigger at its minimum confidence. The id says when it was made.
 */
export function suggestedIncident(runbook: Runbook, pod: Pod | undefined, restartLabel: RestartLabel, now: Date): Incident {
  if (pod && isMarkedForRestart(pod, restartLabel)) return restartIncident(pod);
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const problem = pod ? podProblem(pod) : undefined;
  return {
    id: `editor-${stamp}`, symptom: problem ?? runbook.spec.triggers.symptoms[0] ?? 'unknown',
    ...(runbook.spec.triggers.probableCauses[0] !== undefined ? { probableCause: runbook.spec.triggers.probableCauses[0] } : {}),
    confidence: problem ? 0.9 : runbook.spec.triggers.minimumConfidence,
  };
}
