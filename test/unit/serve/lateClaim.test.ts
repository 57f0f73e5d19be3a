// Serve's late claim, on in-memory ports: an alert with no ledger entry is decided first and claimed
// only right before something would change (a pending approval, the lock to act). A decision that
// changes nothing costs one ledger write (its done entry); someone's entry made meanwhile wins, and an
// attempt whose claim is taken stops with nothing done and nothing recorded.
import assert from 'node:assert/strict';
import { readAlertValue } from '../../../src/core/alerts/payload';
import { alertStep } from '../../../src/core/alerts/intake';
import { executePlan, type PipelineDeps } from '../../../src/core/pipeline/execute';
import { handleAlert, type AlertHandlerDeps } from '../../../src/core/serve/handleAlert';
import { MemoryIncidentLedger, OPEN_PHASES, type CreateResult, type Holder, type IncidentEntry } from '../../../src/core/serve/ledger';
import { noMetrics } from '../../../src/core/serve/metrics';
import { recordForLeader } from '../../../src/core/serve/standby';
import { LAB_NAMESPACE, LAB_WEB_POD, labSnapshot } from '../../support/k8s';
import { MemoryCluster, MemoryLock, MemoryState, allowAll } from '../../support/memoryCluster';
import { runbook } from '../../support/model';
import { alert } from '../alerts/payloads';

const ME: Holder = { instance: 'inst-a', life: 'a1' };
const OTHER: Holder = { instance: 'inst-b', life: 'b1' };

/** The memory ledger, counting its writes and reads; `beforeCreate` runs before each create (a racing instance). */
class CountingLedger extends MemoryIncidentLedger {
  writes = 0;
  gets = 0;
  beforeCreate?: (entry: IncidentEntry) => Promise<void>;
  override async create(entry: IncidentEntry): Promise<CreateResult> {
    const race = this.beforeCreate;
    this.beforeCreate = undefined;
    await race?.(entry);
    this.writes++;
    return super.create(entry);
  }
  override async replace(entry: IncidentEntry): Promise<IncidentEntry | undefined> {
    this.writes++;
    return super.replace(entry);
  }
  override async get(key: string): Promise<IncidentEntry | undefined> {
    this.gets++;
    return super.get(key);
  }
}

const fastRunbook = runbook({
  spec: {
    triggers: { symptoms: ['CrashLoopBackOff'], probableCauses: ['pod_process_hung'], minimumConfidence: 0.8, alerts: [{ alertname: 'PodCrashLooping' }] },
    verification: { checks: ['replacement_pod_ready_within_timeout'], timeoutSeconds: 1 },
  },
});

function setup() {
  const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
  const audit = new MemoryState();
  const state = new MemoryState();
  const ledger = new CountingLedger();
  let n = 0;
  const pipeline: PipelineDeps = { reader: cluster, writer: cluster, access: allowAll, lock: new MemoryLock(), state, audit: [audit], clock: { now: () => new Date() }, newId: () => `attempt-${++n}` };
  const deps: AlertHandlerDeps = { pipeline, ledger, metrics: noMetrics, holder: ME, actor: 'sa', runbooks: [fastRunbook], claimSeconds: 60, log: () => undefined };
  const step = (pod: string, fingerprint = 'f1') => {
    const read = readAlertValue(alert({
      fingerprint,
      labels: { alertname: 'PodCrashLooping', namespace: LAB_NAMESPACE, pod, symptom: 'CrashLoopBackOff', probable_cause: 'pod_process_hung' },
      annotations: { confidence: '0.9' },
    }));
    assert.ok(read.ok);
    return alertStep(read.alert, [fastRunbook]);
  };
  return { cluster, audit, state, ledger, deps, step };
}

const deleted = (cluster: MemoryCluster) => cluster.applied.filter((a) => !a.dryRun).length;

