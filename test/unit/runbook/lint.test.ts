import { strict as assert } from 'assert';
import { lintRunbook, LINT_RULES } from '../../../src/core/runbook/lint';
import { parseRunbook, parseRunbooks } from '../../../src/core/runbook/parse';
import { SEED, edit, fixture, where, type At } from './helpers';

const COMMAND = '    command: "kubectl delete pod ${POD_NAME} -n ${NAMESPACE}"\n';
const REPLACEMENT_CHECK = '      - "replacement_pod_ready_within_timeout"\n';
const ROLLBACK = 'type: "controller_recreates_pod"';

function seedWith(...edits: [string, string][]): string {
  return edits.reduce((text, [from, to]) => edit(text, from, to), SEED());
}

/** A typed scaleDeployment runbook with a fitting rollback and checks; `action` replaces the command line. */
function scaleWith(action: string): string {
  return seedWith([COMMAND, action], [REPLACEMENT_CHECK, ''], [ROLLBACK, 'type: scale_to_previous_replicas']);
}

/** name -> [runbook text, expected lint diagnostics (0-based line/character of the key or value)] */
const CASES: Record<string, [string, At[]]> = {
  'auto_execute with high risk': [seedWith(['risk: "low"', 'risk: "high"']), [{ line: 8, character: 16, code: 'auto-execute-high-risk' }]],
  'verification with no checks': [
    seedWith(['    checks:\n      - "available_replicas_equal_desired_replicas"\n' + REPLACEMENT_CHECK, '    checks: []\n']),
    [{ line: 31, character: 12, code: 'verification-no-checks' }]],
  'cooldown makes the hourly limit unreachable': [seedWith(['cooldownMinutes: 10', 'cooldownMinutes: 30']),
    [{ line: 25, character: 26, code: 'cooldown-limits-rate' }]],
  'rollback that does not undo the action': [seedWith([ROLLBACK, 'type: rollout_undo']), [{ line: 36, character: 10, code: 'rollback-mismatch' }]],
  'scope with no namespace': [seedWith(['    allowedNamespaces:\n      - "aiops-remediation-lab"\n', '    allowedNamespaces: []\n']),
    [{ line: 19, character: 23, code: 'scope-no-namespaces' }]],
  'scope including kube-system': [seedWith(['      - "aiops-remediation-lab"\n', '      - "aiops-remediation-lab"\n      - kube-system\n']),
    [{ line: 21, character: 8, code: 'scope-system-namespace' }]],
  'restart with a pod check and a pod rollback': [
    seedWith([COMMAND, '    command: "kubectl rollout restart deployment/${DEPLOYMENT} -n ${NAMESPACE}"\n']),
    [{ line: 33, character: 8, code: 'verification-check-mismatch' }, { line: 36, character: 10, code: 'rollback-mismatch' }]],
  'no_pods_remain without a scale to 0': [seedWith([REPLACEMENT_CHECK, '      - no_pods_remain\n']),
    [{ line: 33, character: 8, code: 'verification-check-mismatch' }]],
  'rollout_complete after deleting a pod': [seedWith([REPLACEMENT_CHECK, '      - rollout_complete\n']),
    [{ line: 33, character: 8, code: 'verification-check-mismatch' }]],
  'auto_execute without an opt-in label': [seedWith(['    requiredLabels:\n      remediator.kubedojo.io/enabled: "true"\n', '']),
    [{ line: 18, character: 2, code: 'auto-execute-without-opt-in' }]],
  'auto_execute with an empty opt-in map points at the key': [seedWith(['    requiredLabels:\n      remediator.kubedojo.io/enabled: "true"\n', '    requiredLabels: {}\n']),
    [{ line: 21, character: 4, code: 'auto-execute-without-opt-in' }]],
  'auto_execute without rate limit or cooldown': [seedWith(['    maxExecutionsPerHour: 3\n    cooldownMinutes: 10\n', '']),
    [{ line: 23, character: 2, code: 'auto-execute-without-rate-limit' }]],
  'auto_execute at confidence 0': [seedWith(['minimumConfidence: 0.8', 'minimumConfidence: 0']),
    [{ line: 17, character: 23, code: 'auto-execute-zero-confidence' }]],
  'auto_execute scale to zero (command form)': [
    seedWith([COMMAND, '    command: "kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=0"\n'], [REPLACEMENT_CHECK, '      - no_pods_remain\n'],
      [ROLLBACK, 'type: scale_to_previous_replicas']),
    [{ line: 29, character: 13, code: 'scale-to-zero-not-approval' }]],
  'auto_execute scale to zero (typed form) points at replicas': [scaleWith('    type: scaleDeployment\n    replicas: 0\n'),
    [{ line: 30, character: 14, code: 'scale-to-zero-not-approval' }]],
  'manual mode with a mutating action (info)': [seedWith(['decisionMode: "auto_execute"', 'decisionMode: manual']),
    [{ line: 8, character: 16, code: 'manual-mode-mutating-action' }]],
  'pod deletion without a replica guardrail': [seedWith(['    minimumReadyReplicasWithSameApp: 2\n', '']),
    [{ line: 23, character: 2, code: 'pod-action-without-replica-guard' }]],
  'scale out with no maxReplicas': [scaleWith('    type: scaleDeployment\n    by: 2\n'), [{ line: 30, character: 4, code: 'unbounded-scale-out' }]],
  'scale in with no minReplicas': [scaleWith('    type: scaleDeployment\n    by: -1\n'), [{ line: 30, character: 4, code: 'unbounded-scale-in' }]],
  'minReplicas above maxReplicas (error)': [scaleWith('    type: scaleDeployment\n    by: 1\n    minReplicas: 5\n    maxReplicas: 3\n'),
    [{ line: 31, character: 17, code: 'scale-bounds-inverted' }]],
  'a careful high-risk runbook needs approval and is clean': [
    seedWith(['risk: "low"', 'risk: high'], ['decisionMode: "auto_execute"', 'decisionMode: approval_required']), []],
};

