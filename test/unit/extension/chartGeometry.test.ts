// The panel chart's geometry: samples spaced evenly inside the padding, higher values drawn higher, the
// baseline within the range, flat and empty series drawn without dividing by zero.
import { strict as assert } from 'assert';
import { chartGeometry } from '../../../src/webview/chartGeometry';
import type { MetricSampleView } from '../../../src/protocol/metricChecks';
import { seededRandom } from '../../support/seeded';

const BOX = { width: 320, height: 110, padding: 12 };
const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();

describe('metric chart geometry', () => {
  it('places samples left to right and values bottom to top; samples without a value have no height', () => {
    const samples: MetricSampleView[] = [
      { at: at(0), value: 0.5, verdict: 'failure' }, { at: at(1), verdict: 'no_data' }, { at: at(2), value: 0, verdict: 'success' },
    ];
    const g = chartGeometry(samples, 0.5, BOX);
    assert.deepEqual(g.points.map((p) => p.x), [12, 160, 308]);
    assert.equal(g.points[0].y, 12);
    assert.equal(g.points[2].y, 98);
    assert.equal(g.points[1].y, undefined);
    assert.equal(g.line, '12,12 308,98');
    assert.equal(g.baselineY, 12);
  });

  it('flat, single and empty series stay inside the box', () => {
    const one = chartGeometry([{ at: at(0), value: 3, verdict: 'success' }], undefined, BOX);
    assert.equal(one.points[0].x, 160);
    assert.ok(one.low < 3 && one.high > 3);
    const empty = chartGeometry([], undefined, BOX);
    assert.deepEqual([empty.points, empty.line, empty.low, empty.high], [[], '', 0, 1]);
    const zeros = chartGeometry([{ at: at(0), value: 0, verdict: 'success' }, { at: at(1), value: 0, verdict: 'success' }], 0, BOX);
    assert.ok(zeros.points.every((p) => p.y !== undefined && p.y > BOX.padding && p.y < BOX.height - BOX.padding));
  });

  it('generated series: every point and the baseline lie within the padded box, and order is kept', () => {
    const random = seededRandom(8080);
    for (let n = 0; n < 300; n++) {
      const count = Math.floor(random() * 60);
      const scale = 10 ** Math.floor(random() * 12 - 6);
      const samples: MetricSampleView[] = Array.from({ length: count }, (_, i) => (random() < 0.15
        ? { at: at(i), verdict: 'error' } : { at: at(i), value: (random() - 0.3) * scale, verdict: 'success' }));
      const baseline = random() < 0.5 ? random() * scale : undefined;
      const g = chartGeometry(samples, baseline, BOX);
      for (const [i, p] of g.points.entries()) {
        assert.ok(p.x >= BOX.padding - 0.1 && p.x <= BOX.width - BOX.padding + 0.1, `x ${p.x}`);
        if (p.y !== undefined) assert.ok(p.y >= BOX.padding - 0.1 && p.y <= BOX.height - BOX.padding + 0.1, `y ${p.y}`);
        if (i > 0) assert.ok(p.x >= g.points[i - 1].x);
      }
      if (g.baselineY !== undefined) assert.ok(g.baselineY >= BOX.padding - 0.1 && g.baselineY <= BOX.height - BOX.padding + 0.1);
    }
  });
});
