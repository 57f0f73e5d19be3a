// Messages between the extension host and the Remediation Report / Replay webviews, with runtime guards.
// The host turns the core's report into these display models (src/extension/cluster/report/*View.ts);
// the webviews only draw them: every chart's numbers are also its table, so nothing is shown twice
// from two computations.

/** Theme colours a chart series may use: the webview reads --vscode-charts-<colour> at draw time. */
export const CHART_COLOURS = ['blue', 'green', 'red', 'yellow', 'orange', 'purple', 'foreground'] as const;
export type ChartColour = typeof CHART_COLOURS[number];

export interface ChartSeriesView {
  label: string;
  colour: ChartColour;
  /** One value per chart label; null: no evidence (drawn as a gap, "n/a" in the table). */
  values: (number | null)[];
}

export interface ChartView {
  id: string;
  title: string;
  /** bar: grouped bars; stacked: one bar per label split by series; horizontal: bars along the x axis. */
  kind: 'bar' | 'stacked' | 'horizontal';
  /** percent values are 0..100. */
  unit: 'percent' | 'seconds' | 'count';
  labels: string[];
  series: ChartSeriesView[];
}

export interface FigureTableView {
  caption: string;
  headers: string[];
  rows: string[][];
}

export type ReadinessVerdictView = 'move_right' | 'hold' | 'move_left';

export interface RunbookReportView {
  runbook: string;
  verdict: ReadinessVerdictView;
  summary: string;
  evidence: string[];
  /** Per runbook (first row) and per service, every figure of the report. */
  figures: FigureTableView;
  charts: ChartView[];
  /** Shadow agreement in one sentence, when the runbook has shadowed decisions. */
  shadow?: string;
}

export interface ReportView {
  auditFile: string;
  generatedAt: string;
  /** The options in force (as typed), and the runbooks one may pick. */
  options: { since?: string; runbook?: string };
  runbookNames: string[];
  /** Where the records came from, in one sentence. */
  sources: string;
  notes: string[];
  /** Unreadable audit lines, a shared state that could not be read, an invalid option: reported, not thrown. */
  problems: string[];
  /** Set when there is nothing to report (no audit log yet, or nothing in the period), saying so. */
  empty?: string;
  runbooks: RunbookReportView[];
}

export interface ReplayEntryView {
  status: 'changed' | 'unchanged' | 'not_replayable';
  where: string;
  before?: string;
  after?: string;
  why: string;
  notes: string[];
}

export interface ReplayView {
  runbook: string;
  runbookFile: string;
  auditFile: string;
  /** The CLI's first line(s): how many decisions, changed, unchanged, not replayable. */
  headline: string[];
  summary: { decisions: number; changed: number; unchanged: number; notReplayable: number; otherRunbooks: number };
  problems: string[];
  /** In audit-log order; the webview hides unchanged ones unless asked, as the CLI without --all. */
  entries: ReplayEntryView[];
}

export type ReportHostMessage = { type: 'report'; view: ReportView } | { type: 'replay'; view: ReplayView } | { type: 'busy'; text: string };

/** What a report webview drew (tests assert on it). */
export interface ReportRendered {
  type: 'rendered';
  /** 'report', 'replay', or 'empty' when only the empty-state message was drawn. */
  page: 'report' | 'replay' | 'empty';
  runbooks: string[];
  /** The report: each runbook's readiness verdict. A replay: the status of each row shown. */
  verdicts: string[];
  charts: number;
  /** Tables drawn beside charts (one per chart) and figure tables. */
  tables: number;
  problems: number;
  /** Rows of the replay table shown (changed and not replayable, plus unchanged when shown). */
  rows: number;
  /** The theme colours the charts were drawn with (resolved CSS values, never empty). */
  colours: string[];
}

export type ReportWebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'options'; since?: string; runbook?: string }
  | ReportRendered;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isArrayOf = <T>(v: unknown, item: (x: unknown) => x is T): v is T[] => Array.isArray(v) && v.every(item);
