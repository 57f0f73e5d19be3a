// "Run tests" on the first line of a runbook that has runbook tests (test files whose spec.runbook
// is this file); it runs them in the Test Explorer.
import * as vscode from 'vscode';
import { Disposable } from '../cluster/lifecycle';
import type { RunbookTestController } from './controller';
import { safeLine } from '../../core/text/safe';

export const RUN_RUNBOOK_TESTS_COMMAND = 'remediator.runRunbookTests';

export class RunTestsCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly _onDidChangeCodeLenses = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;

  constructor(private readonly tests: RunbookTestController) {
    super();
    this._register(tests.onDidChange(() => this._onDidChangeCodeLenses.fire()));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (document.uri.path.endsWith('.runbook-test.yaml')) return [];
    const items = await this.tests.testsOfRunbook(document.uri);
    if (items.length === 0) return [];
    const cases = items.reduce((n, item) => n + item.children.size, 0);
    const range = new vscode.Range(0, 0, 0, 0);
    return [new vscode.CodeLens(range, {
      title: `Run tests (${cases} case${cases === 1 ? '' : 's'})`,
      command: RUN_RUNBOOK_TESTS_COMMAND,
      arguments: [document.uri],
      tooltip: `Run the runbook tests of this runbook: ${items.map((i) => i.label).join(', ')}`,
    })];
  }
}

export function runRunbookTestsCommand(tests: RunbookTestController): vscode.Disposable {
  return vscode.commands.registerCommand(RUN_RUNBOOK_TESTS_COMMAND, async (uri?: vscode.Uri) => {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) return;
    const items = await tests.testsOfRunbook(target);
    if (items.length === 0) {
      void vscode.window.showInformationMessage(safeLine('No runbook tests name this runbook (spec.runbook in a *.runbook-test.yaml).'));
      return;
    }
    await tests.runItems(items);
  });
}
