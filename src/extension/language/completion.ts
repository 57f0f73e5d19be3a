// Completion for runbook YAML: the keys the mapping at the cursor takes (with the schema's
// descriptions), enum values, and the accepted action command shapes. Works on half-typed text: the
// cursor's place comes from indentation (yamlPath.ts), not from a parse.
import * as vscode from 'vscode';
import { ACCEPTED_COMMANDS } from '../../core/runbook';
import { allowedValues, descriptionAt, propertiesOf, schemaAt, valueShape, type PropertyInfo } from './schemaNav';
import { cursorPlace, siblingKeys, type PathSegment } from './yamlPath';
import { documentLines, isRunbookDocument } from './runbookDocuments';

export const COMPLETION_TRIGGERS = [' '];

function documentation(text: string | undefined): vscode.MarkdownString | undefined {
  return text ? new vscode.MarkdownString(text) : undefined;
}

/** `$`, `}` and `\` are snippet syntax; command placeholders such as ${POD_NAME} are literal text. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function keySnippet(property: PropertyInfo): vscode.SnippetString {
  const name = property.name;
  const values = allowedValues(property.schema);
  if (values.length === 1) return new vscode.SnippetString(`${name}: ${escapeSnippet(values[0])}`);
  if (values.length > 1) return new vscode.SnippetString(`${name}: \${1|${values.map((v) => v.replace(/[,|]/g, '\\$&')).join(',')}|}`);
  switch (valueShape(property.schema)) {
    case 'mapping': return new vscode.SnippetString(`${name}:\n\t$0`);
    case 'list': {
      const itemValues = allowedValues(property.schema.items);
      return itemValues.length > 0
        ? new vscode.SnippetString(`${name}:\n\t- \${1|${itemValues.join(',')}|}`)
        : new vscode.SnippetString(`${name}:\n\t- $0`);
    }
    default: return new vscode.SnippetString(`${name}: $0`);
  }
}

function keyItems(path: PathSegment[], present: Set<string>, replace: vscode.Range): vscode.CompletionItem[] {
  return propertiesOf(schemaAt(path)).filter((p) => !present.has(p.name)).map((property, index) => {
    const item = new vscode.CompletionItem(property.name, vscode.CompletionItemKind.Property);
    item.insertText = keySnippet(property);
    item.documentation = documentation(descriptionAt([...path, property.name]));
    item.detail = property.required ? 'required' : 'optional';
    item.range = replace;
    // Required keys first, then the schema's order (which follows the seed's layout).
    item.sortText = `${property.required ? 0 : 1}${String(index).padStart(3, '0')}`;
    return item;
  });
}

function valueItems(path: PathSegment[], values: readonly string[], replace: vscode.Range): vscode.CompletionItem[] {
  const described = descriptionAt(path);
  return values.map((value, index) => {
    const item = new vscode.CompletionItem(value, vscode.CompletionItemKind.EnumMember);
    item.documentation = documentation(described);
    item.range = replace;
    item.sortText = String(index).padStart(3, '0');
    return item;
  });
}

function commandItems(replace: vscode.Range): vscode.CompletionItem[] {
  return ACCEPTED_COMMANDS.map((command, index) => {
    const item = new vscode.CompletionItem(command, vscode.CompletionItemKind.Value);
    item.insertText = new vscode.SnippetString(escapeSnippet(command).replace('--replicas=N', '--replicas=${1:1}'));
    item.detail = 'accepted action command';
    item.documentation = new vscode.MarkdownString('Parsed into a typed action, never run through a shell. '
      + 'The engine fills in the placeholders with the target it decided on.');
    item.range = replace;
    item.sortText = String(index).padStart(3, '0');
    return item;
  });
}

function isCommandPath(path: PathSegment[]): boolean {
  return path.length === 3 && path[0] === 'spec' && path[1] === 'action' && path[2] === 'command';
}

export class RunbookCompletionProvider implements vscode.CompletionItemProvider {
  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!isRunbookDocument(document)) return undefined;
    const lines = documentLines(document);
    const place = cursorPlace(lines, position.line, position.character);
    if (place.kind === 'none') return undefined;
    const replace = new vscode.Range(position.translate(0, -place.prefix.length), position);
    if (place.kind === 'key') return keyItems(place.path, siblingKeys(lines, position.line, place.indent), replace);
    if (place.kind === 'value') {
      if (isCommandPath(place.path)) {
        // The whole value is replaced: a command is picked, not typed word by word.
        return commandItems(new vscode.Range(position.line, position.character - place.prefix.length, position.line, lines[position.line].length));
      }
      if (/\s/.test(place.prefix)) return undefined; // inside a sentence (intent, notes): nothing to offer
      return valueItems(place.path, allowedValues(schemaAt(place.path)), replace);
    }
    const itemValues = allowedValues(schemaAt(place.path)?.items);
    return itemValues.length > 0 ? valueItems([...place.path], itemValues, replace) : undefined;
  }
}
