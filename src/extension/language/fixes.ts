// One quick fix per diagnostic code of the runbook contract (src/core/runbook lint.ts, schemaErrors.ts,
// actionProblems.ts). Each returns edits at exact ranges; the provider wraps them in CodeActions.
import * as vscode from 'vscode';
import { fittingCheck as fittingCheckOf } from '../../core/actions';
import type { Diagnostic } from '../../core/runbook';
import type { Action, Runbook, VerificationCheck } from '../../core/model/runbook';
import { closestMatch } from '../../core/runbook/suggest';
import { blockEnd, childIndent, yamlLines } from './blocks';
import { acceptedCommandFor, structuredFromCommand } from './commandToAction';
import { toRange } from './convert';
import { allowedValues, propertiesOf, schemaAt, type SchemaNode } from './schemaNav';
import { lineShape } from './yamlPath';

export interface FixInput {
  document: vscode.TextDocument;
  lines: string[];
  found: Diagnostic;
  /** The runbook of the diagnostic's document, when it has no errors (lint findings). */
  runbook?: Runbook;
}

export interface Fix {
  title: string;
  edit: vscode.WorkspaceEdit;
  preferred?: boolean;
}

type FixBuilder = (input: FixInput) => Fix[];

function replaceFix(input: FixInput, title: string, range: vscode.Range, text: string, preferred = false): Fix {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(input.document.uri, range, text);
  return { title, edit, preferred };
}

function insertFix(input: FixInput, title: string, line: number, text: string): Fix {
  const edit = new vscode.WorkspaceEdit();
  const at = line >= input.document.lineCount ? input.document.lineAt(input.document.lineCount - 1).range.end : new vscode.Position(line, 0);
  edit.insert(input.document.uri, at, at.character > 0 ? `\n${text.replace(/\n$/, '')}` : text);
  return { title, edit, preferred: true };
}

function unquoted(text: string): string {
  return text.replace(/^(["'])(.*)\1$/, '$2');
}

const capAutoExecute: FixBuilder = (input) => [
  replaceFix(input, 'Use decisionMode approval_required (a human approves each action)', toRange(input.found.range), 'approval_required', true),
];

/** The check that can fail for this action (its descriptor's; lint accepts it). */
function fittingCheck(action: Action | undefined): VerificationCheck {
  return action ? fittingCheckOf(action) : 'available_replicas_equal_desired_replicas';
}

const addCheck: FixBuilder = (input) => {
  const check = fittingCheck(input.runbook?.spec.action);
  const range = toRange(input.found.range);
  const current = input.document.getText(range).trim();
  // `checks: []` is the usual shape of this finding; a block list gets a new item instead.
  if (current.startsWith('[')) return [replaceFix(input, `Add verification check ${check}`, range, `[${check}]`, true)];
  const keyLine = range.start.line;
  const { childIndent: column } = childIndent(input.lines, keyLine);
  return [insertFix(input, `Add verification check ${check}`, keyLine + 1, `${' '.repeat(column)}- ${check}\n`)];
};

/** A small valid value for a schema: its first example, or built from its required keys. */
function exampleValue(path: string[], schema: SchemaNode | undefined): unknown {
  if (path.join('.') === 'spec.verification.checks') return [fittingCheck(undefined)];
  if (!schema) return '';
  if (schema.examples && schema.examples.length > 0) return schema.examples[0];
  const values = allowedValues(schema);
  if (values.length > 0) return values[0];
  const properties = propertiesOf(schema);
  if (properties.length > 0) {
    return Object.fromEntries(properties.filter((p) => p.required).map((p) => [p.name, exampleValue([...path, p.name], p.schema)]));
  }
  return '';
}

/** A missing required field (a verification block, its checks...) added with a small valid value. */
const addMissingField: FixBuilder = (input) => {
  const path = (input.found.path ?? []).map(String);
  const field = path[path.length - 1];
  // The action is the one thing no example may choose for the author.
  if (path.length < 2 || path.join('.') === 'spec.action') return [];
  const parentLine = input.found.range.start.line;
  const parent = lineShape(input.lines[parentLine]);
  if (parent?.key !== path[path.length - 2] || parent.rest !== '') return [];
  const { childIndent: column, unit } = childIndent(input.lines, parentLine);
  const text = yamlLines(field, exampleValue(path, schemaAt(path)), column, unit);
  const title = field === 'verification' ? 'Add a verification block' : `Add ${path.slice(1).join('.')}`;
  return [insertFix(input, title, blockEnd(input.lines, parentLine, parent.keyIndent ?? 0) + 1, text)];
};

const closestEnumValue: FixBuilder = (input) => {
  const allowed = allowedValues(schemaAt(input.found.path ?? []));
  if (allowed.length === 0) return [];
  const range = toRange(input.found.range);
  if (range.start.line !== range.end.line) return [];
  const closest = closestMatch(unquoted(input.document.getText(range).trim()), allowed);
  if (closest) return [replaceFix(input, `Change to ${closest}`, range, closest, true)];
  return allowed.map((value) => replaceFix(input, `Change to ${value}`, range, value));
};

const structuredAction: FixBuilder = (input) => {
  const range = toRange(input.found.range);
  const line = range.start.line;
  const shape = lineShape(input.lines[line]);
  if (shape?.key !== 'command' || shape.keyIndent === undefined) return [];
  const action = structuredFromCommand(unquoted(input.document.getText(range).trim()));
  if (!action) return [];
  const fixes: Fix[] = [];
  const entry = new vscode.Range(line, shape.keyIndent, range.end.line, range.end.character);
  const pad = ' '.repeat(shape.keyIndent);
  // The action's fields, one per line below its type (replicas for a scale).
  const fields = Object.entries(action).filter(([key]) => key !== 'type').map(([key, value]) => `\n${pad}${key}: ${String(value)}`).join('');
  fixes.push(replaceFix(input, `Use the structured action type: ${action.type}`, entry, `type: ${action.type}${fields}`, true));
  const command = acceptedCommandFor(action);
  if (command) fixes.push(replaceFix(input, `Use the accepted command: ${command}`, range, command));
  return fixes;
};

const unknownField: FixBuilder = (input) => {
  const path = input.found.path ?? [];
  const field = String(path[path.length - 1]);
  const range = toRange(input.found.range);
  const shape = lineShape(input.lines[range.start.line]);
  if (shape?.key !== field || shape.keyIndent !== range.start.character) return [];
  const fixes: Fix[] = [];
  const allowed = propertiesOf(schemaAt(path.slice(0, -1))).map((p) => p.name);
  const closest = closestMatch(field, allowed);
  if (closest) fixes.push(replaceFix(input, `Rename to ${closest}`, range, closest, true));
  if (shape.dashIndent === undefined) {
    const last = blockEnd(input.lines, range.start.line, shape.keyIndent);
    const end = last + 1 < input.document.lineCount ? new vscode.Position(last + 1, 0) : input.document.lineAt(last).range.end;
    const edit = new vscode.WorkspaceEdit();
    edit.delete(input.document.uri, new vscode.Range(range.start.line, 0, end.line, end.character));
    fixes.push({ title: `Remove unknown field ${field}`, edit, preferred: !closest });
  }
  return fixes;
};

export const FIXES: Readonly<Record<string, FixBuilder>> = {
  'auto-execute-high-risk': capAutoExecute,
  'verification-no-checks': addCheck,
  'missing-field': addMissingField,
  'invalid-value': closestEnumValue,
  'action-command-rejected': structuredAction,
  'unknown-field': unknownField,
};
