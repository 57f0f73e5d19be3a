// The report webview's display model and its loading: the same figures as the core report, charts whose
// numbers are their tables, the "no audit yet" message, and hostile sources reported, never thrown.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { parseAuditJsonl, type AuditParse } from '../../../src/core/audit/jsonl';
import type { AuditRecord } from '../../../src/core/model/audit';
import { computeReport } from '../../../src/core/report/compute';
import { isReportHostMessage, isReportView, isReportWebviewMessage } from '../../../src/protocol/report';
import { loadReport, MAX_LISTED_PROBLEMS, type ReportSourcesReader } from '../../../src/extension/cluster/report/loadReport';
import { ALL_SERVICES, reportView } from '../../../src/extension/cluster/report/reportView';
import { auditRecord } from '../../support/model';
import { int, pick, prng } from '../../support/random';
import { hostileLabelValue } from '../../support/seeded';

const FIXTURE = 'test/fixtures/report/audit.jsonl';
const NOW = new Date('2026-11-20T00:00:00Z');

function sources(text: string | undefined, o: { shared?: AuditRecord[]; sharedError?: Error; configured?: boolean; unreadable?: boolean } = {}): ReportSourcesReader & { asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    readAuditLog: () => {
      if (o.unreadable) throw new Error('/tmp/x/audit.jsonl: cannot read (EISDIR)');
      const parsed: AuditParse = text === undefined ? { records: [], skipped: [], attempts: [] } : parseAuditJsonl(text);
      return { file: '/tmp/x/audit.jsonl', exists: text !== undefined, ...parsed };
    },
    clusterConfigured: o.configured ?? false,
    sharedHistory: async (names) => {
      asked.push([...names]);
      if (o.sharedError) throw o.sharedError;
      return o.shared ?? [];
    },
  };
}

describe('report webview: the display model', () => {
  const text = fs.readFileSync(FIXTURE, 'utf8');

  it('per runbook: the readiness answer, a figures column per service, charts and their numbers from the core report', async () => {
    const view = await loadReport(sources(text), {}, NOW);
    const core = computeReport({ records: parseAuditJsonl(text).records, now: NOW });
    assert.ok(isReportView(view));
    assert.equal(view.empty, undefined);
    assert.deepEqual(view.runbooks.map((r) => r.runbook), core.runbooks.map((r) => r.runbook));
    assert.deepEqual(view.runbooks.map((r) => r.verdict), core.runbooks.map((r) => r.readiness.verdict));
    const rrp = view.runbooks.find((r) => r.runbook === 'replace-redundant-pod')!;
    const coreRrp = core.runbooks.find((r) => r.runbook === 'replace-redundant-pod')!;
    assert.equal(rrp.summary, coreRrp.readiness.summary);
    assert.deepEqual(rrp.evidence, coreRrp.readiness.evidence);
    assert.deepEqual(rrp.figures.headers, ['Figure', ALL_SERVICES, ...coreRrp.services.map((s) => s.service)]);
    const figure = (name: string) => rrp.figures.rows.find((row) => row[0] === name)!;
    assert.deepEqual(figure('Actions'), ['Actions', '12', '0', '12']);
    assert.equal(figure('Automated recovery')[1], '12/14 (85.7%)');
    assert.equal(figure('Decisions')[1], '14 (+1 previews)');
    assert.match(figure('Blocks by guardrail')[1], /minimumReadyReplicasWithSameApp 2/);
    assert.match(figure('Time to restore')[1], /^median 32s · p90 32s \(n=12\)$/);
    const verification = rrp.charts.find((c) => c.id.startsWith('verification-'))!;
    assert.deepEqual(verification.series.find((s) => s.label === 'passed')!.values[0], coreRrp.verification.passed.count);
    const guardrails = rrp.charts.find((c) => c.id.startsWith('guardrails-'))!;
    assert.deepEqual(guardrails.labels, ['minimumReadyReplicasWithSameApp']);
    assert.deepEqual(guardrails.series[0].values, [2]);
    const rates = rrp.charts.find((c) => c.id.startsWith('rates-'))!;
    assert.equal(rates.unit, 'percent');
    assert.equal(rates.series.find((s) => s.label === 'automated recovery')!.values[0], 85.7);
    // An approval rate with nothing asked is no evidence: null (n/a), not 0.
    assert.equal(rates.series.find((s) => s.label === 'approvals accepted')!.values[0], null);
    assert.ok(view.runbookNames.includes('scale-up-queue-workers'));
  });

  it('since and runbook filter through the same core; an invalid since is a problem, not an error', async () => {
    const one = await loadReport(sources(text), { runbook: 'scale-up-queue-workers', since: ' 30000d ' }, NOW);
    assert.deepEqual(one.runbooks.map((r) => r.runbook), ['scale-up-queue-workers']);
    assert.deepEqual(one.options, { runbook: 'scale-up-queue-workers', since: '30000d' });
    assert.ok(one.runbookNames.length > 1, 'the filter still offers every runbook');
    const recent = await loadReport(sources(text), { since: '1h' }, NOW);
    assert.equal(recent.runbooks.length, 0);
    assert.match(recent.empty ?? '', /No remediation decisions are recorded since/);
    const bad = await loadReport(sources(text), { since: 'soon' }, NOW);
    assert.match(bad.problems.join('\n'), /^since: "soon" is not a duration such as 30m, 12h or 7d/);
    assert.ok(bad.runbooks.length > 0);
  });

  it('no audit yet: a clear message; an unreadable file: a problem naming it', async () => {
    const none = await loadReport(sources(undefined), {}, NOW);
    assert.match(none.empty ?? '', /^No audit log yet: \/tmp\/x\/audit\.jsonl does not exist/);
    assert.deepEqual(none.runbooks, []);
    const unreadable = await loadReport(sources(undefined, { unreadable: true }), {}, NOW);
    assert.deepEqual(unreadable.problems, ['/tmp/x/audit.jsonl: cannot read (EISDIR)']);
  });

  it('the shared state: read for the runbooks named when a cluster is configured; its failure is a problem', async () => {
    const off = sources(text);
    await loadReport(off, {}, NOW);
    assert.deepEqual(off.asked, [], 'no cluster configured: the shared state is not read');
    const shared = [auditRecord({ id: 'other-user-1', time: '2026-11-19T10:00:00.000Z', incidentId: 'INC-OTHER', outcome: 'verified' })];
    const on = sources(text, { configured: true, shared });
    const view = await loadReport(on, {}, NOW);
    assert.deepEqual(on.asked, [['replace-redundant-pod', 'rollback-bad-release', 'scale-up-queue-workers']]);
    assert.match(view.sources, /1 more from the shared state/);
    assert.ok(view.notes.some((n) => /pick the runbook above for another one/.test(n)));
    const failing = await loadReport(sources(text, { configured: true, sharedError: new Error('connect ECONNREFUSED 127.0.0.1:6443') }), {}, NOW);
    assert.deepEqual(failing.problems, ['the shared state in the cluster was not read: connect ECONNREFUSED 127.0.0.1:6443']);
    assert.ok(failing.runbooks.length > 0, 'the audit log is still reported');
  });

  it('shadow agreement appears where shadowed decisions are recorded', () => {
    const records = [
      auditRecord({ id: 's1', outcome: 'shadowed', mode: 'auto_execute', time: '2026-11-19T00:00:00.000Z' }),
      auditRecord({ id: 'p1', outcome: 'executed', actor: 'someone', time: '2026-11-19T00:10:00.000Z', runbook: 'manual' }),
    ];
    const view = reportView({
      report: computeReport({ records, now: NOW }), auditFile: 'a.jsonl', auditExists: true, options: {}, runbookNames: [], problems: [],
      shadow: [{ runbook: 'replace-redundant-pod', shadowed: 1, agreed: 1, disagreed: 0, pending: 0, rate: 1, examples: [] }],
    });
    assert.match(view.runbooks.find((r) => r.runbook === 'replace-redundant-pod')?.shadow ?? '', /^shadow agreement: 100% — 1 agreed/);
  });
});