describe('serve late claim', () => {
  it('a decision that changes nothing costs one ledger write (its done entry); a re-send finds it done and writes nothing', async () => {
    const t = setup();
    // The singleton has no same-app peers: blocked at the first look.
    assert.equal(await handleAlert(t.step('singleton-7b9c6d4f8d-m2n4r'), new Date(), t.deps), 'blocked');
    assert.equal(t.ledger.writes, 1);
    const [entry] = await t.ledger.list(['done']);
    assert.deepEqual([entry.phase, entry.outcome, entry.holder], ['done', 'blocked', ME]);
    assert.ok(entry.alert && entry.receivedAt && entry.doneAt, 'the done entry keeps the alert and its times');
    assert.match(await handleAlert(t.step('singleton-7b9c6d4f8d-m2n4r'), new Date(), t.deps), /^duplicate: .* already handled \(blocked\)/);
    assert.equal(t.ledger.writes, 1, 'a copy found done within the touch period writes nothing');
    assert.equal(t.audit.records.length, 1);
  });

  it('an action claims the incident before the lock, then acts once; the entry ends done', async () => {
    const t = setup();
    const claimedBeforeLock: boolean[] = [];
    const lock = t.deps.pipeline.lock;
    t.deps.pipeline.lock = { tryAcquire: async (...args) => { claimedBeforeLock.push((await t.ledger.list(['claimed'])).length === 1); return lock.tryAcquire(...args); } };
    const outcome = await handleAlert(t.step(LAB_WEB_POD), new Date(), t.deps);
    assert.match(outcome, /^verif/);
    assert.deepEqual(claimedBeforeLock, [true]);
    assert.equal(deleted(t.cluster), 1);
    assert.deepEqual((await t.ledger.list(['done'])).map((e) => e.runbook), [fastRunbook.metadata.name]);
    assert.deepEqual(await t.ledger.list(OPEN_PHASES), []);
  });

  it('another instance claims the incident between the first look and the claim: nothing done, nothing recorded, a duplicate', async () => {
    const t = setup();
    t.ledger.beforeCreate = async (entry) => {
      await MemoryIncidentLedger.prototype.create.call(t.ledger, { ...entry, holder: OTHER });
    };
    const outcome = await handleAlert(t.step(LAB_WEB_POD), new Date(), t.deps);
    assert.match(outcome, /^duplicate: incident \S+ is being handled; nothing done here$/);
    assert.equal(deleted(t.cluster), 0, 'nothing was deleted');
    assert.equal(t.audit.records.length, 0, 'nothing was recorded');
    assert.equal(t.state.records.length, 0, 'no write-ahead');
    const [entry] = await t.ledger.list(['claimed']);
    assert.deepEqual(entry.holder, OTHER, 'the other instance keeps its claim');
  });

  it('a standby records the alert while the leader decides quietly: the done entry replaces it, nothing is left for a leader to pick up', async () => {
    const t = setup();
    const singleton = t.step('singleton-7b9c6d4f8d-m2n4r');
    t.ledger.beforeCreate = async () => { await recordForLeader(singleton, new Date(), { ledger: t.ledger, holder: OTHER, clock: { now: () => new Date() } }); };
    assert.equal(await handleAlert(singleton, new Date(), t.deps), 'blocked');
    assert.deepEqual(await t.ledger.list(OPEN_PHASES), []);
    const [entry] = await t.ledger.list(['done']);
    assert.deepEqual([entry.outcome, entry.holder], ['blocked', ME]);
  });

  it('an entry another leader finished meanwhile stands; the quiet decision changed nothing and says so in the log', async () => {
    const t = setup();
    const logs: string[] = [];
    t.deps.log = (line) => logs.push(line);
    const singleton = t.step('singleton-7b9c6d4f8d-m2n4r');
    t.ledger.beforeCreate = async (entry) => {
      await MemoryIncidentLedger.prototype.create.call(t.ledger, { ...entry, holder: OTHER, outcome: 'suggested' });
    };
    assert.equal(await handleAlert(singleton, new Date(), t.deps), 'blocked');
    const [entry] = await t.ledger.list(['done']);
    assert.deepEqual([entry.outcome, entry.holder], ['suggested', OTHER]);
    assert.ok(logs.some((l) => /decided here \(blocked\) while another instance recorded it \(done\); its entry stands/.test(l)), logs.join('\n'));
  });
});

describe('pipeline beforeChange', () => {
  function deps(calls: string[]): PipelineDeps {
    const cluster = new MemoryCluster(labSnapshot({ withNamespace: false, takenAt: null }));
    const audit = new MemoryState();
    let n = 0;
    const lock = new MemoryLock();
    return {
      reader: cluster, writer: cluster, access: allowAll, state: new MemoryState(), audit: [audit], clock: { now: () => new Date() }, newId: () => `a-${++n}`,
      lock: { tryAcquire: (key) => { calls.push('lock'); return lock.tryAcquire(key); } },
      approvals: {
        create: async () => { calls.push('approval'); },
        get: async () => undefined, list: async () => ({ approvals: [], problems: [] }), update: async () => true,
      } as unknown as PipelineDeps['approvals'],
      beforeChange: async () => { calls.push('beforeChange'); },
    };
  }
  const web = { namespace: LAB_NAMESPACE, kind: 'Pod', name: LAB_WEB_POD };
  const incident = { id: 'INC-1', symptom: 'CrashLoopBackOff', probableCause: 'pod_process_hung', confidence: 0.9 };

  it('is awaited once before the lock of an action and before a pending approval is stored, never for a decision that changes nothing', async () => {
    const acting: string[] = [];
    await executePlan({ runbook: fastRunbook, target: web, incident, execute: true }, deps(acting));
    assert.deepEqual(acting, ['beforeChange', 'lock']);

    const asking: string[] = [];
    const approval = runbook({ spec: { decisionMode: 'approval_required' } });
    const r = await executePlan({ runbook: approval, target: web, incident, execute: true, runbookText: 'kind: RemediationRunbook' }, deps(asking));
    assert.equal(r.outcome, 'approval_pending');
    assert.deepEqual(asking, ['beforeChange', 'approval']);

    const quiet: string[] = [];
    const blocked = await executePlan({ runbook: fastRunbook, target: { namespace: LAB_NAMESPACE, kind: 'Pod', name: 'singleton-7b9c6d4f8d-m2n4r' }, incident, execute: true }, deps(quiet));
    assert.equal(blocked.outcome, 'blocked');
    assert.deepEqual(quiet, []);
  });

  it('a beforeChange that throws stops the attempt: no lock, nothing recorded, the error reaches the caller', async () => {
    const calls: string[] = [];
    const d = deps(calls);
    d.beforeChange = async () => { throw new Error('claimed elsewhere'); };
    await assert.rejects(executePlan({ runbook: fastRunbook, target: web, incident, execute: true }, d), /claimed elsewhere/);
    assert.deepEqual(calls, []);
    assert.equal((d.audit[0] as MemoryState).records.length, 0);
  });
});
