// The editor's MetricsReader: the Prometheus adapter (from the lazily loaded k8s bundle, as the cluster
// adapters are) for the URL the settings give the current kube context. With no URL for the context, a
// reader whose every query fails with the reason: the pipeline then blocks or aborts exactly as the CLI's
// does without --prometheus-url (a precondition is `error`, verification metrics cannot be measured).
import { isMetricsError, type MetricsReader } from '../../core/ports';
import { prometheus } from './kube';
import { unconfiguredMetricsReader, type PrometheusChoice } from './prometheusSettings';

/** remediator.prometheus.* cannot be used as set: one sentence naming the setting, shown by the command. */
export class PrometheusSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrometheusSettingsError';
  }
}

export function metricsReaderFor(choice: PrometheusChoice): MetricsReader {
  if (choice.kind === 'invalid') throw new PrometheusSettingsError(choice.message);
  if (choice.kind === 'none') return unconfiguredMetricsReader(choice.reason);
  try {
    return new (prometheus().PrometheusMetricsReader)({
      url: choice.url,
      ...(choice.tokenFile !== undefined ? { bearerTokenFile: choice.tokenFile } : {}),
      ...(choice.caFile !== undefined ? { caFile: choice.caFile } : {}),
    });
  } catch (err) {
    // A URL that is not one, or an unreadable CA file: the user's input, before anything is decided.
    if (isMetricsError(err, 'config')) throw new PrometheusSettingsError(`${choice.entry}: ${err.message}`);
    throw err;
  }
}
