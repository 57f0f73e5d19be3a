import * as path from 'path';
import { LineAuditSink } from '../adapters/audit/stream';
import type { PrometheusReaderOptions } from '../adapters/prometheus/reader';
import { openRemediator, type Remediator } from '../adapters/wiring';
import { isMetricsError } from '../core/ports';
import { single, type ParsedArgs } from './args';
import { InputError, UsageError, type CliIO } from './io';
import { auditFilePath } from './paths';

/** Flags every live verb accepts. */
export const LIVE_VALUES = [
  'kubeconfig', 'context', 'audit-file', 'state-namespace', 'local-state', 'prometheus-url', 'prometheus-token-file', 'prometheus-ca-file', 'helm',
] as const;


/** Prometheus for metric preconditions: --prometheus-url, else REMEDIATOR_PROMETHEUS_URL; none = not configured. */
export function prometheusOptions(args: ParsedArgs, io: CliIO): PrometheusReaderOptions | undefined {
  const url = single(args, 'prometheus-url') ?? (io.env.REMEDIATOR_PROMETHEUS_URL || undefined);
  const tokenFile = single(args, 'prometheus-token-file');
  const caFile = single(args, 'prometheus-ca-file');
  if (url === undefined) {
    if (tokenFile !== undefined || caFile !== undefined) {
      throw new UsageError('--prometheus-token-file and --prometheus-ca-file need --prometheus-url (or REMEDIATOR_PROMETHEUS_URL)');
    }
    return undefined;
  }
  return {
    url,
    ...(tokenFile !== undefined ? { bearerTokenFile: path.resolve(io.cwd, tokenFile) } : {}),
    ...(caFile !== undefined ? { caFile: path.resolve(io.cwd, caFile) } : {}),
  };
}

/** --helm PATH (relative to the working directory); else the adapter looks at REMEDIATOR_HELM, then PATH. */
function helmPath(args: ParsedArgs, io: CliIO): string | undefined {
  const given = single(args, 'helm');
  return given !== undefined ? path.resolve(io.cwd, given) : undefined;
}

/** Wires the pipeline's ports for one CLI invocation: the user's kubeconfig, shared state in the cluster. */
export function openLive(args: ParsedArgs, io: CliIO, options: { json: boolean; quiet?: boolean }): Remediator {
  const localState = single(args, 'local-state');
  const prometheus = prometheusOptions(args, io);
  try {
    return openRemediator({
      kubeconfig: single(args, 'kubeconfig'),
      context: single(args, 'context'),
      stateNamespace: single(args, 'state-namespace') ?? io.env.REMEDIATOR_STATE_NAMESPACE,
      auditFile: auditFilePath(io, single(args, 'audit-file')),
      localStateFile: localState ? path.resolve(io.cwd, localState) : undefined,
      sinks: options.quiet ? [] : [new LineAuditSink((t) => (options.json ? io.stderr(t) : io.stdout(t)))],
      onProgress: (text) => io.stderr(`  ${text}\n`),
      ...(prometheus ? { prometheus } : {}),
      helmPath: helmPath(args, io),
      env: io.env,
    });
  } catch (err) {
    // A bad Prometheus URL or an unreadable CA file is the user's input: one sentence, no stack.
    if (isMetricsError(err, 'config')) throw new InputError(err.message);
    throw err;
  }
}
