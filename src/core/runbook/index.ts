// The runbook contract: parse, validate, lint and convert RemediationRunbook YAML.
export type { Diagnostic, DiagnosticSource, Position, Range, RunbookDocument, RunbookFileResult, Severity } from './types';
export { parseRunbooks, parseRunbook, type ParseOptions } from './parse';
export { parseActionCommand, closestAction, ACCEPTED_COMMANDS, type ActionCommandResult } from './actionCommand';
export { lintRunbook, LINT_RULES, type RangeFinder } from './lint';
export { runbookSchema, runbookValidator } from './schema';
export { sortDiagnostics, hasErrors } from './diagnostics';
export { MAX_FILE_BYTES, MAX_NESTING } from './yamlRead';
export { convertPolicy, type ConvertResult } from './convert';
export { parseDuration } from './durations';
