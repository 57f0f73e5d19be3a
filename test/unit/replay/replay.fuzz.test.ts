// Generated input for replay: seeded random lab variants decided and recorded as the pipeline records
// them, then (a) replayed intact with the same runbook, which must change nothing, and (b) damaged in
// random ways (hostile values, wrong types, deep cuts), which must never throw and must leave every
// record either replayed or listed as not replayable.
import { strict as assert } from 'assert';
import { parseAuditJsonl } from '../../../src/core/audit/jsonl';
import type { ClusterSnapshot } from '../../../src/core/k8s/types';
import type { AuditRecord } from '../../../src/core/model/audit';
import type { Runbook } from '../../../src/core/model/runbook';
import { replayDecisions } from '../../../src/core/replay/replay';
import { recordDecision } from '../../support/decisions';
import { LAB_NAMESPACE, LAB_WEB_RS, deployment, incident, labSnapshot, namespaceObj, pdb, pod, runbook } from '../../support/k8s';
import { int, pick, prng, type Random } from '../../support/random';

const HOSTILE: unknown[] = [null, -1, 1e308, 'x'.repeat(3000), '\u001b[31m', '__proto__', {}, [], [[[]]], true, '', 'constructor', { __proto__: { polluted: 1 } }, Number.NaN];

function labVariant(rnd: Random): ClusterSnapshot {
  const s = labSnapshot({ takenAt: rnd() < 0.8 ? '2026-04-26T10:00:00.000Z' : null });
  const extra = int(rnd, 4);
  for (let i = 0; i < extra; i++) s.pods.push(pod(`${LAB_WEB_RS}-g${i}`, { app: 'web', owner: LAB_WEB_RS, ready: rnd() < 0.6 }));
  if (rnd() < 0.3) s.podDisruptionBudgets.push(pdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: pick(rnd, [0, 1, null]) }));
  if (rnd() < 0.2) s.namespaces = [namespaceObj(LAB_NAMESPACE, { annotations: { 'remediator.kubedojo.io/maintenance': 'true' } })];
  if (rnd() < 0.2) s.deployments[0] = deployment('web', { replicas: 2 + extra, labels: {} });
  return s;
}

function runbookVariant(rnd: Random): Runbook {
  return runbook({ guardrails: { minimumReadyReplicasWithSameApp: 1 + int(rnd, 4), cooldownMinutes: pick(rnd, [undefined, 10]) }, spec: { risk: pick(rnd, ['low', 'high'] as const) } });
}

function records(rnd: Random, n: number, rb: Runbook): AuditRecord[] {
  const out: AuditRecord[] = [];
  const t0 = Date.parse('2026-04-26T10:00:00Z');
  for (let i = 0; i < n; i++) {
    const s = labVariant(rnd);
    const named = pick(rnd, s.pods);
    const ref = { namespace: LAB_NAMESPACE, kind: rnd() < 0.8 ? 'Pod' : 'Deployment', name: named.metadata.name };
    const inc = rnd() < 0.5 ? incident({ symptom: pick(rnd, ['CrashLoopBackOff', 'manual_restart_recommended', 'other']), confidence: rnd() }) : undefined;
    // Decisions made with the recorded history, so history-based guardrails see what the live one saw.
    const now = new Date(t0 + i * 90_000);
    out.push(recordDecision(rb, s, ref, { now, id: `d${i}`, history: out.filter((r) => r.outcome !== 'dry_run'), incident: inc,
      outcome: rnd() < 0.3 ? 'executed' : undefined }).record);
  }
  return out;
}

/** A random path inside a JSON value, and a hostile value put there. */
function damage(rnd: Random, value: Record<string, unknown>): void {
  let node: unknown = value.decisionInput;
  for (let depth = 0; depth < 8; depth++) {
    if (typeof node !== 'object' || node === null) return;
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = pick(rnd, keys);
    const child = (node as Record<string, unknown>)[key];
    if (rnd() < 0.3 || typeof child !== 'object' || child === null) {
      (node as Record<string, unknown>)[key] = pick(rnd, HOSTILE);
      return;
    }
    node = child;
  }
}

describe('replay: generated input', () => {
  it('intact records replayed with the runbook that made them never change', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rnd = prng(seed);
      const rb = runbookVariant(rnd);
      const recs = records(rnd, 6, rb);
      const text = recs.map((r) => JSON.stringify(r)).join('\n');
      const report = replayDecisions({ runbook: rb, records: parseAuditJsonl(text).records });
      const changed = report.entries.filter((e) => e.status !== 'unchanged');
      assert.equal(changed.length, 0, `seed ${seed}: ${JSON.stringify(changed.map((e) => e.status === 'not_replayable' ? e.reason : e.reason))}`);
      assert.equal(report.summary.decisions, recs.length, `seed ${seed}`);
    }
  });

  it('damaged records never throw; each is replayed or listed as not replayable', () => {
    const seen = { replayed: 0, notReplayable: 0 };
    for (let seed = 100; seed < 160; seed++) {
      const rnd = prng(seed);
      const rb = runbookVariant(rnd);
      const lines = records(rnd, 4, rb).map((r) => {
        const v = JSON.parse(JSON.stringify(r)) as Record<string, unknown>;
        const cuts = int(rnd, 4);
        for (let i = 0; i < cuts; i++) damage(rnd, v);
        return JSON.stringify(v);
      });
      const parsed = parseAuditJsonl(lines.join('\n'));
      const report = replayDecisions({ runbook: runbookVariant(rnd), records: parsed.records });
      const s = report.summary;
      assert.equal(s.changed + s.unchanged + s.notReplayable, s.decisions, `seed ${seed}`);
      assert.equal(s.decisions + s.otherRunbooks, new Set(parsed.records.map((r) => r.id)).size, `seed ${seed}`);
      for (const e of report.entries) assert.ok(e.reason.length > 0, `seed ${seed}: every entry says why`);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      seen.replayed += s.changed + s.unchanged;
      seen.notReplayable += s.notReplayable;
    }
    assert.ok(seen.replayed > 20 && seen.notReplayable > 20, `the damage reaches both outcomes: ${JSON.stringify(seen)}`);
  });
});
