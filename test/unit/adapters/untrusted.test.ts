// An untrusted editor workspace gets read-only adapters: nothing that can persist reaches the API server.
// A loopback fake API server records every request as it arrives on the wire; the oracle judges those
// requests (method, path, query and body as received), not what the adapters meant to send.
import { strict as assert } from 'assert';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openRemediator, type Remediator } from '../../../src/adapters/wiring';
import { isServerDryRun, isUntrustedWorkspaceError } from '../../../src/adapters/k8s/readOnly';
import type { PlannedAction } from '../../../src/core/engine/plan';
import type { ActionType } from '../../../src/core/model/runbook';
import type { AuditRecord } from '../../../src/core/model/audit';
import { prng } from '../../support/random';

interface Seen { method: string; path: string; query: URLSearchParams; body: unknown }

const NS = 'shop';
const SELF_REVIEWS = ['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '/apis/authentication.k8s.io/v1/selfsubjectreviews'];

/** Answers like a small API server: enough for every writer, lock, state and Event path to get going. */
function answer(method: string, p: string, body: unknown): { status: number; body: unknown } {
  if (method === 'GET') {
    if (p.endsWith('/scale')) return { status: 200, body: { metadata: { resourceVersion: '7' }, spec: { replicas: 2 } } };
    if (/\/deployments\/[^/]+$/.test(p)) {
      return { status: 200, body: { metadata: { name: 'web', namespace: NS, uid: 'd1', resourceVersion: '5', annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { template: {} } } };
    }
    if (p.endsWith('/replicasets')) {
      return { status: 200, body: { kind: 'ReplicaSetList', metadata: {}, items: [{ metadata: { name: 'web-1', annotations: { 'deployment.kubernetes.io/revision': '1' }, ownerReferences: [{ controller: true, uid: 'd1' }] }, spec: { template: { metadata: { labels: { app: 'web' } } } } }] } };
    }
    if (/\/pods\/[^/]+$/.test(p)) return { status: 200, body: { metadata: { name: 'web-a', namespace: NS, uid: 'p1' } } };
    if (/\/(configmaps|leases)\//.test(p)) return { status: 404, body: { kind: 'Status', reason: 'NotFound', code: 404 } };
    return { status: 200, body: { metadata: {}, items: [] } };
  }
  if (p === SELF_REVIEWS[1]) return { status: 201, body: { status: { userInfo: { username: 'fake-user' } } } };
  if (p === SELF_REVIEWS[0]) return { status: 201, body: { status: { allowed: true } } };
  const echoed = typeof body === 'object' && body !== null ? body as { metadata?: object } : {};
  return { status: 201, body: { ...echoed, metadata: { name: 'x', uid: 'u1', resourceVersion: '1', ...echoed.metadata } } };
}

async function fakeApiServer(): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const text = Buffer.concat(chunks).toString('utf8');
      const body: unknown = text ? JSON.parse(text) : undefined;
      seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, body });
      const a = answer(req.method ?? '', url.pathname, body);
      res.writeHead(a.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function kubeconfigFor(dir: string, server: string): string {
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, [
    'apiVersion: v1', 'kind: Config', 'current-context: fake',
    'clusters:', '- name: fake', '  cluster:', `    server: ${server}`, '    insecure-skip-tls-verify: true', // client-node's condition for plain http
    'users:', '- name: u', '  user:', '    token: not-a-real-token',
    'contexts:', '- name: fake', '  context:', '    cluster: fake', '    user: u', '',
  ].join('\n'));
  return file;
}

/** The oracle: would the API server keep anything from this request, as it arrived? */
function persists(r: Seen): boolean {
  if (r.method === 'GET') return false;
  if (r.method === 'POST' && SELF_REVIEWS.includes(r.path)) return false;
  if (r.query.get('dryRun') !== 'All') return true;
  const body = r.body as { dryRun?: string[]; deleteOptions?: { dryRun?: string[] } } | undefined;
  // A DELETE with a body takes its options (and dryRun) from the body, not the query.
  if (r.method === 'DELETE' && body !== undefined && !body.dryRun?.includes('All')) return true;
  if (body?.deleteOptions && !body.deleteOptions.dryRun?.includes('All')) return true;
  return false;
}

const ACTIONS: ActionType[] = ['deletePod', 'evictPod', 'scaleDeployment', 'rolloutRestart', 'rollbackDeployment'];

function action(type: ActionType): PlannedAction {
  const kind = type === 'deletePod' || type === 'evictPod' ? 'Pod' : 'Deployment';
  return {
    type, target: { namespace: NS, kind, name: kind === 'Pod' ? 'web-a' : 'web' }, description: `${type} on web`, mutating: true,
    preconditions: kind === 'Pod' ? { uid: 'p1' } : undefined, toReplicas: 3, equivalentCommand: '', permissions: [],
  };
}

function record(): AuditRecord {
  const time = new Date().toISOString();
  return { id: 'r1', time, startedAt: time, endedAt: time, incidentId: 'inc', runbook: 'rb', target: { namespace: NS, kind: 'Pod', name: 'web-a' }, mode: 'auto_execute', outcome: 'dry_run', verdicts: [], action: { type: 'deletePod' }, actor: 'tester', message: 'dry run' } as AuditRecord;
}

type Op = { name: string; write: boolean; run(r: Remediator): Promise<unknown> };

/** One random operation on the ports and the raw connection; `write` = it asks for a persistent change. */
function randomOp(random: () => number): Op {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const dryRun = random() < 0.5;
  const kind = Math.floor(random() * 8);
  switch (kind) {
    case 0: { const type = pick(ACTIONS); return { name: `apply ${type} dryRun=${dryRun}`, write: !dryRun, run: (r) => r.adapters.writer.apply(action(type), { dryRun }) }; }
    case 1: return { name: `scale dryRun=${dryRun}`, write: !dryRun, run: (r) => r.adapters.writer.scaleDeployment(action('scaleDeployment').target, 1, { dryRun }) };
    case 2: return { name: `rollout undo dryRun=${dryRun}`, write: !dryRun, run: (r) => r.adapters.writer.rolloutUndo(action('rollbackDeployment').target, undefined, { dryRun }) };
    case 3: return { name: 'lock', write: true, run: (r) => r.adapters.lock.tryAcquire(`rb|${NS}|web`, 'me', 30) };
    case 4: return { name: 'state record', write: true, run: (r) => r.deps.state.record(record()) };
    case 5: return { name: 'event', write: true, run: (r) => r.adapters.events.write(record()) };
    case 6: return { name: 'audit sinks', write: false, run: async (r) => { for (const s of r.deps.audit) await s.write(record()); } };
    default: {
      // Raw requests, including the ones that look like dry runs but are not (dryRun only in the query
      // of a DELETE with a body; an Eviction whose deleteOptions lack it).
      const method = pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'patch', 'delete']);
      const p = pick([`/api/v1/namespaces/${NS}/pods/web-a`, `/api/v1/namespaces/${NS}/pods/web-a/eviction`, ...SELF_REVIEWS, `/apis/apps/v1/namespaces/${NS}/deployments/web`]);
      const query: Record<string, string> = random() < 0.6 ? { dryRun: pick(['All', 'all', 'None']) } : {};
      const body = pick([undefined, { kind: 'DeleteOptions' }, { kind: 'DeleteOptions', dryRun: ['All'] }, { deleteOptions: {} }, { deleteOptions: { dryRun: ['All'] } }, { metadata: { labels: { a: 'b' } } }]);
      const wouldPersist = persists({ method: method.toUpperCase(), path: p, query: new URLSearchParams(query), body: body === undefined ? undefined : JSON.parse(JSON.stringify(body)) });
      return { name: `raw ${method} ${p} ${JSON.stringify(query)} ${JSON.stringify(body)}`, write: wouldPersist, run: (r) => r.adapters.connection.http.request(method, p, { query, body }) };
    }
  }
}

