// export-job reads the runbook once, with the runbook limit (1 MiB), and embeds exactly the text it
// validated: a second read could see a different (or far larger) file than the one checked.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { MAX_FILE_BYTES } from '../../../src/core/runbook/yamlRead';
import { cli } from '../../support/cli';

const SAMPLES = fs.readdirSync('runbooks').filter((f) => f.endsWith('.yaml')).sort();

describe('export-job reads its runbook once', () => {
  for (const sample of SAMPLES) {
    it(`${sample}: one read with the 1 MiB runbook limit; the ConfigMap holds the text that was validated`, async () => {
      const file = path.join('runbooks', sample);
      const original = fs.readFileSync(file, 'utf8');
      const reads: { path: string; maxBytes?: number }[] = [];
      // A file that changes under us: a second read would see something else.
      const r = await cli(['export-job', '--runbook', file], {
        readFile: (p, maxBytes) => { reads.push({ path: p, maxBytes }); return reads.length === 1 ? original : `${original}\n# changed after validation\n`; },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(reads.map((x) => x.maxBytes), [MAX_FILE_BYTES]);
      assert.equal(MAX_FILE_BYTES, 1024 * 1024);
      const config = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; data?: Record<string, string> }).find((d) => d.kind === 'ConfigMap');
      assert.equal(config?.data?.['runbook.yaml'], original);
    });
  }
});
