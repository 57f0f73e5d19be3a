// Generated input over the guardrails: random numeric runbook settings (huge, 0, negative, fractional,
// NaN), random history times (unparseable, far past, far future), random clocks, and states with pods
// listed more than once or peers that only share the app label. Invariants:
//  - no time guardrail passes when its computation involved an invalid date (clock, window, record);
//  - a cooldown never passes with a dated action inside its window;
//  - the replica floor counts each pod once, and only the target controller's Ready pods;
//  - no plan is auto_execute while distinct Ready pods of the target's controller are below the floor.
import { strict as assert } from 'assert';
import { decisionContext, decideTargets, scanTargets } from '../../../src/core/engine/decide';
import { ALL_GUARDRAILS } from '../../../src/core/guardrails';
import { GUARDRAIL_LIMITS } from '../../../src/core/guardrails/limits';
import { isPodReady } from '../../../src/core/k8s/pods';
import type { ClusterSnapshot, Pod } from '../../../src/core/k8s/types';
import { ACTED_OUTCOMES, OUTCOMES, type AuditRecord } from '../../../src/core/model/audit';
import type { Guardrails } from '../../../src/core/model/runbook';
import type { Verdict } from '../../../src/core/model/verdict';
import { type Random, int, pick, prng } from '../../support/random';
import {
  LAB_NAMESPACE, LAB_NOW, LAB_SINGLETON_RS, LAB_WEB_RS, auditRecord, context, labSnapshot, pod, runbook,
} from '../../support/k8s';

const chance = (random: Random, p: number): boolean => random() < p;

const ITERATIONS = 400;
const NUMBERS = [undefined, 0, 1, 2, 3, 5, -1, -0.5, 0.5, 2.5, 60, 525_600, 525_601, 10_000, 10_001, 1e12, 999999999999,
  Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN];
