// The replay webview's display model: the CLI's words for every entry (both come from src/core/replay/text.ts).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { parseAuditJsonl } from '../../../src/core/audit/jsonl';
import { replayDecisions } from '../../../src/core/replay/replay';
import { replayText } from '../../../src/core/replay/text';
import { runbookFromText } from '../../../src/core/runbook/fromText';
import { isReplayView } from '../../../src/protocol/report';
import { replayView } from '../../../src/extension/cluster/report/replayView';

const AUDIT = 'test/fixtures/replay/audit.jsonl';

function runbook(file: string) {
  const read = runbookFromText(fs.readFileSync(file, 'utf8'));
  if (!read.ok) throw new Error(read.message);
  return read.runbook;
}

describe('replay webview: the display model', () => {
  const records = parseAuditJsonl(fs.readFileSync(AUDIT, 'utf8')).records;

  it('a stricter floor: the changed decisions, before → after with the reason, in the CLI text word for word', () => {
    const report = replayDecisions({ runbook: runbook('test/fixtures/replay/stricter-floor.yaml'), records });
    const view = replayView(report, { runbookFile: 'stricter-floor.yaml', auditFile: AUDIT, problems: [] });
    assert.ok(isReplayView(view));
    assert.deepEqual(view.summary, report.summary);
    assert.match(view.headline[0], /^Replayed 6 decisions of replace-redundant-pod from .*: 2 would change, 2 unchanged, 2 not replayable\.$/);
    const text = replayText(report, AUDIT, true);
    assert.ok(text.startsWith(view.headline[0]));
    const changed = view.entries.filter((e) => e.status === 'changed');
    assert.equal(changed.length, 2);
    for (const e of view.entries) {
      const heading = `${e.status === 'not_replayable' ? 'NOT REPLAYABLE' : e.status.toUpperCase()} ${e.where}`;
      assert.ok(text.includes(heading), heading);
      assert.ok(text.includes(`  why:    ${e.why}`), e.why);
      if (e.before) assert.ok(text.includes(`  before: ${e.before}\n  after:  ${e.after}`));
    }
    const executed = changed.find((e) => e.before?.includes('(recorded executed)'));
    assert.match(executed?.before ?? '', /^auto_execute \(recorded executed\): delete pod/);
    assert.match(executed?.after ?? '', /^abort/);
    assert.match(executed?.why ?? '', /^minimumReadyReplicasWithSameApp pass → fail: only 2 Ready pods with app=web/);
  });

  it('nothing recorded for the runbook: the headline says so and how to replay another name', () => {
    const other = runbook('test/fixtures/replay/stricter-floor.yaml');
    const renamed = { ...other, metadata: { ...other.metadata, name: 'never-recorded' } };
    const view = replayView(replayDecisions({ runbook: renamed, records }), { runbookFile: 'x.yaml', auditFile: AUDIT, problems: ['a.jsonl:3: skipped torn line (x)'] });
    assert.equal(view.summary.decisions, 0);
    assert.match(view.headline[1], /^No decisions of runbook never-recorded are recorded there \(\d+ of other runbooks; replay them with remediator replay --recorded-runbook NAME\)\.$/);
    assert.deepEqual(view.problems, ['a.jsonl:3: skipped torn line (x)']);
  });
});
