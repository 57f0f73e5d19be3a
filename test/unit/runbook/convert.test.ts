import { strict as assert } from 'assert';
import { convertPolicy } from '../../../src/core/runbook/convert';
import { parseDuration } from '../../../src/core/runbook/durations';
import { parseRunbook, parseRunbooks } from '../../../src/core/runbook/parse';
import { codes, edit, fixture } from './helpers';

const POLICY = () => fixture('policy/seed-memory-leak.yaml');

const ERROR_RATIO = 'sum(rate(http_requests_total{namespace="${NAMESPACE}",app="${APP}",code=~"5.."}[5m]))';

/** Fills the placeholders a human must decide. */
function filledIn(yaml: string): string {
  const filled = edit(edit(edit(yaml, 'owner: null', 'owner: platform-operations'), 'risk: null', 'risk: medium'),
    'allowedNamespaces: null', 'allowedNamespaces: [payments]');
  return filled.includes('query: null') ? edit(filled, 'query: null', `query: '${ERROR_RATIO}'`) : filled;
}

describe('runbook convert: a self-healing remediation_policy', () => {
  it('maps every policy field and explains each mapping', () => {
    const result = convertPolicy(POLICY());
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.yaml);
    assert.equal(result.runbook, undefined, 'placeholders keep it invalid');
    for (const field of ['incident_type', 'detection_signal', 'auto_execute', 'confidence_threshold', 'max_attempts',
      'cooldown_after_action', 'verification_window', 'rollback_if_failed', 'escalation_channel']) {
      assert.ok(result.notes.some((note) => note.startsWith(field)), `a note for ${field}`);
    }
    assert.ok(result.notes.some((note) => note.startsWith('action: guessed "kubectl rollout restart"')));
  });

  it('leaves owner, risk and scope as placeholders that fail validation at their keys', () => {
    const { yaml } = convertPolicy(POLICY());
    const diagnostics = parseRunbooks(yaml!).diagnostics;
    assert.deepEqual(diagnostics.map((d) => d.path?.join('.')), ['spec.owner', 'spec.risk', 'spec.scope.allowedNamespaces', 'spec.verification.metrics.0.query']);
    assert.match(yaml!, /owner: null # FILL IN: the team that owns this runbook/);
  });

  it('yields a valid runbook with the mapped values once a human fills the placeholders', () => {
    const { runbook, diagnostics } = parseRunbook(filledIn(convertPolicy(POLICY()).yaml!));
    assert.deepEqual(diagnostics, []);
    assert.ok(runbook);
    assert.equal(runbook.metadata.name, 'high-memory-leak');
    assert.deepEqual(runbook.spec.triggers, { symptoms: ['OOMKilled'], probableCauses: ['high-memory-leak'], minimumConfidence: 0.92 });
    assert.equal(runbook.spec.decisionMode, 'auto_execute');
    assert.deepEqual(runbook.spec.guardrails, { maxExecutionsPerHour: 2, circuitBreaker: { failureThreshold: 2, windowMinutes: 60 }, cooldownMinutes: 10 });
    assert.deepEqual(runbook.spec.action, { type: 'rolloutRestart' });
    assert.equal(runbook.spec.verification.timeoutSeconds, 300);
    assert.deepEqual(runbook.spec.verification.metrics, [{
      name: 'error-ratio', query: ERROR_RATIO, successCondition: 'result < 0.01', failureCondition: 'result > baseline * 1.2',
      initialDelay: '30s', interval: '60s', count: 3, failureLimit: 0, inconclusiveLimit: 2, onNoData: 'inconclusive',
    }]);
    assert.equal(runbook.spec.rollback.type, 'rollout_undo');
    assert.deepEqual(runbook.spec.escalation, { onGuardrailFailure: 'pagerduty-p1', onVerificationFailure: 'pagerduty-p1' });
  });

  it('comments each mapped field in the YAML', () => {
    const { yaml } = convertPolicy(POLICY());
    for (const comment of ['# from incident_type: "high-memory-leak"', '# from confidence_threshold: 0.92', '# from cooldown_after_action: "10m"',
      '# from verification_window: "5m"', '# from auto_execute: true', '# from escalation_channel: "pagerduty-p1"']) {
      assert.ok(yaml!.includes(comment), comment);
    }
  });

  it('verification_window: a metric whose placeholder query fails validation at its place, with an example', () => {
    const { yaml, notes } = convertPolicy(POLICY());
    const query = parseRunbooks(yaml!).diagnostics.find((d) => d.path?.join('.') === 'spec.verification.metrics.0.query')!;
    const lines = yaml!.split('\n');
    assert.match(lines[query.range.start.line], /^\s+query: null # FILL IN: the PromQL of the error ratio, e\.g\. sum\(rate\(/);
    assert.ok(notes.some((n) => n.startsWith('verification.metrics[0].query: FILL IN')));
    assert.ok(yaml!.includes('# from verification_window: "5m": the error rate must recover within it'));
    const without = convertPolicy(POLICY().replace(/^\s*verification_window:.*\n/m, ''));
    assert.ok(!without.yaml!.includes('metrics:'), 'no window, no metric');
  });

  it('the window metric\'s schedule fits the window, so lint finds nothing to warn about', () => {
    for (const [window, delay, interval] of [['10s', '0s', '2s'], ['60s', '0s', '15s'], ['2m', '30s', '22s'], ['1h', '30s', '60s'], ['1s', '0s', '1s']]) {
      const { runbook, diagnostics } = parseRunbook(filledIn(convertPolicy(edit(POLICY(), 'verification_window: 5m', `verification_window: ${window}`)).yaml!));
      assert.ok(runbook, JSON.stringify(diagnostics));
      const m = runbook.spec.verification.metrics![0];
      assert.deepEqual([m.initialDelay, m.interval], [delay, interval], window);
      assert.deepEqual(diagnostics.filter((d) => d.source === 'metrics'), [], window);
    }
  });

  it('maps auto_execute false to approval_required and guesses other actions', () => {
    const cpu = convertPolicy(edit(edit(POLICY(), 'high-memory-leak', 'cpu-spike'), 'auto_execute: true', 'auto_execute: false'));
    assert.match(cpu.yaml!, /decisionMode: approval_required/);
    assert.match(cpu.yaml!, /type: scaleDeployment\n\s+by: 2\n\s+maxReplicas: null/);
    const release = convertPolicy(edit(POLICY(), 'high-memory-leak', 'bad-deployment'));
    assert.match(release.yaml!, /kubectl rollout undo deployment/);
    assert.ok(release.notes.some((n) => n.includes('helm rollback, which is not supported')));
    const unknown = convertPolicy(edit(POLICY(), 'high-memory-leak', 'disk-full'));
    assert.match(unknown.yaml!, /type: null/);
    assert.ok(unknown.notes.some((n) => n.includes('FILL IN action.type')));
  });

  it('reports bad durations at the value in the policy', () => {
    const result = convertPolicy(edit(POLICY(), 'cooldown_after_action: 10m', 'cooldown_after_action: ten minutes'));
    assert.deepEqual(result.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['policy-bad-duration', 7, 25]]);
    assert.ok(result.yaml, 'still converts the rest');
  });

  it('notes fields it drops and refuses text without a policy', () => {
    assert.ok(convertPolicy(`${POLICY()}  page_me_at_night: yes\n`).notes.includes('page_me_at_night: no RemediationRunbook equivalent; dropped'));
    assert.deepEqual(codes(convertPolicy('kind: ConfigMap\n').diagnostics), ['no-policy']);
    assert.deepEqual(codes(convertPolicy('remediation_policy: 3\n').diagnostics), ['no-policy']);
    assert.deepEqual(codes(convertPolicy('['.repeat(10_000)).diagnostics), ['nesting-too-deep'], 'the same limit as validate');
  });
});

describe('policy durations', () => {
  const CASES: [unknown, number | undefined][] = [
    ['10m', 600], ['90s', 90], ['1h', 3600], ['1h30m', 5400], ['2m5s', 125], ['0s', 0],
    ['10', undefined], [10, undefined], ['', undefined], ['10 minutes', undefined], ['m', undefined], [null, undefined], ['-5m', undefined],
  ];
  for (const [input, seconds] of CASES) {
    it(`${JSON.stringify(input)} -> ${seconds ?? 'refused'}`, () => {
      const result = parseDuration(input);
      assert.deepEqual(result.ok ? result.seconds : undefined, seconds);
    });
  }
});