describe('report webview: hostile audit logs (generated, seeded)', () => {
  const GARBAGE = ['{', 'null', '[]', '{"id":1}', '\u0000\u0000', 'not json at all', '{"time":"yesterday"}', '\u202e{"x":1}', '{"id":"a","outcome":"verified"'];

  it('never throws: unreadable lines are listed (bounded), names are escaped, the view passes the webview guard', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = prng(seed);
      const lines: string[] = [];
      const n = 1 + int(random, 80);
      for (let i = 0; i < n; i++) {
        if (random() < 0.4) { lines.push(pick(random, GARBAGE)); continue; }
        const hostile = hostileLabelValue(random);
        lines.push(JSON.stringify(auditRecord({
          id: `a${int(random, 10)}`, incidentId: hostile, runbook: random() < 0.5 ? hostile : 'replace-redundant-pod',
          outcome: pick(random, ['executed', 'verified', 'blocked', 'verification_failed', 'rolled_back', 'dry_run', 'shadowed', 'error'] as const),
          mode: pick(random, ['auto_execute', 'abort', 'approval_required', 'suggest'] as const),
          time: new Date(NOW.getTime() - int(random, 10 * 86400_000)).toISOString(),
          target: { namespace: 'aiops-remediation-lab', kind: 'Pod', name: `p-${int(random, 5)}`, app: hostile },
          verdicts: random() < 0.5 ? [{ guardrail: 'minimumReadyReplicasWithSameApp', status: 'fail', reason: hostile }] : [],
        })));
      }
      const view = await loadReport(sources(lines.join('\n')), { since: random() < 0.3 ? hostileLabelValue(random) : undefined }, NOW);
      assert.ok(isReportView(view), `seed ${seed}: the view fits the protocol`);
      assert.ok(isReportHostMessage({ type: 'report', view }), `seed ${seed}`);
      assert.ok(view.problems.length <= MAX_LISTED_PROBLEMS + 1, `seed ${seed}: problems are bounded`);
      const shown = JSON.stringify(view);
      assert.ok(!/[\u0000-\u001f\u202e]/.test(JSON.parse(shown).runbooks.map((r: { runbook: string; figures: { headers: string[]; rows: string[][] } }) => r.runbook + r.figures.headers.join('') + r.figures.rows.flat().join('')).join('')),
        `seed ${seed}: no control or bidi character reaches the page`);
    }
  });

  it('the webview guard refuses what is not a report message', () => {
    assert.equal(isReportWebviewMessage({ type: 'options', since: 'x'.repeat(65) }), false);
    assert.equal(isReportWebviewMessage({ type: 'rendered', page: 'report' }), false);
    assert.equal(isReportWebviewMessage({ type: 'execute' }), false);
    assert.equal(isReportHostMessage({ type: 'report', view: { auditFile: 1 } }), false);
    assert.equal(isReportWebviewMessage({ type: 'options', since: '7d', runbook: 'replace-redundant-pod' }), true);
  });
});
