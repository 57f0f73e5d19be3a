// npm run bench:tree: the workloads tree's would-be decisions, recomputed after one change, at 5,000 pods
// (goal <= 100 ms). One namespace of 50 Deployments x 100 pods with a PodDisruptionBudget each; 500 or all
// 5,000 pods marked for restart; the change is one pod turning unready (its peers' replica floor moves).
// "incremental": what the tree does on a change (PodDecisionCache, warm): group the pods by controller,
// fingerprint each group's inputs, decide again only the group that changed. "full": markedPodDecisions
// over the whole snapshot (index, then every marked pod). Baseline: indexing the snapshot alone.
import * as fs from 'fs';
import * as path from 'path';
import { PodDecisionCache } from '../src/core/engine/podDecisionCache';
import { markedPodDecisions } from '../src/core/engine/podDecisions';
import { SnapshotIndex } from '../src/core/k8s/snapshotIndex';
import type { ClusterSnapshot } from '../src/core/k8s/types';
import { parseRunbooks } from '../src/core/runbook/parse';
import { markedFleet } from './generate';
import { time } from './timing';

const PODS = 5_000;
const DEPLOYMENTS = 50;
const GOAL_MS = 100;

const sample = parseRunbooks(fs.readFileSync(path.join(__dirname, '..', '..', 'runbooks', 'replace-redundant-pod.yaml'), 'utf8')).documents[0]?.runbook;
if (!sample) throw new Error('the sample runbook does not validate');
const runbook = sample;
const now = new Date('2026-04-26T10:00:00Z');

/** The snapshot after one change: pod `index` turns unready or Ready again (a new object, as an informer hands it). */
function withOneChange(snapshot: ClusterSnapshot, index: number, round: number): ClusterSnapshot {
  const pods = snapshot.pods.slice();
  const pod = pods[index];
  pods[index] = {
    ...pod, metadata: { ...pod.metadata, resourceVersion: String(100_000 + round) },
    status: { ...pod.status, conditions: [{ type: 'Ready', status: round % 2 === 0 ? 'False' : 'True' }] },
  };
  return { ...snapshot, pods, takenAt: now.toISOString() };
}

const rows: string[] = [];
for (const marked of [500, PODS]) {
  const base = markedFleet(PODS, marked, DEPLOYMENTS);
  let round = 0;
  let decided = 0;
  let snapshot = base;
  // Each run sees the state after one more change (one pod's readiness), as an informer delivers it.
  const next = () => { round++; snapshot = withOneChange(snapshot, (round * 37) % PODS, round); };
  const full = time(() => {
    decided = markedPodDecisions({ snapshot, runbooks: [runbook], history: () => [], now }).size;
  }, 5, 1_000, next);
  const cache = new PodDecisionCache();
  cache.decide({ snapshot, runbooks: [runbook], history: () => [], now });
  let incrementalDecided = 0;
  const incremental = time(() => {
    incrementalDecided = cache.decide({ snapshot, runbooks: [runbook], history: () => [], now }).size;
  }, 20, 1_000, next);
  const index = time(() => new SnapshotIndex(snapshot), 10, 500, next);
  if (decided !== marked || incrementalDecided !== marked) throw new Error(`benchmark input: decided ${decided} / ${incrementalDecided} pods, expected ${marked}`);
  const verdict = incremental.median <= GOAL_MS ? 'ok' : 'OVER GOAL';
  rows.push(`tree decisions after one change, ${PODS} pods, ${marked} marked: incremental median ${incremental.median.toFixed(1)} ms, fastest ${incremental.fastest.toFixed(1)} ms`
    + ` (${cache.last.decided} of ${cache.last.groups} groups decided again; goal ${GOAL_MS} ms, ${verdict})`
    + ` | full recompute median ${full.median.toFixed(1)} ms, fastest ${full.fastest.toFixed(1)} ms | indexing alone ${index.median.toFixed(1)} ms`);
}
process.stdout.write(`Remediator tree benchmark (Node ${process.version})\n${rows.join('\n')}\n`);
