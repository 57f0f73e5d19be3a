// The core runner reads files through a synchronous port; the editor reads asynchronously. So the files
// a test names are read first (open editors' text wins over the disk: what the user sees is tested),
// then the runner runs on that snapshot.
import * as vscode from 'vscode';
import { parseRunbookTest, resolveFrom, type RunbookTestPort, type TestFileParse } from '../../core/testing';

type Read = { text: string } | { error: { code: string; message: string } };

function errorCode(err: unknown): string {
  if (err instanceof vscode.FileSystemError) {
    if (err.code === 'FileNotFound') return 'ENOENT';
    if (err.code === 'FileIsADirectory') return 'EISDIR';
    return err.code;
  }
  return err instanceof Error ? err.message : String(err);
}

export async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

async function read(path: string): Promise<Read> {
  try {
    return { text: await readText(vscode.Uri.file(path)) };
  } catch (err) {
    return { error: { code: errorCode(err), message: err instanceof Error ? err.message : String(err) } };
  }
}

/** The files a parsed test names, as the runner will resolve them: the runbook first. */
export function namedFiles(testFile: string, parsed: TestFileParse): string[] {
  const test = parsed.test;
  if (!test) return [];
  const refs = [test.runbook, test.state, test.history, ...test.cases.flatMap((c) => [c.history, c.state])];
  return [...new Set(refs.flatMap((r) => (r ? [resolveFrom(testFile, r.path)] : [])))];
}

/** A port over the named files, read once, ahead of the run. */
export async function prefetchedPort(testFile: string, text: string): Promise<RunbookTestPort> {
  const paths = namedFiles(testFile, parseRunbookTest(text));
  const reads = new Map<string, Read>(await Promise.all(paths.map(async (p) => [p, await read(p)] as const)));
  reads.set(testFile, { text });
  return {
    now: () => new Date(),
    readFile(path: string): string {
      const found = reads.get(path);
      if (!found) throw Object.assign(new Error(`not read ahead: ${path}`), { code: 'ENOENT' });
      if ('error' in found) throw Object.assign(new Error(found.error.message), { code: found.error.code });
      return found.text;
    },
  };
}
