// The panel's "Metric checks" section: one row per precondition and verification metric (query,
// condition, live value now, baseline, verdict), and for each verification metric a chart with its
// samples table beside it, redrawn as samples stream in while verifying.
import { MAX_VIEW_SAMPLES } from '../protocol/metricChecks';
import type { MetricCheckView, MetricChecksDrawn, MetricSampleView } from '../protocol/messages';
import { el, row, section, table } from './dom';
import { chart, sampleTable, valueText } from './metricChart';

interface Live {
  check: MetricCheckView;
  samples: MetricSampleView[];
  verdictCell: HTMLElement;
  block: HTMLElement;
}

export class MetricSection {
  private readonly live = new Map<string, Live>();
  private checks: MetricCheckView[] = [];

  /** The section for `checks` (undefined when the plan has none); replaces what was drawn before. */
  render(checks: readonly MetricCheckView[] | undefined): HTMLElement | undefined {
    this.live.clear();
    this.checks = [...(checks ?? [])];
    if (this.checks.length === 0) return undefined;
    const rows = this.checks.map((c) => {
      const verdictCell = el('span', c.verdict, `status metric-verdict metric-verdict-${c.verdict.replace(/[^a-z_]/g, '')}`);
      if (c.reason) verdictCell.title = c.reason;
      if (c.kind === 'verification') this.live.set(c.name, { check: c, samples: [...c.samples], verdictCell, block: el('div', undefined, 'metric-live') });
      return row([c.name, c.kind, el('code', c.query), el('code', c.condition), c.now,
        c.baseline !== undefined ? valueText(c.baseline) : '—', verdictCell], `metric metric-${c.kind}`);
    });
    const children: Node[] = [table(['Check', 'Kind', 'Query', 'Condition', 'Now', 'Baseline', 'Verdict'], rows)];
    for (const l of this.live.values()) {
      l.block.append(el('h3', `${l.check.name} samples`));
      this.redraw(l);
      children.push(l.block);
    }
    return section('Metric checks', ...children);
  }

  /** Adds a streamed sample to its metric and redraws that metric only; false when no such metric is shown. */
  addSample(metric: string, sample: MetricSampleView): boolean {
    const l = this.live.get(metric);
    if (!l) return false;
    l.samples = [...l.samples, sample].slice(-MAX_VIEW_SAMPLES);
    if (l.verdictCell.textContent === 'not run') l.verdictCell.textContent = 'running';
    this.redraw(l);
    return true;
  }

  /** What is drawn now, for the host's render report. */
  drawn(): MetricChecksDrawn {
    return {
      checks: this.checks.map((c) => {
        const l = this.live.get(c.name);
        return { name: c.name, verdict: l?.verdictCell.textContent ?? c.verdict, now: c.now, samples: l?.samples.length ?? 0 };
      }),
    };
  }

  private redraw(l: Live): void {
    const body = el('div', undefined, 'metric-chart');
    body.append(chart(l.check, l.samples), sampleTable(l.check, l.samples));
    const old = l.block.querySelector('.metric-chart');
    if (old) old.replaceWith(body);
    else l.block.append(body);
  }
}
