// The lint rule that keeps the extension from reaching the adapters except through its session module
// (eslint.config.mjs): a value import of an adapter, or of the adapters bundle's loader, is an error in
// any other extension file; type-only imports stay allowed; the session module itself may import them.
import { strict as assert } from 'assert';
import { createRequire } from 'module';
import * as path from 'path';
import type * as ESLintModule from 'eslint';

// Loaded from the repository at run time, not bundled into the test: ESLint loads its config and plugins itself.
const { ESLint } = createRequire(path.join(process.cwd(), 'package.json'))('eslint') as typeof ESLintModule;
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('extension layering: adapters only through the session module', function () {
  this.timeout(60_000);
  const adapter = "import { PATCH } from '../../../adapters/k8s/http';\nexport const merge = PATCH.merge;\n";
  const typeOnly = "import type { KubeHttp } from '../../../adapters/k8s/http';\nexport type H = KubeHttp;\n";
  const loader = "import { wiring } from '../kube';\nexport const w = wiring;\n";

  it('a command importing an adapter or the bundle loader is refused', async () => {
    assert.match((await ruleErrors('src/extension/cluster/commands/probe.ts', adapter))[0] ?? '', /only through src\/extension\/cluster\/session\.ts/);
    assert.match((await ruleErrors('src/extension/cluster/commands/probe.ts', loader))[0] ?? '', /loaded for src\/extension\/cluster\/session\.ts only/);
    assert.equal((await ruleErrors('src/extension/cluster/tree/probe.ts', adapter)).length, 1);
  });

  it('type-only imports, and the session module itself, are allowed', async () => {
    assert.deepEqual(await ruleErrors('src/extension/cluster/tree/probe.ts', typeOnly), []);
    assert.deepEqual(await ruleErrors('src/extension/cluster/session.ts', "import { readAuditFile } from '../../adapters/audit/jsonlFile';\nexport const r = readAuditFile;\n"), []);
  });
});
