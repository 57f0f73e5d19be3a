// npm run bench: core speed figures, each with its target and a baseline measured in the same process.
//   validate: a typical runbook (target <= 5 ms) and a 1 MB file (<= 50 ms); baseline: yaml parse alone.
//   decide:   1,000 labeled pods from a state file (<= 50 ms); baseline: JSON.parse of that file.
//   replica floor: 50,000 pods with 500 and 5,000 marked (<= 2 s, cost per marked pod flat); see replicaFloor.ts.
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { decisionContext, decideTargets, scanTargets } from '../src/core/engine/decide';
import { snapshotFromList } from '../src/core/k8s/list';
import { parseRunbooks } from '../src/core/runbook/parse';
import { largeState, largeRunbookFile, runbookWithLongNotes } from './generate';
import { replicaFloorRows } from './replicaFloor';
import { time } from './timing';

function row(label: string, ms: number, targetMs: number, baselineLabel: string, baselineMs: number): string {
  const verdict = ms <= targetMs ? 'ok' : 'OVER TARGET';
  return `${label.padEnd(44)} ${ms.toFixed(3).padStart(9)} ms  target ${String(targetMs).padStart(3)} ms (${(targetMs / ms).toFixed(1)}x headroom, ${verdict})`
    + `  | ${baselineLabel} ${baselineMs.toFixed(3)} ms, ratio ${(ms / baselineMs).toFixed(2)}x`;
}

const typical = fs.readFileSync(path.join(__dirname, '..', '..', 'runbooks', 'replace-redundant-pod.yaml'), 'utf8');
const big = largeRunbookFile(1_000_000);
const longNotes = runbookWithLongNotes(typical, 1_000_000);
const stateText = JSON.stringify(largeState(1000, 100));
const runbookDoc = parseRunbooks(typical).documents[0];
if (!runbookDoc?.runbook) throw new Error('the sample runbook does not validate');
const runbook = runbookDoc.runbook;
const now = new Date('2026-04-26T10:00:00Z');

const lines: string[] = [];
const v1 = time(() => parseRunbooks(typical));
const b1 = time(() => parseYaml(typical));
lines.push(row('validate typical runbook', v1.median, 5, 'yaml.parse only', b1.median));
const checkValid = (text: string) => {
  const r = parseRunbooks(text);
  if (r.diagnostics.some((d) => d.severity === 'error')) throw new Error(`benchmark input invalid: ${r.diagnostics[0].message}`);
};
checkValid(longNotes);
checkValid(big);
const v2 = time(() => parseRunbooks(longNotes), 3, 1000);
const b2 = time(() => parseYaml(longNotes), 3, 1000);
lines.push(row(`validate 1 MB runbook (${(longNotes.length / 1e6).toFixed(2)} MB, long notes)`, v2.median, 50, 'yaml.parse only', b2.median));
const v3 = time(() => parseRunbooks(big), 3, 1000);
const b3m = time(() => parseAllDocuments(big).map((d) => d.toJS()), 3, 1000);
lines.push(row(`validate 1 MB of ${big.split('\n---\n').length} runbooks (multi-doc)`, v3.median, 50, 'yaml parse only', b3m.median));
let decided = 0;
const d = time(() => {
  const { snapshot } = snapshotFromList(JSON.parse(stateText));
  const ctx = decisionContext({ runbook, snapshot, now });
  decided = decideTargets(ctx, scanTargets(ctx)).length;
}, 5, 1000);
const b3 = time(() => JSON.parse(stateText), 5, 500);
lines.push(row(`decide ${decided} labeled pods (state ${(stateText.length / 1024 / 1024).toFixed(1)} MB)`, d.median, 50, 'JSON.parse only', b3.median));
lines.push(...replicaFloorRows(runbook, now));
process.stdout.write(`Remediator core benchmarks (median of repeated runs, Node ${process.version})\n${lines.join('\n')}\n`);
