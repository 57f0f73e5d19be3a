import { strict as assert } from 'assert';
import { parseRunbook, parseRunbooks } from '../../../src/core/runbook/parse';
import { SEED, assertWellFormed, codes, edit, fixture, fixtureNames, where, type At } from './helpers';

describe('runbook parse: the seed example', () => {
  it('validates verbatim with no diagnostics at all', () => {
    const result = parseRunbooks(SEED());
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.documents.length, 1);
    assert.equal(result.documents[0].isRunbook, true);
    assert.equal(result.documents[0].name, 'replace-redundant-pod');
  });

  it('produces the typed Runbook the engine consumes', () => {
    const { runbook, diagnostics } = parseRunbook(SEED());
    assert.deepEqual(diagnostics, []);
    assert.ok(runbook);
    assert.deepEqual(runbook.spec.action, { type: 'deletePod' });
    assert.equal(runbook.spec.actionCommand, 'kubectl delete pod ${POD_NAME} -n ${NAMESPACE}');
    assert.deepEqual(runbook.spec.scope, { allowedNamespaces: ['aiops-remediation-lab'], requiredLabels: { 'remediator.kubedojo.io/enabled': 'true' } });
    assert.deepEqual(runbook.spec.guardrails, { minimumReadyReplicasWithSameApp: 2, maxExecutionsPerHour: 3, cooldownMinutes: 10, maxConcurrentActions: 1 });
    assert.deepEqual(runbook.spec.verification, { checks: ['available_replicas_equal_desired_replicas', 'replacement_pod_ready_within_timeout'], timeoutSeconds: 120 });
    assert.equal(runbook.spec.triggers.minimumConfidence, 0.8);
    assert.equal(runbook.spec.escalation.onVerificationFailure, 'open_incident_and_disable_runbook');
  });
});

describe('runbook parse: valid fixtures', () => {
  for (const name of fixtureNames('valid')) {
    it(`${name} has no errors or warnings and yields a runbook per RemediationRunbook document`, () => {
      const result = parseRunbooks(fixture(`valid/${name}`));
      assert.deepEqual(result.diagnostics, []);
      for (const document of result.documents.filter((d) => d.isRunbook)) assert.ok(document.runbook, `document ${document.index}`);
    });
  }

  it('fills defaults: probableCauses [], requiredLabels {}', () => {
    const text = edit(edit(SEED(), '    requiredLabels:\n      remediator.kubedojo.io/enabled: "true"\n', ''),
      '    probableCauses:\n      - "pod_process_hung"\n      - "transient_node_or_container_failure"\n', '');
    const { runbook } = parseRunbook(text, { lint: false });
    assert.ok(runbook);
    assert.deepEqual(runbook.spec.triggers.probableCauses, []);
    assert.deepEqual(runbook.spec.scope.requiredLabels, {});
  });

  it('keeps structured scale actions as written', () => {
    const { runbook } = parseRunbook(fixture('valid/scale-out-by.yaml'));
    assert.deepEqual(runbook?.spec.action, { type: 'scaleDeployment', by: 2, maxReplicas: 10 });
    assert.equal(runbook?.spec.actionCommand, undefined);
    assert.deepEqual(runbook?.spec.guardrails.circuitBreaker, { failureThreshold: 2, windowMinutes: 60 });
  });

  it('skips documents of other kinds without diagnostics', () => {
    const result = parseRunbooks(fixture('valid/multi-document.yaml'));
    assert.deepEqual(result.documents.map((d) => d.isRunbook), [false, true, true]);
    assert.deepEqual(result.documents.map((d) => d.name), ['unrelated', 'replace-redundant-pod', 'evict-redundant-pod']);
    assert.ok(result.documents[1].range.start.line > result.documents[0].range.start.line);
  });
});

/** Exact (0-based) positions of each problem: the key for unknown/missing fields, the value otherwise. */
const INVALID: Record<string, At[]> = {
  'action-both-forms.yaml': [{ line: 30, character: 4, code: 'conflicting-fields' }],
  'action-helm.yaml': [{ line: 29, character: 13, code: 'action-command-rejected' }],
  'action-literal-pod.yaml': [{ line: 29, character: 13, code: 'action-command-rejected' }],
  'action-shell.yaml': [{ line: 29, character: 13, code: 'action-command-rejected' }],
  'bad-name.yaml': [{ line: 3, character: 8, code: 'invalid-format' }],
  'duplicate-key.yaml': [{ line: 28, character: 4, code: 'yaml-duplicate-key' }],
  'malformed.yaml': [{ line: 6, character: 29, code: 'yaml-missing-char' }],
  'missing-required.yaml': [{ line: 4, character: 0, code: 'missing-field' }, { line: 29, character: 2, code: 'missing-field' }],
  'multi-document.yaml': [{ line: 55, character: 16, code: 'invalid-value' }],
  'not-a-mapping.yaml': [{ line: 0, character: 0, code: 'not-a-mapping' }],
  'out-of-range.yaml': [
    { line: 17, character: 23, code: 'out-of-range' }, { line: 25, character: 26, code: 'out-of-range' },
    { line: 34, character: 20, code: 'out-of-range' }],
  'scale-replicas-and-by.yaml': [{ line: 31, character: 4, code: 'conflicting-fields' }],
  'unknown-field.yaml': [{ line: 27, character: 4, code: 'unknown-field' }],
  'wrong-enum.yaml': [{ line: 7, character: 8, code: 'invalid-value' }, { line: 36, character: 10, code: 'invalid-value' }],
  'wrong-kind-version.yaml': [{ line: 0, character: 12, code: 'invalid-value' }, { line: 1, character: 6, code: 'invalid-value' }],
  'wrong-type.yaml': [
    { line: 17, character: 23, code: 'wrong-type' }, { line: 22, character: 38, code: 'wrong-type' },
    { line: 26, character: 21, code: 'wrong-type' }],
};

