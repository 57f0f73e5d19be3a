// Results of reading runbook files: diagnostics located like VS Code's (0-based line and character),
// so the editor, the CLI and tests show the same positions.
import type { Runbook } from '../model/runbook';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';
export type DiagnosticSource = 'yaml' | 'schema' | 'action' | 'lint' | 'convert' | 'metrics' | 'cluster';

export interface Diagnostic {
  severity: Severity;
  /** A sentence a service owner understands: what is wrong, what is allowed. */
  message: string;
  range: Range;
  /** Stable identifier, e.g. `unknown-field`, `auto-execute-high-risk`. */
  code: string;
  source: DiagnosticSource;
  /** Where in the runbook data the problem is, e.g. ['spec', 'guardrails', 'cooldownMinutes']. */
  path?: (string | number)[];
}

export interface RunbookDocument {
  /** 0-based position of the document in the file (`---` separated). */
  index: number;
  range: Range;
  /** Present only when the document has no error diagnostics. */
  runbook?: Runbook;
  /** metadata.name when it is a string, even if the runbook is invalid. */
  name?: string;
  diagnostics: Diagnostic[];
  /** kind is RemediationRunbook (or the apiVersion is a runbook API version). */
  isRunbook: boolean;
}

export interface RunbookFileResult {
  documents: RunbookDocument[];
  /** Every diagnostic of the file, flat, sorted by position. */
  diagnostics: Diagnostic[];
}
