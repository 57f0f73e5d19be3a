// The Helm part of the panel protocol: the plan view's two revisions, the "Compare revisions" request and
// the render report's revisions; malformed and generated hostile values are refused, never thrown on.
import { strict as assert } from 'assert';
import { isHostMessage, isPlanView, isWebviewMessage, type HelmPlanView, type PlanView } from '../../../src/protocol/messages';
import { isHelmPlanView, isHelmRevisionView } from '../../../src/protocol/helm';
import { decideTarget, decisionContext } from '../../../src/core/engine/decide';
import { helmPlanView, planView } from '../../../src/extension/cluster/panel/planView';
import { LAB_NAMESPACE, LAB_NOW } from '../../support/lab';
import { helmRevision, helmRunbook, helmSnapshot, RELEASE } from '../../support/helmReleases';
import { seededRandom } from '../../support/seeded';
import { int, pick } from '../../support/random';

const HELM: HelmPlanView = {
  release: 'checkout', namespace: 'shop',
  current: { revision: 3, status: 'deployed', chart: 'checkout', chartVersion: '0.3.0', appVersion: '1.3', deployedAt: '2026-01-01T00:00:00.000Z', description: 'Upgrade complete' },
  proposed: { revision: 2, status: 'superseded', chart: 'checkout', chartVersion: '0.2.0', description: 'Upgrade complete' },
  values: { added: 1, removed: 1 }, manifest: { added: 0, removed: 0 },
};

const VIEW: PlanView = {
  source: 'live', runbook: 'rb', target: 'shop/deployment/checkout', mode: 'auto_execute', modeReason: 'ok', sentence: 's', currentState: 'c',
  incident: { id: 'i', symptom: 'x', confidence: 1 }, verdicts: [], action: { description: 'd', equivalentCommand: 'helm rollback checkout 2 -n shop', mutating: true },
  verification: { checks: [], timeoutSeconds: 60 }, rollback: { description: 'r', risk: 'low' }, escalation: [], access: [], execute: { enabled: true }, helm: HELM,
};

const drawn = { checks: [] };

describe('panel protocol: Helm revisions', () => {
  it('accepts a plan with two revisions, the compare request and a render report naming both revisions', () => {
    assert.ok(isPlanView(VIEW));
    assert.ok(isHostMessage({ type: 'plan', view: VIEW }));
    assert.ok(isPlanView({ ...VIEW, helm: undefined }), 'no Helm part for other actions');
    assert.ok(isWebviewMessage({ type: 'compareRevisions' }));
    assert.ok(isWebviewMessage({ type: 'rendered', mode: 'auto_execute', verdicts: 0, checks: 0, access: 0, approval: false, metrics: drawn, helmRevisions: [3, 2] }));
    assert.ok(isWebviewMessage({ type: 'rendered', mode: 'auto_execute', verdicts: 0, checks: 0, access: 0, approval: false, metrics: drawn }));
  });

  it('refuses malformed revisions, counts and render reports', () => {
    const bad: unknown[] = [
      { ...HELM, current: { ...HELM.current, revision: 0 } },
      { ...HELM, current: { ...HELM.current, revision: 1.5 } },
      { ...HELM, proposed: { ...HELM.proposed, chart: 7 } },
      { ...HELM, proposed: { ...HELM.proposed, appVersion: null } },
      { ...HELM, proposed: { ...HELM.proposed, description: 'x'.repeat(5000) } },
      { ...HELM, values: { added: -1, removed: 0 } },
      { ...HELM, manifest: { added: Number.NaN, removed: 0 } },
      { ...HELM, release: undefined },
      [HELM],
    ];
    for (const helm of bad) {
      assert.equal(isHelmPlanView(helm), false, JSON.stringify(helm));
      assert.equal(isPlanView({ ...VIEW, helm }), false, JSON.stringify(helm));
    }
    for (const helmRevisions of [[3], [3, 2, 1], ['3', '2'], [3, Infinity], {}]) {
      assert.equal(isWebviewMessage({ type: 'rendered', mode: 'm', verdicts: 0, checks: 0, access: 0, approval: false, metrics: drawn, helmRevisions }), false, JSON.stringify(helmRevisions));
    }
  });

  it('generated revision views: a guard never throws, and accepts only when every field has its type', () => {
    const random = seededRandom(911);
    const values: unknown[] = [undefined, null, 0, -1, 1, 2.5, Number.NaN, Infinity, '', 'x', true, [], {}, { revision: 1 }];
    const keys = ['revision', 'status', 'chart', 'chartVersion', 'appVersion', 'deployedAt', 'description'];
    for (let i = 0; i < 2000; i++) {
      const r: Record<string, unknown> = {};
      for (const key of keys) if (random() < 0.9) r[key] = random() < 0.5 ? pick(random, values) : (HELM.current as unknown as Record<string, unknown>)[key];
      const text = (v: unknown) => typeof v === 'string';
      const expected = typeof r.revision === 'number' && Number.isInteger(r.revision) && r.revision >= 1
        && text(r.status) && text(r.chart) && text(r.chartVersion) && text(r.description)
        && (r.appVersion === undefined || text(r.appVersion)) && (r.deployedAt === undefined || text(r.deployedAt));
      assert.equal(isHelmRevisionView(r), expected, `case ${i}: ${JSON.stringify(r)}`);
      const message = { type: pick(random, ['plan', 'rendered', 'compareRevisions']), view: { ...VIEW, helm: { ...HELM, current: r } }, helmRevisions: [int(random, 5), r.revision] };
      assert.doesNotThrow(() => { isHostMessage(message); isWebviewMessage(message); });
    }
  });
});

describe('panel plan view of a Helm rollback', () => {
  const TARGET = { namespace: LAB_NAMESPACE, kind: 'Deployment', name: 'checkout' };
  const INCIDENT = { id: 'inc-1', symptom: 'http_5xx', probableCause: 'bad_deploy', confidence: 0.88 };

  it('carries both revisions with their charts, app versions, times, descriptions and diff sizes', () => {
    const snapshot = helmSnapshot([helmRevision(1, 'superseded'), helmRevision(2, 'superseded'), helmRevision(3, 'deployed', { description: 'Upgrade to v3' })]);
    const plan = decideTarget(decisionContext({ runbook: helmRunbook(), snapshot, now: LAB_NOW }), TARGET, INCIDENT);
    const view = planView({ plan, source: 'live', trusted: true });
    assert.ok(isPlanView(view), 'the host sends only what the webview accepts');
    const helm = view.helm!;
    assert.equal(helm.release, RELEASE);
    assert.deepEqual([helm.current.revision, helm.proposed.revision], [3, 2]);
    assert.deepEqual([helm.current.chartVersion, helm.proposed.chartVersion, helm.current.appVersion, helm.proposed.appVersion], ['0.3.0', '0.2.0', '1.3', '1.2']);
    assert.equal(helm.current.description, 'Upgrade to v3');
    assert.equal(helm.current.deployedAt, helmRevision(3, 'deployed').deployedAt);
    assert.ok(helm.values.added > 0 && helm.manifest.removed > 0);
  });

  it('has no Helm part when no revision could be chosen, nor for other actions', () => {
    const snapshot = helmSnapshot([helmRevision(1, 'deployed')]);
    const plan = decideTarget(decisionContext({ runbook: helmRunbook(), snapshot, now: LAB_NOW }), TARGET, INCIDENT);
    assert.equal(helmPlanView(plan), undefined);
    assert.equal(planView({ plan, source: 'live', trusted: true }).helm, undefined);
  });
});
