// The Helm part of the dry-run panel's plan view: both revisions side by side and how much the values
// and rendered manifests differ. The full texts are not sent: "Compare revisions" opens them in a diff editor.

export interface HelmRevisionView {
  revision: number;
  status: string;
  chart: string;
  chartVersion: string;
  appVersion?: string;
  deployedAt?: string;
  description: string;
}

export interface HelmDiffCount { added: number; removed: number }

export interface HelmPlanView {
  release: string;
  namespace: string;
  current: HelmRevisionView;
  proposed: HelmRevisionView;
  values: HelmDiffCount;
  manifest: HelmDiffCount;
}

/** Above this length a string from the host is refused (descriptions and chart names are short). */
const MAX_TEXT = 4096;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const optionalText = (v: unknown): boolean => v === undefined || isText(v);

export function isHelmRevisionView(v: unknown): v is HelmRevisionView {
  return isObject(v) && isCount(v.revision) && v.revision >= 1 && isText(v.status) && isText(v.chart) && isText(v.chartVersion)
    && optionalText(v.appVersion) && optionalText(v.deployedAt) && isText(v.description);
}

function isDiffCount(v: unknown): v is HelmDiffCount {
  return isObject(v) && isCount(v.added) && isCount(v.removed);
}

export function isHelmPlanView(v: unknown): v is HelmPlanView {
  return isObject(v) && isText(v.release) && isText(v.namespace) && isHelmRevisionView(v.current) && isHelmRevisionView(v.proposed)
    && isDiffCount(v.values) && isDiffCount(v.manifest);
}
