// The live runbook checks over plain data: what a cluster, a notify config and Prometheus would say,
// located where the static diagnostics point. No cluster, no network.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  LIVE_CODES, MAX_LIVE_NAMESPACES, MAX_LIVE_PROBES, liveInventory, probeQueries, appliesTitle, appliesTo, documentLocators, liveDiagnostics, metricProbes, namespacesToLookUp, probeAnswer,
  type LiveClusterRecord, type LiveWorkload, type MetricProbeAnswer, type NamespaceState,
} from '../../../src/core/lint/live';
import type { Runbook } from '../../../src/core/model/runbook';
import { parseRunbooks } from '../../../src/core/runbook/parse';
import type { Diagnostic } from '../../../src/core/runbook/types';
import { int, pick, prng } from '../../support/random';

const TEXT = fs.readFileSync(path.join('test', 'fixtures', 'live', 'scoped-runbook.yaml'), 'utf8');
const OPTED_IN = { 'remediator.kubedojo.io/enabled': 'true', tier: 'web' };

function parsed(text = TEXT): { runbook: Runbook; check: (record: LiveClusterRecord) => Diagnostic[] } {
  const result = parseRunbooks(text);
  const document = result.documents.find((d) => d.runbook);
  assert.ok(document?.runbook, JSON.stringify(result.diagnostics));
  const locator = documentLocators(text)[document.index];
  return { runbook: document.runbook, check: (record) => liveDiagnostics(document.runbook!, record, locator) };
}

function workload(namespace: string, name: string, labels: Record<string, string>, kind: LiveWorkload['kind'] = 'Deployment'): LiveWorkload {
  return { namespace, kind, name, labels, app: name };
}

function record(o: Partial<LiveClusterRecord> & { states?: Record<string, NamespaceState> } = {}): LiveClusterRecord {
  const states = o.states ?? { shop: 'exists', payments: 'exists' };
  return { context: 'lab', namespaces: new Map(Object.entries(states)), workloads: o.workloads ?? [workload('shop', 'web', OPTED_IN)], ...o };
}

