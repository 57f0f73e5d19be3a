import * as path from 'path';
import { LineAuditSink } from '../adapters/audit/stream';
import { openRemediator, type Remediator } from '../adapters/wiring';
import { single, type ParsedArgs } from './args';
import type { CliIO } from './io';
import { auditFilePath } from './paths';

/** Flags every live verb accepts. */
export const LIVE_VALUES = ['kubeconfig', 'context', 'audit-file', 'state-namespace', 'local-state'] as const;

/** Wires the pipeline's ports for one CLI invocation: the user's kubeconfig, shared state in the cluster. */
export function openLive(args: ParsedArgs, io: CliIO, options: { json: boolean; quiet?: boolean }): Remediator {
  const localState = single(args, 'local-state');
  return openRemediator({
    kubeconfig: single(args, 'kubeconfig'),
    context: single(args, 'context'),
    stateNamespace: single(args, 'state-namespace') ?? io.env.REMEDIATOR_STATE_NAMESPACE,
    auditFile: auditFilePath(io, single(args, 'audit-file')),
    localStateFile: localState ? path.resolve(io.cwd, localState) : undefined,
    sinks: options.quiet ? [] : [new LineAuditSink((t) => (options.json ? io.stderr(t) : io.stdout(t)))],
    onProgress: (text) => io.stderr(`  ${text}\n`),
  });
}
