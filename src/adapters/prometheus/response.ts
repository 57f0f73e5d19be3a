// Reads the JSON of Prometheus's query API (https://prometheus.io/docs/prometheus/latest/querying/api/)
// into the port's typed result. Anything not in the documented shape is a bad_response, never a guess.
import { MetricsError, type MetricQueryResult, type MetricSample } from '../../core/ports';

/** Prometheus writes sample values as strings: a decimal number, "NaN", "+Inf" or "-Inf". */
export function parseSampleValue(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === 'NaN') return NaN;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pair(raw: unknown, where: string, bad: (why: string) => MetricsError): { timestamp: number; value: number } {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[0] !== 'number') throw bad(`${where} is not a [time, "value"] pair`);
  const value = parseSampleValue(raw[1]);
  if (value === undefined) throw bad(`${where} has a value that is not a number: ${JSON.stringify(raw[1]).slice(0, 40)}`);
  return { timestamp: raw[0], value };
}

function labelsOf(raw: unknown, where: string, bad: (why: string) => MetricsError): Record<string, string> {
  if (!isRecord(raw)) throw bad(`${where} has no "metric" object`);
  const labels: [string, string][] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw bad(`${where} has a label "${name}" that is not a string`);
    labels.push([name, value]);
  }
  // fromEntries defines own properties: a label named __proto__ stays a label.
  return Object.fromEntries(labels);
}

/** The `data` of a successful query answer; `source` names the server in messages. */
export function readQueryData(body: unknown, source: string): MetricQueryResult {
  const bad = (why: string) => new MetricsError(`Prometheus at ${source} sent an answer that is not a query result: ${why}`, 'bad_response');
  if (!isRecord(body)) throw bad('not a JSON object');
  if (body.status !== 'success') throw bad(`status is ${JSON.stringify(body.status)}`);
  const data = body.data;
  if (!isRecord(data)) throw bad('no "data" object');
  switch (data.resultType) {
    case 'scalar': {
      const { timestamp, value } = pair(data.result, 'the scalar', bad);
      return { kind: 'scalar', value, timestamp };
    }
    case 'vector': {
      if (!Array.isArray(data.result)) throw bad('the vector is not a list');
      if (data.result.length === 0) return { kind: 'no_data' };
      const samples: MetricSample[] = data.result.map((raw, i) => {
        const where = `series ${i + 1}`;
        if (!isRecord(raw)) throw bad(`${where} is not an object`);
        return { labels: labelsOf(raw.metric, where, bad), ...pair(raw.value, where, bad) };
      });
      return { kind: 'vector', samples };
    }
    case 'matrix':
      throw bad('it is a range vector (a selector like x[5m]); wrap it in a function such as rate(...) for an instant value');
    case 'string':
      throw bad('it is a string, not a number');
    default:
      throw bad(`unknown resultType ${JSON.stringify(data.resultType)}`);
  }
}

/** The error Prometheus sends with a non-2xx status: {"status":"error","errorType":"bad_data","error":"..."}. */
export function readErrorBody(text: string): { errorType?: string; error?: string } {
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body) && body.status === 'error') {
      return {
        ...(typeof body.errorType === 'string' ? { errorType: body.errorType } : {}),
        ...(typeof body.error === 'string' ? { error: body.error } : {}),
      };
    }
  } catch {
    // not JSON (a proxy's page, say): the caller shows the start of the text instead
  }
  return {};
}
