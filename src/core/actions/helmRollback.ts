// helmRollback: `helm rollback` of the release the target Deployment or StatefulSet belongs to (found
// from its meta.helm.sh/release-* annotations), to its last known-good revision or to a named one. History is
// read from the release Secrets through the API; only the rollback itself runs the helm binary.
import { compareRevisions } from '../helm/compare';
import { revisionChoice, targetRevision } from '../helm/lookup';
import { noFieldProblems, workloadCheckMismatch } from './checks';
import { NAMESPACE_PLACEHOLDER, RELEASE_PLACEHOLDER, REVISION_PLACEHOLDER, REVISION_TOKEN } from './commandTokens';
import { need, type ActionDescriptor, type ApiNeed } from './types';

export type HelmRollbackDetails = {
  dryRun: boolean;
  release: string;
  namespace: string;
  fromRevision: number;
  toRevision: number;
  /** What helm printed (trimmed), for the audit record. */
  output: string;
};

/** Helm numbers revisions from 1; a release never gets near this many. */
export const MAX_HELM_REVISION = 1_000_000;
export const PREVIOUS_GOOD = 'previous-good';

const WRITE_VERBS = ['get', 'create', 'patch', 'delete'];

/**
 * What `helm rollback` sends: the release Secrets (list and read the history, create the new revision,
 * mark the old one superseded, prune past --history-max) and, for each object of the two manifests,
 * get + create/patch/delete. The kinds listed here are the workloads a rollback is aimed at and what
 * charts ship beside them; the plan adds every other kind its manifests hold, for the access review.
 */
export const HELM_ROLLBACK_NEEDS: readonly ApiNeed[] = [
  ...['list', 'get', 'create', 'update', 'delete'].map((v) => need(v, '', 'secrets')),
  ...WRITE_VERBS.map((v) => need(v, 'apps', 'deployments')),
  ...WRITE_VERBS.map((v) => need(v, 'apps', 'statefulsets')),
  ...WRITE_VERBS.map((v) => need(v, '', 'services')),
  ...WRITE_VERBS.map((v) => need(v, '', 'configmaps')),
];

export const helmRollback: ActionDescriptor<'helmRollback'> = {
  type: 'helmRollback',
  targetKind: 'Deployment',
  // A StatefulSet carries the same meta.helm.sh/release-* annotations; a pod names its owner's release.
  otherTargetKinds: ['StatefulSet'],
  mutating: true,
  setsReplicas: false,
  // Like a rollout undo it is meant to interrupt a bad rollout, so rolloutInProgress does not block it.
  restoresRevision: true,
  needs: HELM_ROLLBACK_NEEDS,
  fields: { toRevision: [1, MAX_HELM_REVISION] },
  fieldWords: { toRevision: [PREVIOUS_GOOD] },
  // toRevision's type and range are checked from `fields` and `fieldWords`.
  fieldProblems: noFieldProblems,
  lint: (action, mode) => (typeof action.toRevision === 'number' && mode === 'auto_execute'
    ? [{ code: 'fixed-helm-revision', at: 'value', field: 'toRevision', severity: 'warning',
      message: `a fixed revision ${action.toRevision} goes stale after the next upgrade; use toRevision: ${PREVIOUS_GOOD} or decisionMode approval_required` }]
    : []),
  readsHelmRelease: true,
  guardrails: ['helmReleaseExists', 'helmReleaseNotPending', 'helmTargetRevision', 'maxMinutesSinceChange'],
  plan: (action, target) => {
    const { namespace, name, kind } = target.ref;
    const choice = revisionChoice(action);
    const lookup = target.helm;
    if (lookup?.status !== 'found') {
      const release = lookup?.ref?.release ?? '(no release)';
      return {
        description: `roll back the Helm release of ${kind} ${name} in ${namespace}: ${lookup?.reason ?? 'its release was not looked up'}`,
        equivalentCommand: `helm rollback ${release} ${choice === PREVIOUS_GOOD ? '' : `${choice} `}-n ${lookup?.ref?.namespace ?? namespace}`,
        helm: { release, namespace: lookup?.ref?.namespace ?? namespace, requested: choice },
      };
    }
    const { release, namespace: releaseNamespace } = lookup.ref;
    const chosen = targetRevision(lookup.revisions, choice);
    if (!chosen.ok) {
      return {
        description: `roll back Helm release ${release} in ${releaseNamespace}: ${chosen.reason}`,
        equivalentCommand: `helm rollback ${release} -n ${releaseNamespace}`,
        helm: { release, namespace: releaseNamespace, requested: choice, fromRevision: chosen.current?.revision },
      };
    }
    const comparison = compareRevisions(chosen.current, chosen.target);
    const { current, proposed } = comparison;
    return {
      description: `roll Helm release ${release} in ${releaseNamespace} back from revision ${current.revision} (${current.chart}-${current.chartVersion}, ${current.status}) to ${proposed.revision} (${proposed.chart}-${proposed.chartVersion})`,
      toRevision: proposed.revision,
      equivalentCommand: `helm rollback ${release} ${proposed.revision} -n ${releaseNamespace}`,
      helm: { release, namespace: releaseNamespace, requested: choice, fromRevision: current.revision, comparison },
    };
  },
  sentence: (a) => (typeof a.toRevision === 'number'
    ? `a Helm rollback of the workload's release to revision ${a.toRevision}`
    : 'a Helm rollback of the workload\'s release to its last known-good revision'),
  commands: [
    { rank: 5, tokens: ['helm', 'rollback', RELEASE_PLACEHOLDER, '-n', NAMESPACE_PLACEHOLDER], action: () => ({ type: 'helmRollback' }) },
    { rank: 6, tokens: ['helm', 'rollback', RELEASE_PLACEHOLDER, REVISION_PLACEHOLDER, '-n', NAMESPACE_PLACEHOLDER], action: () => ({ type: 'helmRollback' }) },
    { rank: 7, tokens: ['helm', 'rollback', RELEASE_PLACEHOLDER, REVISION_TOKEN, '-n', NAMESPACE_PLACEHOLDER], action: (revision) => ({ type: 'helmRollback', toRevision: revision }) },
  ],
  // Undoing a Helm rollback is a roll forward to the newer revision, which a human decides on.
  rollbacks: ['manual'],
  checkMismatch: workloadCheckMismatch,
  fittingCheck: () => 'rollout_complete',
};
