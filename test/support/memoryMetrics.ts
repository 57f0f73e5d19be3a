// An in-memory MetricsReader for core tests: each query answers from a script (a value, a result, an
// error, or a function of the call count), and every call is recorded.
import { MetricsError, type MetricQueryResult, type MetricsReader } from '../../src/core/ports';

export type ScriptedAnswer = number | MetricQueryResult | MetricsError | ((call: number) => number | MetricQueryResult | MetricsError);

export class ScriptedMetricsReader implements MetricsReader {
  readonly calls: string[] = [];

  constructor(private readonly script: Record<string, ScriptedAnswer>) {}

  async query(promql: string): Promise<MetricQueryResult> {
    this.calls.push(promql);
    const entry = this.script[promql];
    if (entry === undefined) throw new MetricsError(`no scripted answer for ${promql}`, 'bad_response');
    const answer = typeof entry === 'function' ? entry(this.calls.filter((q) => q === promql).length) : entry;
    if (answer instanceof MetricsError) throw answer;
    if (typeof answer === 'number') return { kind: 'vector', samples: [{ labels: {}, value: answer, timestamp: 0 }] };
    return answer;
  }
}