/** 0-based line and character of the `nth` occurrence of `needle`, and where it ends. */
function span(needle: string, nth = 0, text = TEXT): { start: { line: number; character: number }; end: { line: number; character: number } } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in the fixture`);
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

/** The key `name` of a `name:` line. */
function keySpan(name: string): ReturnType<typeof span> {
  const at = span(`${name}:`);
  return { start: at.start, end: { line: at.end.line, character: at.end.character - 1 } };
}

function only(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}

describe('live checks: namespaces', () => {
  it('a namespace that does not exist is a warning on its entry; one that exists or cannot be read says nothing', () => {
    const { check } = parsed();
    const found = check(record({ states: { shop: 'exists', payments: 'missing' } }));
    const missing = only(found, LIVE_CODES.namespaceMissing);
    assert.equal(missing.length, 1);
    assert.deepEqual(missing[0].range, span('payments'));
    assert.equal(missing[0].severity, 'warning');
    assert.equal(missing[0].source, 'cluster');
    assert.match(missing[0].message, /^namespace payments does not exist in kube context lab/);
    assert.deepEqual(only(check(record({ states: { shop: 'exists', payments: 'unreadable' } })), LIVE_CODES.namespaceMissing), []);
    assert.deepEqual(only(check(record({ states: { shop: 'exists' } })), LIVE_CODES.namespaceMissing), [], 'not looked up: not reported');
  });

  it('looks up each namespace once, at most MAX_LIVE_NAMESPACES for a file', () => {
    const { runbook } = parsed();
    const many = { ...runbook, spec: { ...runbook.spec, scope: { allowedNamespaces: Array.from({ length: 5000 }, (_, i) => `ns-${i % 3000}`) } } };
    const names = namespacesToLookUp([runbook, many, runbook]);
    assert.equal(names.length, MAX_LIVE_NAMESPACES);
    assert.deepEqual(names.slice(0, 3), ['shop', 'payments', 'ns-0']);
    assert.equal(new Set(names).size, names.length);
  });
});

describe('live checks: the inventory from a snapshot', () => {
  it('read, denied and absent namespaces; Deployments and StatefulSets with their app', () => {
    const inventory = liveInventory(['shop', 'payments', 'gone', '__proto__'], {
      pods: [], replicaSets: [], podDisruptionBudgets: [],
      namespaces: [{ metadata: { name: 'shop' } }],
      unreadableNamespaces: { payments: 'namespaces "payments" is forbidden' },
      deployments: [{ metadata: { name: 'web', namespace: 'shop', labels: { tier: 'web' } }, spec: { template: { metadata: { labels: { app: 'web-app' } } } } }],
      statefulSets: [{ metadata: { name: 'db', namespace: 'shop' } }],
    });
    assert.deepEqual([...inventory.namespaces], [['shop', 'exists'], ['payments', 'unreadable'], ['gone', 'missing'], ['__proto__', 'missing']]);
    assert.deepEqual(inventory.workloads, [
      { namespace: 'shop', kind: 'Deployment', name: 'web', labels: { tier: 'web' }, app: 'web-app' },
      { namespace: 'shop', kind: 'StatefulSet', name: 'db', labels: {} },
    ]);
  });
});

describe('live checks: requiredLabels', () => {
  it('a label no workload in the existing namespaces carries: on that label, with the values found', () => {
    const { check } = parsed();
    const found = only(check(record({ workloads: [workload('shop', 'web', { 'remediator.kubedojo.io/enabled': 'true', tier: 'api' })] })), LIVE_CODES.labelsMatchNothing);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].range, span('web'));
    assert.match(found[0].message, /^no Deployment or StatefulSet in namespaces shop, payments carries tier=web; found tier=api/);
  });

  it('each label matches some workload but none carries both: one warning on requiredLabels', () => {
    const { check } = parsed();
    const found = only(check(record({ workloads: [
      workload('shop', 'a', { 'remediator.kubedojo.io/enabled': 'true' }), workload('payments', 'b', { tier: 'web' }, 'StatefulSet'),
    ] })), LIVE_CODES.labelsMatchNothing);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].range, keySpan('requiredLabels'));
    assert.match(found[0].message, /carries all of remediator\.kubedojo\.io\/enabled=true, tier=web together/);
  });

  it('says nothing when a workload matches, when workloads are unknown, or when no allowed namespace exists', () => {
    const { check } = parsed();
    assert.deepEqual(check(record()), []);
    assert.deepEqual(check(record({ workloads: undefined })), []);
    assert.deepEqual(only(check(record({ states: { shop: 'missing', payments: 'missing' }, workloads: [] })), LIVE_CODES.labelsMatchNothing), []);
  });

  it('a matching workload in a namespace outside the scope does not count', () => {
    const { check } = parsed();
    const found = check(record({ workloads: [workload('elsewhere', 'web', OPTED_IN)] }));
    assert.deepEqual(only(found, LIVE_CODES.labelsMatchNothing).map((d) => d.path?.at(-1)), ['remediator.kubedojo.io/enabled', 'tier']);
  });

  it('label keys that are Object members find nothing, and weird values are shown escaped and short', () => {
    const text = TEXT.replace('      tier: web\n', '      constructor: "x"\n      __proto__: "y"\n');
    const { check } = parsed(text);
    const weird = `bad\u001b[31m\n${'v'.repeat(500)}`;
    const found = only(check(record({ workloads: [workload('shop', 'web', { 'remediator.kubedojo.io/enabled': 'true', constructor: weird })] })), LIVE_CODES.labelsMatchNothing);
    assert.equal(found.length, 2, found.map((d) => d.message).join('\n'));
    for (const d of found) {
      assert.ok(!/[\u0000-\u001f]/.test(d.message), d.message);
      assert.ok(d.message.length < 400, `${d.message.length} characters`);
    }
  });
});

describe('live checks: escalation channels', () => {
  it('an escalation name that is no channel: on that name, listing the known ones', () => {
    const { check } = parsed();
    const found = only(check(record({ channels: { ok: true, names: ['ops-slack', 'pagerduty-p1'] } })), LIVE_CODES.escalationNoChannel);
    assert.equal(found.length, 1);
    assert.deepEqual(found[0].range, span('page_service_owner'));
    assert.equal(found[0].message, 'escalation.onGuardrailFailure names page_service_owner, which is not a channel of the notify config (known: ops-slack, pagerduty-p1)');
  });

  it('no notify config configured: nothing; an unreadable one: one warning on escalation', () => {
    const { check } = parsed();
    assert.deepEqual(check(record({ channels: undefined })), []);
    const found = check(record({ channels: { ok: false, problem: 'cannot read /x/notify.yaml: no such file' } }));
    assert.deepEqual(found.map((d) => d.code), [LIVE_CODES.notifyConfigUnreadable]);
    assert.deepEqual(found[0].range, keySpan('escalation'));
  });

  it('thousands of channels and duplicate names: a short message', () => {
    const { check } = parsed();
    const names = [...Array.from({ length: 10_000 }, (_, i) => `c-${i % 5000}`), 'page_service_owner'];
    const found = only(check(record({ channels: { ok: true, names } })), LIVE_CODES.escalationNoChannel);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /onVerificationFailure names ops-slack.*and 4996 more\)$/);
  });
});

describe('live checks: metric probes', () => {
  it('fills placeholders for the first workload in scope; skips ${POD_NAME}; a query without placeholders needs no workload', () => {
    const { runbook } = parsed();
    const probes = metricProbes(runbook, record({ workloads: [workload('shop', 'web', OPTED_IN), workload('payments', 'api', OPTED_IN)] }));
    assert.deepEqual(probes.map((p) => [p.name, p.query, p.subject]), [
      ['errors-present', 'sum(rate(http_requests_total{namespace="payments",app="api",code="500"}[1m]))', 'payments/Deployment/api'],
      ['cluster-up', 'sum(up)', undefined],
    ]);
    assert.deepEqual(metricProbes(runbook, record({ workloads: [] })).map((p) => p.name), ['cluster-up']);
  });

  it('a query that returns no data now: on the query; several series: on the query; a value or no answer: nothing', () => {
    const { runbook, check } = parsed();
    const base = record();
    const [pre, up] = metricProbes(runbook, base);
    const answers = (a: MetricProbeAnswer, b?: MetricProbeAnswer) => new Map([[pre.query, a], ...(b ? [[up.query, b] as const] : [])]);
    const noData = check({ ...base, metrics: answers({ kind: 'no_data', reason: 'empty' }, { kind: 'several_series', count: 3 }) });
    assert.deepEqual(noData.map((d) => d.code), [LIVE_CODES.metricNoData, LIVE_CODES.metricSeveralSeries]);
    assert.deepEqual(noData[0].range, span(`'sum(rate(http_requests_total{namespace="\${NAMESPACE}",app="\${APP}",code="500"}[1m]))'`));
    assert.match(noData[0].message, /^query errors-present returns no data now for shop\/Deployment\/web \(an empty result\)/);
    assert.deepEqual(noData[1].range, span("'sum(up)'"));
    assert.match(noData[1].message, /returns 3 series now; it must return one/);
    assert.deepEqual(check({ ...base, metrics: answers({ kind: 'value', value: 0.2 }) }), []);
    assert.deepEqual(check({ ...base, metrics: new Map() }), []);
  });

  it('a file of many runbooks: each distinct query once, at most MAX_LIVE_PROBES', () => {
    const { runbook } = parsed();
    const many = Array.from({ length: 300 }, (_, i) => ({
      ...runbook,
      spec: { ...runbook.spec, guardrails: { ...runbook.spec.guardrails, metricPreconditions: [{ name: `q${i % 120}`, query: `sum(up{n="${i % 120}"})`, condition: 'result > 0' }] } },
    }));
    const queries = probeQueries([runbook, runbook, ...many], record());
    assert.equal(queries.size, MAX_LIVE_PROBES);
    assert.deepEqual([...queries.keys()].slice(0, 3), [
      'sum(rate(http_requests_total{namespace="shop",app="web",code="500"}[1m]))', 'sum(up)', 'sum(up{n="0"})',
    ]);
  });

  it('probeAnswer: an empty vector and NaN are no data, several series are counted, one value is a value', () => {
    assert.deepEqual(probeAnswer({ kind: 'no_data' }, 'q'), { kind: 'no_data', reason: 'empty' });
    assert.deepEqual(probeAnswer({ kind: 'vector', samples: [] }, 'q'), { kind: 'no_data', reason: 'empty' });
    assert.deepEqual(probeAnswer({ kind: 'scalar', value: NaN, timestamp: 1 }, 'q'), { kind: 'no_data', reason: 'nan' });
    assert.deepEqual(probeAnswer({ kind: 'vector', samples: [{ labels: {}, value: 1, timestamp: 1 }, { labels: { a: 'b' }, value: 2, timestamp: 1 }] }, 'q'), { kind: 'several_series', count: 2 });
    assert.deepEqual(probeAnswer({ kind: 'vector', samples: [{ labels: {}, value: 0.5, timestamp: 1 }] }, 'q'), { kind: 'value', value: 0.5 });
  });
});

describe('live checks: applies to N workloads in M namespaces', () => {
  it('counts each workload once, only in existing allowed namespaces with every label', () => {
    const { runbook } = parsed();
    const workloads = [
      workload('shop', 'web', OPTED_IN), workload('shop', 'web', OPTED_IN), workload('shop', 'web', OPTED_IN, 'StatefulSet'),
      workload('payments', 'api', OPTED_IN), workload('payments', 'cron', { tier: 'web' }), workload('elsewhere', 'x', OPTED_IN),
    ];
    const applies = appliesTo(runbook, record({ workloads }));
    assert.deepEqual(applies, { workloads: 3, namespaces: 2, unchecked: 0, sample: ['payments/Deployment/api', 'shop/Deployment/web', 'shop/StatefulSet/web'] });
    assert.equal(appliesTitle(applies!), 'applies to 3 workloads in 2 namespaces');
    assert.equal(appliesTitle({ workloads: 1, namespaces: 1, unchecked: 1, sample: [] }), 'applies to 1 workload in 1 namespace (1 namespace not checked)');
    assert.equal(appliesTo(runbook, record({ workloads: undefined })), undefined);
    assert.deepEqual(appliesTo(runbook, record({ states: { shop: 'exists' } }))?.unchecked, 1);
  });

  it('50,000 workloads: counted once each', () => {
    const { runbook } = parsed();
    // 20,000 distinct workloads, each listed two or three times; two in three opted in.
    const workloads = Array.from({ length: 50_000 }, (_, i) => workload((i % 20_000) % 2 ? 'shop' : 'payments', `w-${i % 20_000}`, (i % 20_000) % 3 ? OPTED_IN : {}));
    const applies = appliesTo(runbook, record({ workloads }))!;
    assert.equal(applies.workloads, 13_333);
    assert.equal(applies.namespaces, 2);
  });
});

describe('live checks: generated hostile records', () => {
  const LABELS = ['remediator.kubedojo.io/enabled', 'tier', 'constructor', '__proto__', 'toString', 'app', 'a/b', ''];
  const VALUES = ['true', 'web', 'false', '', 'WEB', ' web', '\u0000', '\u202e', 'x'.repeat(300), '日本', '"} or vector(1)'];
  const STATES: NamespaceState[] = ['exists', 'missing', 'unreadable'];

  it('500 generated records: never throws, every range inside the file, a finding per missing namespace', function () {
    this.timeout(60_000);
    const seed = 0x11e;
    const random = prng(seed);
    const { runbook, check } = parsed();
    const lines = TEXT.split('\n');
    for (let n = 0; n < 500; n++) {
      const states: Record<string, NamespaceState> = {};
      for (const ns of ['shop', 'payments', 'other']) if (random() < 0.8) states[ns] = pick(random, STATES);
      const workloads = Array.from({ length: int(random, 30) }, () => {
        const labels: Record<string, string> = {};
        for (let k = int(random, 4); k > 0; k--) labels[pick(random, LABELS)] = pick(random, VALUES);
        return workload(pick(random, ['shop', 'payments', 'other', '__proto__']), pick(random, ['web', 'api', 'web']), labels, random() < 0.5 ? 'Deployment' : 'StatefulSet');
      });
      const answers: MetricProbeAnswer[] = [{ kind: 'value', value: 1 }, { kind: 'no_data', reason: 'nan' }, { kind: 'several_series', count: 1_000_000 }];
      const rec = record({ states, workloads: random() < 0.1 ? undefined : workloads, channels: random() < 0.5 ? { ok: true, names: [pick(random, VALUES)] } : undefined });
      const metrics = new Map(metricProbes(runbook, rec).map((p) => [p.query, pick(random, answers)]));
      let found: Diagnostic[];
      try {
        found = check({ ...rec, metrics });
      } catch (err) {
        throw new Error(`seed ${seed} case ${n}: ${(err as Error).message}`);
      }
      for (const d of found) {
        assert.ok(d.range.start.line < lines.length && d.range.end.line < lines.length, `seed ${seed} case ${n}: ${JSON.stringify(d.range)}`);
        assert.ok(!/[\u0000-\u001f\u202e]/.test(d.message), `seed ${seed} case ${n}: ${JSON.stringify(d.message)}`);
      }
      const missing = ['shop', 'payments'].filter((ns) => states[ns] === 'missing').length;
      assert.equal(only(found, LIVE_CODES.namespaceMissing).length, missing, `seed ${seed} case ${n}`);
    }
  });
});
