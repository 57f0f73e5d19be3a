// Where a metric's samples go on its small chart: pure arithmetic (no DOM), so it is tested in Node and
// the drawing code (metricChart.ts) only places what this returns. Samples are spaced evenly, oldest left.
import type { MetricSampleView, SampleVerdictView } from '../protocol/metricChecks';

export interface ChartBox { width: number; height: number; padding: number }

export interface ChartPoint {
  x: number;
  /** Absent for a sample without a value (no data, an error): drawn as a mark on the bottom edge. */
  y?: number;
  verdict: SampleVerdictView;
}

export interface ChartGeometry {
  points: ChartPoint[];
  /** The line through the samples that have a value, as SVG polyline points ("x,y x,y"). */
  line: string;
  /** The baseline's height, when there is one. */
  baselineY?: number;
  /** The value range drawn, bottom to top. */
  low: number;
  high: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function chartGeometry(samples: readonly MetricSampleView[], baseline: number | undefined, box: ChartBox): ChartGeometry {
  const values = samples.flatMap((s) => (s.value !== undefined && Number.isFinite(s.value) ? [s.value] : []));
  const all = baseline !== undefined && Number.isFinite(baseline) ? [...values, baseline] : values;
  let low = all.length > 0 ? Math.min(...all) : 0;
  let high = all.length > 0 ? Math.max(...all) : 1;
  if (high === low) {
    // A flat series: give it room above and below instead of dividing by zero.
    const pad = Math.abs(high) > 0 ? Math.abs(high) * 0.1 : 1;
    low -= pad;
    high += pad;
  }
  const inner = { w: box.width - 2 * box.padding, h: box.height - 2 * box.padding };
  const x = (i: number) => round(box.padding + (samples.length <= 1 ? inner.w / 2 : (i * inner.w) / (samples.length - 1)));
  const y = (v: number) => round(box.padding + inner.h - ((v - low) / (high - low)) * inner.h);
  const points = samples.map((s, i): ChartPoint => (s.value !== undefined && Number.isFinite(s.value)
    ? { x: x(i), y: y(s.value), verdict: s.verdict } : { x: x(i), verdict: s.verdict }));
  const line = points.filter((p) => p.y !== undefined).map((p) => `${p.x},${p.y}`).join(' ');
  return { points, line, ...(baseline !== undefined && Number.isFinite(baseline) ? { baselineY: y(baseline) } : {}), low, high };
}