const TIMES = ['garbage', '', '2026-13-45T99:99:99Z', 'yesterday', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', 12345 as unknown as string, undefined as unknown as string];
const NOWS = [LAB_NOW, LAB_NOW, LAB_NOW, new Date(Number.NaN), new Date(8.64e15), new Date(-8.64e15), new Date('2000-01-01T00:00:00Z')];
const TIME_GUARDRAILS = ['cooldownMinutes', 'maxExecutionsPerHour', 'maxConcurrentActions', 'circuitBreaker', 'blastRadius', 'stateFreshness'];

const num = (random: Random) => pick(random, NUMBERS);
const valid = (d: Date) => Number.isFinite(d.getTime());
const timeOf = (r: AuditRecord) => (typeof r.time === 'string' ? Date.parse(r.time) : Number.NaN);

function randomGuardrails(random: Random): Partial<Guardrails> {
  return {
    cooldownMinutes: num(random), maxExecutionsPerHour: num(random), maxConcurrentActions: num(random),
    minimumReadyReplicasWithSameApp: num(random), maxStateAgeSeconds: num(random),
    circuitBreaker: chance(random, 0.6) ? { failureThreshold: num(random) as number, windowMinutes: num(random) as number } : undefined,
    blastRadius: chance(random, 0.5) ? { maxTargetsPerRun: num(random), maxPercentOfReplicas: num(random) } : undefined,
  };
}

function randomHistory(random: Random, now: Date): AuditRecord[] {
  const base = valid(now) ? now : LAB_NOW;
  return Array.from({ length: int(random, 8) }, (_, i) => {
    const near = new Date(base.getTime() - (int(random, 400) - 100) * 60_000);
    const time = chance(random, 0.3) ? pick(random, TIMES) : (valid(near) ? near : base).toISOString();
    const app = pick(random, ['web', 'singleton']);
    const name = app === 'web' ? 'web-5d8f9c7b6c-x8k2p' : 'singleton-7b9c6d4f8d-m2n4r';
    return auditRecord({ id: `a${int(random, 4)}-${i % 3}`, time, outcome: pick(random, OUTCOMES), target: { namespace: LAB_NAMESPACE, kind: 'Pod', name, app } });
  });
}

/** The lab with random repeats of its pods (some copies not Ready, some under another uid) and look-alike peers. */
function randomSnapshot(random: Random): ClusterSnapshot {
  const snap = labSnapshot();
  const originals = [...snap.pods];
  for (let i = int(random, 4); i > 0; i--) {
    const copy = structuredClone(pick(random, originals));
    if (chance(random, 0.3)) copy.metadata.uid = `stale-${i}`;
    if (chance(random, 0.3)) copy.status = { ...copy.status, conditions: [{ type: 'Ready', status: 'False' }] };
    snap.pods.splice(int(random, snap.pods.length + 1), 0, copy);
  }
  for (let i = int(random, 3); i > 0; i--) snap.pods.push(pod(`lookalike-${i}`, { app: pick(random, ['web', 'singleton']), owner: chance(random, 0.5) ? null : 'other-rs-1a2b3' }));
  return snap;
}

/** Distinct Ready pods of a ReplicaSet's Deployment with the app, computed here without the index. */
function distinctReadyPeers(snap: ClusterSnapshot, rsName: string, app: string): number {
  const copies = new Map<string, Pod[]>();
  const uidToName = new Map<string, string>();
  for (const p of snap.pods) {
    const name = (p.metadata.uid && uidToName.get(p.metadata.uid)) || p.metadata.name;
    if (p.metadata.uid && !uidToName.has(p.metadata.uid)) uidToName.set(p.metadata.uid, name);
    copies.set(name, [...(copies.get(name) ?? []), p]);
  }
  let n = 0;
  for (const list of copies.values()) {
    const first = list[0];
    const owner = first.metadata.ownerReferences?.find((o) => o.controller);
    if (owner?.name === rsName && first.metadata.labels?.app === app && list.every(isPodReady)) n++;
  }
  return n;
}

/** Did this guardrail's computation involve an invalid date (the clock, its window start, or a relevant record)? */
function involvedInvalidDate(id: string, g: Partial<Guardrails>, now: Date, records: AuditRecord[], app: string, disablesRunbook: boolean): boolean {
  if (!valid(now)) return true;
  const relevant = (outcomes: readonly string[]) => records.some((r) => r.target.app === app && outcomes.includes(r.outcome) && !Number.isFinite(timeOf(r)));
  const windowInvalid = (minutes: unknown) => typeof minutes === 'number' && !valid(new Date(now.getTime() - minutes * 60_000));
  switch (id) {
    case 'cooldownMinutes': return windowInvalid(g.cooldownMinutes) || relevant(ACTED_OUTCOMES);
    case 'maxExecutionsPerHour': return relevant(ACTED_OUTCOMES);
    case 'circuitBreaker': return (!disablesRunbook && windowInvalid(g.circuitBreaker?.windowMinutes)) || relevant(['verification_failed', 'rolled_back']);
    default: return false;
  }
}

function withinBounds(value: unknown, name: keyof typeof GUARDRAIL_LIMITS): value is number {
  const { min, max } = GUARDRAIL_LIMITS[name];
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

describe('guardrails: generated input', () => {
  it(`never passes on an invalid date, never double-counts a pod, never auto-executes below the floor (${ITERATIONS} seeds)`, () => {
    for (let seed = 1; seed <= ITERATIONS; seed++) {
      const random = prng(seed);
      const guardrails = randomGuardrails(random);
      const disables = chance(random, 0.5);
      const rb = runbook({
        guardrails,
        spec: { escalation: { onGuardrailFailure: 'page_service_owner', onVerificationFailure: disables ? 'open_incident_and_disable_runbook' : 'page_service_owner' } },
      });
      const now = pick(random, NOWS);
      const records = randomHistory(random, now);
      const snap = randomSnapshot(random);
      const target = pick(random, ['web-5d8f9c7b6c-x8k2p', 'singleton-7b9c6d4f8d-m2n4r', 'web-5d8f9c7b6c-q9tzm']);
      const app = target.startsWith('web') ? 'web' : 'singleton';
      const ctx = context({ runbook: rb, snapshot: snap, records, now, target });
      const at = `seed ${seed} (${JSON.stringify({ guardrails, now: String(now), target, records: records.map((r) => [r.time, r.outcome, r.target.app]) })})`;

      const verdicts = new Map<string, Verdict>();
      for (const g of ALL_GUARDRAILS) {
        const v = g.evaluate(ctx);
        assert.ok(typeof v.reason === 'string' && v.reason.length > 0, `${g.id} has no reason: ${at}`);
        verdicts.set(g.id, v);
      }
      for (const id of TIME_GUARDRAILS) {
        const v = verdicts.get(id)!;
        if (involvedInvalidDate(id, guardrails, now, records, app, disables)) assert.notEqual(v.status, 'pass', `${id} passed on an invalid date: ${v.reason}; ${at}`);
      }
      const cooldown = verdicts.get('cooldownMinutes')!;
      const minutes = guardrails.cooldownMinutes;
      if (minutes !== undefined && !withinBounds(minutes, 'cooldownMinutes')) assert.equal(cooldown.status, 'error', at);
      if (withinBounds(minutes, 'cooldownMinutes') && minutes > 0 && valid(now)
        && records.some((r) => r.target.app === app && ACTED_OUTCOMES.includes(r.outcome) && now.getTime() - timeOf(r) <= minutes * 60_000)) {
        assert.notEqual(cooldown.status, 'pass', `cooldown passed with an action in its window: ${cooldown.reason}; ${at}`);
      }

      const floorVerdict = verdicts.get('minimumReadyReplicasWithSameApp')!;
      const peers = distinctReadyPeers(snap, app === 'web' ? LAB_WEB_RS : LAB_SINGLETON_RS, app);
      const floor = guardrails.minimumReadyReplicasWithSameApp;
      if (floorVerdict.evidence && typeof floorVerdict.evidence.ready === 'number') {
        assert.equal(floorVerdict.evidence.ready, peers, `the floor counted ${floorVerdict.evidence.ready} Ready peers, there are ${peers} distinct: ${at}`);
      }
      if (floor !== undefined && !withinBounds(floor, 'minimumReadyReplicasWithSameApp')) assert.equal(floorVerdict.status, 'error', at);
      if (withinBounds(floor, 'minimumReadyReplicasWithSameApp') && peers < floor) assert.notEqual(floorVerdict.status, 'pass', `${floorVerdict.reason}; ${at}`);

      const decision = decisionContext({ runbook: rb, snapshot: snap, history: records, now });
      const targets = scanTargets(decision);
      assert.equal(new Set(targets.map((t) => t.name)).size, targets.length, `a pod was scanned twice: ${at}`);
      for (const plan of decideTargets(decision, targets)) {
        if (plan.mode !== 'auto_execute' || floor === undefined) continue;
        const planApp = plan.app ?? '';
        const have = distinctReadyPeers(snap, planApp === 'web' ? LAB_WEB_RS : LAB_SINGLETON_RS, planApp);
        assert.ok(floor === 0 || (withinBounds(floor, 'minimumReadyReplicasWithSameApp') && have >= floor),
          `${plan.target.name} auto-executes with ${have} distinct Ready peers for floor ${floor}: ${at}`);
      }
    }
  });
});
