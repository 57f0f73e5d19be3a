// Metric probes: each metric query of a runbook (preconditions and verification metrics) filled in for
// one workload the scope covers now, to ask Prometheus whether it has data at all. A query whose
// template is broken is left to the static checks; one that needs ${POD_NAME} is not probed (the live
// record holds workloads, not pods), nor one that needs a workload when the scope covers none.
import { singleValue } from '../../metrics/value';
import { checkTemplate, substitute, type TemplateValues } from '../../metrics/template';
import type { Runbook } from '../../model/runbook';
import { isMetricsError, type MetricQueryResult } from '../../ports';
import { MAX_LIVE_PROBES, type LiveClusterRecord, type LiveWorkload, type MetricProbeAnswer } from './record';
import { workloadsInScope } from './scope';

type Path = (string | number)[];

export interface MetricProbe {
  /** The query's place in the runbook, e.g. ['spec', 'guardrails', 'metricPreconditions', 0, 'query']. */
  path: Path;
  /** The check's name. */
  name: string;
  /** The query as sent (its template filled in); also the key of its answer in the record. */
  query: string;
  /** `namespace/Kind/name` of the workload it was filled in for; absent when the query has no placeholder. */
  subject?: string;
}

function valuesFor(w: LiveWorkload): TemplateValues {
  return {
    NAMESPACE: w.namespace,
    ...(w.app !== undefined && w.app !== '' ? { APP: w.app } : {}),
    ...(w.kind === 'Deployment' ? { DEPLOYMENT: w.name } : {}),
  };
}

function queriesOf(runbook: Runbook): { path: Path; name: string; query: string }[] {
  const pre = (runbook.spec.guardrails.metricPreconditions ?? []).map((p, i) => ({ path: ['spec', 'guardrails', 'metricPreconditions', i, 'query'], name: p.name, query: p.query }));
  const ver = (runbook.spec.verification.metrics ?? []).map((m, i) => ({ path: ['spec', 'verification', 'metrics', i, 'query'], name: m.name, query: m.query }));
  return [...pre, ...ver];
}

/** The probes to run for this runbook with what the record knows (workloads in scope). */
export function metricProbes(runbook: Runbook, record: LiveClusterRecord): MetricProbe[] {
  const subject = workloadsInScope(runbook, record)[0];
  const probes: MetricProbe[] = [];
  for (const q of queriesOf(runbook)) {
    const template = checkTemplate(q.query);
    if (template.problems.length > 0 || template.variables.includes('POD_NAME')) continue;
    if (template.variables.length === 0) {
      probes.push({ path: q.path, name: q.name, query: q.query });
      continue;
    }
    if (!subject) continue;
    const filled = substitute(q.query, valuesFor(subject));
    if (filled.ok) probes.push({ path: q.path, name: q.name, query: filled.query, subject: `${subject.namespace}/${subject.kind}/${subject.name}` });
  }
  return probes;
}

/** The distinct queries to send for a file's runbooks (query -> check name), at most MAX_LIVE_PROBES. */
export function probeQueries(runbooks: readonly Runbook[], record: LiveClusterRecord): Map<string, string> {
  const queries = new Map<string, string>();
  for (const runbook of runbooks) {
    for (const probe of metricProbes(runbook, record)) {
      if (queries.has(probe.query)) continue;
      if (queries.size >= MAX_LIVE_PROBES) return queries;
      queries.set(probe.query, probe.name);
    }
  }
  return queries;
}

/**
 * What a probe's answer means for the check: one value, nothing measurable, or several series (the
 * engine needs one). Throws what singleValue throws for anything but several series.
 */
export function probeAnswer(result: MetricQueryResult, name: string): MetricProbeAnswer {
  try {
    const single = singleValue(result, name);
    return single.kind === 'value' ? { kind: 'value', value: single.value } : { kind: 'no_data', reason: single.reason };
  } catch (err) {
    if (isMetricsError(err, 'multiple_series')) return { kind: 'several_series', count: err.details.series?.length ?? 2 };
    throw err;
  }
}