describe('runbook lint', () => {
  for (const [name, [text, expected]] of Object.entries(CASES)) {
    it(name, () => {
      const lint = parseRunbooks(text).diagnostics.filter((d) => d.source === 'lint');
      assert.deepEqual(where(lint), expected);
      assert.equal(parseRunbooks(text).diagnostics.length, lint.length, 'only lint diagnostics');
    });
  }

  it('covers every rule with at least one case', () => {
    const seen = new Set(Object.values(CASES).flatMap(([text]) => parseRunbooks(text).diagnostics.map((d) => d.code)));
    const expectedCodes = ['auto-execute-high-risk', 'verification-no-checks', 'cooldown-limits-rate', 'rollback-mismatch',
      'scope-no-namespaces', 'scope-system-namespace', 'verification-check-mismatch', 'auto-execute-without-opt-in',
      'auto-execute-without-rate-limit', 'auto-execute-zero-confidence', 'scale-to-zero-not-approval',
      'manual-mode-mutating-action', 'pod-action-without-replica-guard', 'unbounded-scale-out', 'unbounded-scale-in', 'scale-bounds-inverted'];
    assert.deepEqual(expectedCodes.filter((code) => !seen.has(code)), []);
    assert.equal(LINT_RULES.length, 11);
  });

  it('uses warnings, except info for manual mode and error for impossible bounds', () => {
    const severity = (name: string) => parseRunbooks(CASES[name][0]).diagnostics.map((d) => d.severity);
    assert.deepEqual(severity('auto_execute with high risk'), ['warning']);
    assert.deepEqual(severity('manual mode with a mutating action (info)'), ['info']);
    assert.deepEqual(severity('minReplicas above maxReplicas (error)'), ['error']);
  });

  it('keeps the runbook for warnings and drops it for lint errors', () => {
    assert.ok(parseRunbook(CASES['auto_execute with high risk'][0]).runbook);
    assert.equal(parseRunbook(CASES['minReplicas above maxReplicas (error)'][0]).runbook, undefined);
  });

  it('can be skipped, and run on a Runbook without source positions', () => {
    const text = CASES['auto_execute with high risk'][0];
    assert.deepEqual(parseRunbooks(text, { lint: false }).diagnostics, []);
    const { runbook } = parseRunbook(text, { lint: false });
    const diagnostics = lintRunbook(runbook!);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.path]), [['auto-execute-high-risk', 0, ['spec', 'decisionMode']]]);
  });

  it('explains the numbers behind cooldown-limits-rate', () => {
    const [d] = parseRunbooks(CASES['cooldown makes the hourly limit unreachable'][0]).diagnostics;
    assert.equal(d.message, 'with cooldownMinutes 30, one workload can be acted on at most 2 times an hour, fewer than maxExecutionsPerHour 3');
  });

  it('does not flag read-only evidence collection', () => {
    assert.deepEqual(parseRunbooks(fixture('valid/collect-evidence.yaml')).diagnostics, []);
  });
});
