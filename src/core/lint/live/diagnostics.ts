// Cluster-aware diagnostics of one runbook: what the live cluster, the notify config and Prometheus
// say about it now. Warnings only: the cluster changes, and the runbook may be written ahead of it.
// Each finding points where the static diagnostics would (the value, else its key).
import { ownValue } from '../../k8s/meta';
import type { Runbook } from '../../model/runbook';
import { diagnostic } from '../../runbook/diagnostics';
import type { RangeFinder } from '../../runbook/lint';
import type { Diagnostic } from '../../runbook/types';
import { escapeText } from '../../text/escape';
import { metricProbes } from './probes';
import type { LiveClusterRecord, LiveWorkload } from './record';
import { carriesLabels, workloadsInNamespaces } from './scope';

type Path = (string | number)[];

export const LIVE_CODES = {
  namespaceMissing: 'cluster-namespace-missing',
  labelsMatchNothing: 'cluster-labels-match-nothing',
  escalationNoChannel: 'cluster-escalation-no-channel',
  notifyConfigUnreadable: 'cluster-notify-config-unreadable',
  metricNoData: 'cluster-metric-no-data',
  metricSeveralSeries: 'cluster-metric-several-series',
} as const;

const SHOWN = 5;
const MAX_TEXT = 80;

/** A name from the cluster or a config, safe and short enough for one message. */
function shown(text: string): string {
  const safe = escapeText(text);
  return safe.length > MAX_TEXT ? `${safe.slice(0, MAX_TEXT - 1)}…` : safe;
}

function listed(items: readonly string[]): string {
  const head = items.slice(0, SHOWN).map(shown).join(', ');
  return items.length > SHOWN ? `${head} and ${items.length - SHOWN} more` : head;
}

class Findings {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly ranges: RangeFinder) {}
  atValue(code: string, message: string, path: Path): void {
    this.diagnostics.push(diagnostic('warning', 'cluster', code, message, this.ranges.valueRange(path), path));
  }
  atKey(code: string, message: string, path: Path): void {
    this.diagnostics.push(diagnostic('warning', 'cluster', code, message, this.ranges.keyRange(path), path));
  }
}

function namespaceFindings(out: Findings, runbook: Runbook, record: LiveClusterRecord): void {
  runbook.spec.scope.allowedNamespaces.forEach((ns, index) => {
    if (record.namespaces.get(ns) !== 'missing') return;
    out.atValue(LIVE_CODES.namespaceMissing, `namespace ${shown(ns)} does not exist in kube context ${shown(record.context)}, so this runbook cannot act there`,
      ['spec', 'scope', 'allowedNamespaces', index]);
  });
}

/** The values of `key` the candidates carry, each once (for "found: …"). */
function valuesOf(candidates: readonly LiveWorkload[], key: string): string[] {
  const values = new Set<string>();
  for (const w of candidates) {
    const v = ownValue(w.labels, key);
    if (v !== undefined) values.add(v);
  }
  return [...values].sort();
}

function labelFindings(out: Findings, runbook: Runbook, record: LiveClusterRecord): void {
  const required = Object.entries(runbook.spec.scope.requiredLabels ?? {});
  if (required.length === 0 || record.workloads === undefined) return;
  const existing = runbook.spec.scope.allowedNamespaces.filter((ns) => record.namespaces.get(ns) === 'exists');
  // With no allowed namespace that exists, the namespace findings already say why nothing matches.
  if (existing.length === 0) return;
  const candidates = workloadsInNamespaces(runbook, record);
  if (candidates.some((w) => carriesLabels(w, Object.fromEntries(required)))) return;
  const where = `in ${existing.length === 1 ? `namespace ${shown(existing[0])}` : `namespaces ${listed(existing)}`}`;
  let alone = 0;
  for (const [key, value] of required) {
    if (candidates.some((w) => ownValue(w.labels, key) === value)) continue;
    alone++;
    const other = valuesOf(candidates, key);
    const found = other.length > 0 ? `; found ${shown(key)}=${listed(other)}` : '';
    out.atValue(LIVE_CODES.labelsMatchNothing, `no Deployment or StatefulSet ${where} carries ${shown(key)}=${shown(value)}${found}, so this runbook matches no workload`,
      ['spec', 'scope', 'requiredLabels', key]);
  }
  if (alone > 0) return;
  out.atKey(LIVE_CODES.labelsMatchNothing, `no Deployment or StatefulSet ${where} carries all of ${listed(required.map(([k, v]) => `${k}=${v}`))} together, so this runbook matches no workload`,
    ['spec', 'scope', 'requiredLabels']);
}

const ESCALATION_FIELDS = ['onGuardrailFailure', 'onVerificationFailure'] as const;

function escalationFindings(out: Findings, runbook: Runbook, record: LiveClusterRecord): void {
  const channels = record.channels;
  if (channels === undefined) return;
  if (!channels.ok) {
    out.atKey(LIVE_CODES.notifyConfigUnreadable, `escalation names cannot be checked: ${shown(channels.problem)}`, ['spec', 'escalation']);
    return;
  }
  const known = new Set(channels.names);
  for (const field of ESCALATION_FIELDS) {
    const name = runbook.spec.escalation[field];
    if (known.has(name)) continue;
    out.atValue(LIVE_CODES.escalationNoChannel,
      `escalation.${field} names ${shown(name)}, which is not a channel of the notify config (known: ${channels.names.length > 0 ? listed([...known].sort()) : 'none'})`,
      ['spec', 'escalation', field]);
  }
}

const NO_DATA: Record<'empty' | 'nan' | 'infinite', string> = { empty: 'an empty result', nan: 'NaN', infinite: 'an infinite value' };

function metricFindings(out: Findings, runbook: Runbook, record: LiveClusterRecord): void {
  if (record.metrics === undefined) return;
  for (const probe of metricProbes(runbook, record)) {
    const answer = record.metrics.get(probe.query);
    const forWhom = probe.subject ? ` for ${shown(probe.subject)}` : '';
    if (answer?.kind === 'no_data') {
      out.atValue(LIVE_CODES.metricNoData, `query ${shown(probe.name)} returns no data now${forWhom} (${NO_DATA[answer.reason]}); a precondition or baseline without data blocks the action`, probe.path);
    } else if (answer?.kind === 'several_series') {
      out.atValue(LIVE_CODES.metricSeveralSeries, `query ${shown(probe.name)} returns ${answer.count} series now${forWhom}; it must return one: aggregate it, e.g. with sum(...)`, probe.path);
    }
  }
}

/** Every live finding of one runbook, located with `ranges` (the runbook document's Locator). */
export function liveDiagnostics(runbook: Runbook, record: LiveClusterRecord, ranges: RangeFinder): Diagnostic[] {
  const out = new Findings(ranges);
  namespaceFindings(out, runbook, record);
  labelFindings(out, runbook, record);
  escalationFindings(out, runbook, record);
  metricFindings(out, runbook, record);
  return out.diagnostics;
}
