// The smallest stand-in for the `vscode` module that lets an extension bundle load outside the editor
// (check-vsix.sh only checks that it loads and exports activate(); nothing is called).
'use strict';
class Stub { constructor() { return new Proxy(this, { get: (t, k) => (k in t ? t[k] : stub()) }); } }
function stub() {
  const fn = function () { return stub(); };
  return new Proxy(fn, {
    get: (t, k) => (k === Symbol.toPrimitive ? () => 0 : k === 'prototype' ? Stub.prototype : stub()),
    construct: () => new Stub(),
    ownKeys: () => ['prototype'],
  });
}
const names = ['DiagnosticSeverity', 'CompletionItemKind', 'TreeItemCollapsibleState', 'ProgressLocation', 'ViewColumn', 'StatusBarAlignment',
  'EventEmitter', 'Disposable', 'Range', 'Position', 'Diagnostic', 'Uri', 'ThemeIcon', 'ThemeColor', 'MarkdownString', 'TreeItem',
  'CodeAction', 'CodeActionKind', 'CodeLens', 'Hover', 'CompletionItem', 'SnippetString', 'WorkspaceEdit', 'languages', 'window',
  'workspace', 'commands', 'extensions', 'env', 'l10n', 'ConfigurationTarget', 'CancellationTokenSource'];
module.exports = Object.fromEntries(names.map((n) => [n, stub()]));
