// Runbook tests in the editor: the Test Explorer controller, a "Run tests" CodeLens on runbooks that
// have tests, and the command it runs. Wiring only: test files are found when the Test Explorer or a
// CodeLens first asks.
import * as vscode from 'vscode';
import { RunTestsCodeLensProvider, runRunbookTestsCommand } from './codeLens';
import { RunbookTestController } from './controller';

export function registerRunbookTests(context: vscode.ExtensionContext): void {
  const tests = new RunbookTestController();
  const lenses = new RunTestsCodeLensProvider(tests);
  context.subscriptions.push(
    tests,
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'yaml' }, lenses),
    runRunbookTestsCommand(tests),
  );
  // For the extension's own tests (hidden: not in the manifest): what the Test Explorer was told. Only in
  // the test build (REMEDIATOR_TEST_HOOKS is a build-time constant, so the production bundle has none of it).
  if (REMEDIATOR_TEST_HOOKS && context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(vscode.commands.registerCommand('remediator._test.runbookTestResults', async (uri?: vscode.Uri) => {
      await tests.discover();
      // A file written after discovery is listed when VS Code's file watcher reports it, which a loaded
      // machine can delay past a test's deadline: refresh as the Test Explorer's own button does.
      if (uri && !tests.controller.items.get(uri.toString())) await tests.controller.refreshHandler?.(new vscode.CancellationTokenSource().token);
      const file = uri ? tests.controller.items.get(uri.toString()) : undefined;
      const cases = file ? [...file.children].map(([, item]) => ({ id: item.id, label: item.label, line: item.range?.start.line })) : [];
      return { files: [...tests.controller.items].map(([id]) => id), cases, reported: Object.fromEntries(tests.reported) };
    }));
  }
}