describe('untrusted workspace: read-only wiring', () => {
  let api: { url: string; seen: Seen[]; close(): Promise<void> };
  let dir: string;
  let kubeconfig: string;
  before(async () => {
    api = await fakeApiServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-untrusted-'));
    kubeconfig = kubeconfigFor(dir, api.url);
  });
  after(async () => {
    await api.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => { api.seen.length = 0; });

  const open = (trusted: boolean) => openRemediator({ kubeconfig, trusted, auditFile: path.join(dir, 'audit.jsonl'), stateNamespace: 'remediator-system' });

  it('audits to the local log only: no Event is posted, the JSONL file gets the record', async () => {
    const r = open(false);
    for (const sink of r.deps.audit) await sink.write(record());
    assert.equal(api.seen.length, 0);
    assert.match(fs.readFileSync(r.auditFile, 'utf8'), /"id":"r1"/);
    // The same wiring trusted posts the Event: the difference is the trust flag, nothing else.
    for (const sink of open(true).deps.audit) await sink.write(record());
    assert.ok(api.seen.some((s) => s.method === 'POST' && s.path.endsWith('/events')), JSON.stringify(api.seen.map((s) => `${s.method} ${s.path}`)));
  });

  it('refuses executing, locking, recording and labelling with a typed error before any request', async () => {
    const r = open(false);
    const refusals: [string, () => Promise<unknown>][] = [
      ['execute', () => r.deps.writer.apply(action('deletePod'), { dryRun: false })],
      ['lock', () => r.deps.lock.tryAcquire('k', 'me', 10)],
      ['state', () => r.deps.state.record(record())],
      ['event', () => r.adapters.events.write(record())],
    ];
    for (const [what, run] of refusals) {
      const err = await run().then(() => undefined, (e: unknown) => e);
      assert.ok(isUntrustedWorkspaceError(err), `${what}: ${String(err)}`);
      assert.match((err as Error).message, /refused in an untrusted workspace/);
    }
    assert.equal(api.seen.length, 0, 'nothing reached the API server');
    // A label change goes straight to the connection: the HTTP client itself refuses it.
    const label = await r.adapters.connection.http.request('PATCH', `/api/v1/namespaces/${NS}/pods/web-a`, { body: { metadata: { labels: { x: 'true' } } } })
      .then(() => undefined, (e: unknown) => e);
    assert.ok(isUntrustedWorkspaceError(label), String(label));
    assert.match((label as Error).message, /^PATCH \/api\/v1\/namespaces\/shop\/pods\/web-a is refused in an untrusted workspace/);
    assert.equal(api.seen.length, 0);
  });

  it('still reads, asks who it is and what it may do, and runs server-side dry runs', async () => {
    const r = open(false);
    assert.equal(await r.deps.access.whoAmI(), 'fake-user');
    assert.equal((await r.deps.access.check([{ verb: 'delete', group: '', resource: 'pods', namespace: NS }]))[0].allowed, true);
    assert.deepEqual(await r.deps.state.history('rb'), []);
    const dry = await r.deps.writer.apply(action('deletePod'), { dryRun: true });
    assert.match(dry.summary, /^server dry run: /);
    assert.ok(api.seen.length >= 4);
    assert.deepEqual(api.seen.filter(persists), []);
  });

  it('isServerDryRun: a DELETE body or an Eviction without dryRun is a real delete', () => {
    assert.equal(isServerDryRun('DELETE', { query: { dryRun: 'All' }, body: { kind: 'DeleteOptions', preconditions: {} } }), false);
    assert.equal(isServerDryRun('DELETE', { query: { dryRun: 'All' }, body: { kind: 'DeleteOptions', dryRun: ['All'] } }), true);
    assert.equal(isServerDryRun('DELETE', { query: { dryRun: 'All' } }), true);
    assert.equal(isServerDryRun('POST', { query: { dryRun: 'All' }, body: { kind: 'Eviction', deleteOptions: {} } }), false);
    assert.equal(isServerDryRun('PATCH', { query: { dryRun: 'all' }, body: {} }), false);
    assert.equal(isServerDryRun('PUT', { body: {} }), false);
  });

  it('generated: 400 random operations, no persisting request reaches the server; every write is refused, typed', async function () {
    this.timeout(60_000);
    for (const seed of [1, 2, 3, 4]) {
      const random = prng(seed);
      const r = open(false);
      for (let i = 0; i < 100; i++) {
        const op = randomOp(random);
        const before = api.seen.length;
        const err = await op.run(r).then(() => undefined, (e: unknown) => e);
        const sent = api.seen.slice(before);
        const leaked = sent.filter(persists);
        assert.deepEqual(leaked.map((s) => `${s.method} ${s.path}?${s.query.toString()}`), [], `seed ${seed} op ${i} (${op.name}) sent a persisting request`);
        if (op.write) assert.ok(isUntrustedWorkspaceError(err), `seed ${seed} op ${i} (${op.name}): not refused: ${String(err)}`);
        else assert.ok(!isUntrustedWorkspaceError(err), `seed ${seed} op ${i} (${op.name}): refused a read or dry run`);
      }
    }
  });

  it('generated, trusted: the same operations do reach the server as writes (the oracle sees them)', async () => {
    const random = prng(1);
    const r = open(true);
    for (let i = 0; i < 100; i++) await randomOp(random).run(r).catch(() => undefined);
    assert.ok(api.seen.filter(persists).length > 10, `only ${api.seen.filter(persists).length} persisting requests`);
  });
});
