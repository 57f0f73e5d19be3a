import * as fs from 'fs';
import * as path from 'path';
import type { RunbookTestPort } from '../../../src/core/testing';

/** An in-memory port: files by path, plus the repository's files under "repo/". */
export function memoryPort(files: Record<string, string>, now = new Date('2026-04-26T10:00:00Z')): RunbookTestPort & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    now: () => now,
    readFile(p: string): string {
      reads.push(p);
      if (p in files) return files[p];
      if (p.startsWith('repo/')) return fs.readFileSync(path.join(process.cwd(), p.slice('repo/'.length)), 'utf8');
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    },
  };
}

export const LAB_HEADER = `apiVersion: remediations.kubedojo.io/v1
kind: RunbookTest
metadata: { name: lab }
spec:
  runbook: ../runbooks/replace-redundant-pod.yaml
  state: ../test/fixtures/simulate/lab/state.json
  now: "2026-04-26T10:00:00Z"
  cases:
`;
