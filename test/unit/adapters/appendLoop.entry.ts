// Child process for the audit append tests: appends `count` records (0 = until killed) to the file in
// argv[2] through the audit sink, printing each id once its append (one write, one fsync) has returned.
// With `torn`, it then writes the first half of one more record, as a writer stopped mid-append leaves
// it, prints "torn" and waits to be killed.
import * as fs from 'fs';
import { JsonlAuditFile } from '../../../src/adapters/audit/jsonlFile';
import { auditRecord } from '../../support/k8s';

async function main(): Promise<void> {
  const [file, prefix, countText, sizeText, mode] = process.argv.slice(2);
  const count = Number(countText);
  const sink = new JsonlAuditFile(file);
  const message = 'é中🙂'.repeat(Math.ceil(Number(sizeText) / 9));
  for (let i = 0; count === 0 || i < count; i++) {
    const id = `${prefix}-${i}`;
    await sink.write(auditRecord({ id, message }));
    process.stdout.write(`${id}\n`);
  }
  if (mode === 'torn') {
    const next = Buffer.from(JSON.stringify(auditRecord({ id: `${prefix}-torn`, message })), 'utf8');
    fs.appendFileSync(file, next.subarray(0, Math.floor(next.length / 2)));
    process.stdout.write('torn\n');
    setInterval(() => undefined, 60_000);
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