const isOptionalString = (v: unknown) => v === undefined || isString(v);
const isStringRow = (v: unknown): v is string[] => isArrayOf(v, isString);

/** Validates a message from a report webview (never trusted). Option strings are bounded: they end up in messages. */
export function isReportWebviewMessage(v: unknown): v is ReportWebviewMessage {
  if (!isObject(v) || !isString(v.type)) return false;
  switch (v.type) {
    case 'ready': case 'refresh': return true;
    case 'options':
      return isOptionalString(v.since) && isOptionalString(v.runbook) && String(v.since ?? '').length <= 64 && String(v.runbook ?? '').length <= 253;
    case 'rendered':
      return (v.page === 'report' || v.page === 'replay' || v.page === 'empty') && isStringRow(v.runbooks) && isStringRow(v.verdicts)
        && isNumber(v.charts) && isNumber(v.tables) && isNumber(v.problems) && isNumber(v.rows) && isStringRow(v.colours);
    default: return false;
  }
}

function isSeries(v: unknown): v is ChartSeriesView {
  return isObject(v) && isString(v.label) && isString(v.colour) && (CHART_COLOURS as readonly string[]).includes(v.colour)
    && Array.isArray(v.values) && v.values.every((x) => x === null || isNumber(x));
}

export function isChartView(v: unknown): v is ChartView {
  return isObject(v) && isString(v.id) && isString(v.title) && (v.kind === 'bar' || v.kind === 'stacked' || v.kind === 'horizontal')
    && (v.unit === 'percent' || v.unit === 'seconds' || v.unit === 'count') && isStringRow(v.labels) && isArrayOf(v.series, isSeries)
    && v.series.every((s) => s.values.length === (v.labels as string[]).length);
}

function isFigureTable(v: unknown): v is FigureTableView {
  return isObject(v) && isString(v.caption) && isStringRow(v.headers) && isArrayOf(v.rows, isStringRow);
}

function isRunbookView(v: unknown): v is RunbookReportView {
  return isObject(v) && isString(v.runbook) && (v.verdict === 'move_right' || v.verdict === 'hold' || v.verdict === 'move_left')
    && isString(v.summary) && isStringRow(v.evidence) && isFigureTable(v.figures) && isArrayOf(v.charts, isChartView) && isOptionalString(v.shadow);
}

export function isReportView(v: unknown): v is ReportView {
  return isObject(v) && isString(v.auditFile) && isString(v.generatedAt) && isObject(v.options) && isOptionalString(v.options.since)
    && isOptionalString(v.options.runbook) && isStringRow(v.runbookNames) && isString(v.sources) && isStringRow(v.notes)
    && isStringRow(v.problems) && isOptionalString(v.empty) && isArrayOf(v.runbooks, isRunbookView);
}

function isReplayEntry(v: unknown): v is ReplayEntryView {
  return isObject(v) && (v.status === 'changed' || v.status === 'unchanged' || v.status === 'not_replayable') && isString(v.where)
    && isOptionalString(v.before) && isOptionalString(v.after) && isString(v.why) && isStringRow(v.notes);
}

export function isReplayView(v: unknown): v is ReplayView {
  const s = isObject(v) ? v.summary : undefined;
  return isObject(v) && isString(v.runbook) && isString(v.runbookFile) && isString(v.auditFile) && isStringRow(v.headline)
    && isObject(s) && ['decisions', 'changed', 'unchanged', 'notReplayable', 'otherRunbooks'].every((k) => isNumber(s[k]))
    && isStringRow(v.problems) && isArrayOf(v.entries, isReplayEntry);
}

/** Validates a message from the host (the webview checks before drawing). */
export function isReportHostMessage(v: unknown): v is ReportHostMessage {
  if (!isObject(v) || !isString(v.type)) return false;
  switch (v.type) {
    case 'report': return isReportView(v.view);
    case 'replay': return isReplayView(v.view);
    case 'busy': return isString(v.text);
    default: return false;
  }
}
