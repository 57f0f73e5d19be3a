// The Remediation Report: its panel, its options (since, runbook) and Refresh. Reading and computing are
// loadReport (the CLI's sources and core functions); this only keeps the options and shows the result.
import * as vscode from 'vscode';
import type { ReportView } from '../../../protocol/report';
import { Disposable } from '../lifecycle';
import type { ClusterSession } from '../session';
import { cleanOptions, loadReport, type ReportOptions } from './loadReport';
import { ReportPanel } from './reportPanel';

export const REPORT_VIEW_TYPE = 'remediator.report';

export class ReportController extends Disposable {
  readonly panel: ReportPanel;
  private options: ReportOptions = {};
  private loading: Promise<ReportView> | undefined;

  constructor(extensionUri: vscode.Uri, private readonly session: ClusterSession) {
    super();
    this.panel = this._register(new ReportPanel(extensionUri, {
      viewType: REPORT_VIEW_TYPE,
      script: 'report.main',
      refresh: () => void this.show(),
      options: (o) => void this.show({ since: o.since, runbook: o.runbook }),
    }));
  }

  /** Reads and shows the report; `options` replaces the current ones when given. Resolves with what was shown. */
  async show(options?: ReportOptions): Promise<ReportView> {
    if (options) this.options = cleanOptions(options);
    this.panel.busy('Reading the audit log…');
    // One read at a time: a second Refresh while reading waits for it and reads again.
    const previous = this.loading;
    const next = (async () => {
      await previous?.catch(() => undefined);
      return loadReport(this.session, this.options);
    })();
    this.loading = next;
    const view = await next;
    this.panel.show(this.title(), { type: 'report', view });
    return view;
  }

  private title(): string {
    const o = this.options;
    return `Remediation report${o.runbook ? `: ${o.runbook}` : ''}${o.since ? ` (${o.since})` : ''}`;
  }
}