describe('runbook parse: invalid fixtures (exact positions)', () => {
  it('has a table entry for every invalid fixture', () => {
    assert.deepEqual(Object.keys(INVALID).sort(), fixtureNames('invalid'));
  });
  for (const [name, expected] of Object.entries(INVALID)) {
    it(name, () => {
      const result = parseRunbooks(fixture(`invalid/${name}`));
      assert.deepEqual(where(result.diagnostics), expected);
      assertWellFormed(result.diagnostics);
      assert.ok(result.documents.every((d) => !d.runbook || !d.diagnostics.some((x) => x.severity === 'error')));
      assert.equal(parseRunbook(fixture(`invalid/${name}`)).runbook === undefined || name === 'multi-document.yaml', true);
    });
  }
});

describe('runbook parse: messages a service owner understands', () => {
  const messages = (text: string) => parseRunbooks(text).diagnostics.map((d) => d.message);

  it('names the allowed values and what was found', () => {
    assert.deepEqual(messages(fixture('invalid/wrong-enum.yaml'))[0], 'risk must be one of low, medium, high; got "critical"');
  });

  it('lists allowed fields and suggests the closest', () => {
    const [message] = messages(fixture('invalid/unknown-field.yaml'));
    assert.match(message, /^unknown field "cooldownMinute" in spec\.guardrails \(did you mean "cooldownMinutes"\?\); allowed: minimumReadyReplicasWithSameApp, /);
  });

  it('explains a label value that YAML read as a boolean', () => {
    assert.ok(messages(fixture('invalid/wrong-type.yaml')).some((m) => m.includes('got a boolean true (quote it: "true")')));
  });

  it('says why a shell command is refused and which shapes are accepted', () => {
    const [message] = messages(fixture('invalid/action-shell.yaml'));
    assert.match(message, /"&&" or "\|\|" \(command chaining\)/);
    assert.match(message, /kubectl rollout undo deployment\/\$\{DEPLOYMENT\} -n \$\{NAMESPACE\}/);
    assert.match(message, /never run through a shell/);
  });

  it('reports one clear action problem instead of oneOf noise', () => {
    const text = edit(SEED(), '    command: "kubectl delete pod ${POD_NAME} -n ${NAMESPACE}"\n', '    type: restartPod\n    replicas: 2\n');
    const diagnostics = parseRunbooks(text).diagnostics;
    assert.deepEqual(codes(diagnostics), ['invalid-value']);
    assert.match(diagnostics[0].message, /^action\.type must be one of deletePod, evictPod, scaleDeployment/);
  });

  it('points a missing top-level field at the first key', () => {
    const text = edit(SEED(), 'kind: RemediationRunbook\nmetadata:\n  name: replace-redundant-pod\n', 'kind: RemediationRunbook\n');
    assert.deepEqual(where(parseRunbooks(text).diagnostics), [{ line: 0, character: 0, code: 'missing-field' }]);
    assert.equal(parseRunbooks(text).diagnostics[0].message, 'missing required field "metadata"');
  });

  it('points a value error inside a list at the item', () => {
    const text = edit(SEED(), '      - "replacement_pod_ready_within_timeout"', '      - "pods_look_fine"');
    assert.deepEqual(where(parseRunbooks(text).diagnostics), [{ line: 33, character: 8, code: 'invalid-value' }]);
  });

  it('reports an empty value as nothing, at its key', () => {
    const text = edit(SEED(), '  guardrails:\n    minimumReadyReplicasWithSameApp: 2\n    maxExecutionsPerHour: 3\n    cooldownMinutes: 10\n    maxConcurrentActions: 1\n', '  guardrails:\n');
    const [d] = parseRunbooks(text).diagnostics;
    assert.equal(d.message, 'guardrails must be a mapping; got nothing');
    assert.deepEqual(where([d]), [{ line: 23, character: 2, code: 'wrong-type' }]);
  });

  it('gives a policy-shaped document info diagnostics, not errors', () => {
    const text = 'remediation_policy:\n  incident_type: high-memory-leak\n  max_attempts: 2\n  page_me: yes\n';
    const diagnostics = parseRunbooks(text).diagnostics;
    assert.deepEqual(where(diagnostics), [
      { line: 0, character: 0, code: 'policy-shape' }, { line: 1, character: 2, code: 'policy-field' },
      { line: 2, character: 2, code: 'policy-field' }, { line: 3, character: 2, code: 'policy-field-unmapped' }]);
    assert.ok(diagnostics.every((d) => d.severity === 'info'));
    assert.match(diagnostics[0].message, /remediator convert/);
  });

  it('parseRunbook says when there is no runbook at all', () => {
    const { runbook, diagnostics } = parseRunbook('apiVersion: v1\nkind: ConfigMap\n');
    assert.equal(runbook, undefined);
    assert.deepEqual(codes(diagnostics), ['no-runbook']);
  });
});
