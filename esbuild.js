// Builds every bundle: the extension (vscode external), the CLI (must never require vscode),
// the webview scripts (browser), and the test/bench entry points (one bundle per file).
//
//   node esbuild.js                 the development/test build into dist/ (with the test hooks)
//   node esbuild.js --production    what `npm run package` ships: minified, no tests, no test hooks
//   --outdir=DIR                    build into DIR instead of dist/ (a test inspects a production build)
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const outArg = process.argv.find((a) => a.startsWith('--outdir='));
const out = outArg ? path.resolve(outArg.slice('--outdir='.length)) : 'dist';

function listEntries(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listEntries(full, suffix));
    else if (entry.name.endsWith(suffix)) found.push(full);
  }
  return found;
}

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  // The extension-host test hooks (src/extension/cluster/commands/testHooks.ts) are only compiled into
  // the non-production build: every use is behind this constant, so --production drops the module.
  define: { REMEDIATOR_TEST_HOOKS: production ? 'false' : 'true' },
};

async function main() {
  const builds = [
    // The Kubernetes adapters are a separate bundle the extension requires on first cluster use.
    // The shipped editor bundle reads no environment variable (none may pre-answer a confirmation); the
    // libraries it includes (the CEL and PromQL parsers) only probe for debug switches, which stay off.
    esbuild.build({ ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: out, external: ['vscode', './k8s.js'],
      define: production ? { ...node.define, 'process.env': '{}' } : node.define }),
    esbuild.build({ ...node, entryPoints: { k8s: 'src/extension/cluster/k8sBundle.ts' }, outdir: out }),
    esbuild.build({
      ...node,
      entryPoints: { cli: 'src/cli/main.ts' },
      outdir: out,
      external: [],
      // Always minified: a CLI process pays for compiling its bundle on every run (scan is timed whole).
      minify: true,
      // A larger young generation: deciding for a thousand targets keeps many small plan objects alive,
      // and the default semi-space makes the scavenger copy them repeatedly (about 3x slower).
      banner: { js: '#!/usr/bin/env -S node --max-semi-space-size=32' },
    }),
  ];
  const webviews = listEntries('src/webview', '.main.ts');
  if (webviews.length > 0) {
    builds.push(esbuild.build({
      bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: !production,
      minify: production, logLevel: 'warning', entryPoints: webviews, outdir: path.join(out, 'webview'),
    }));
  }
  if (!production) {
    const testEntries = [
      ...listEntries('test', '.test.ts'),
      ...listEntries('test', '.entry.ts'),
      ...listEntries('bench', '.ts'),
    ];
    if (testEntries.length > 0) {
      builds.push(esbuild.build({ ...node, entryPoints: testEntries, outdir: out, outbase: '.' }));
    }
  }
  await Promise.all(builds);
  const cli = path.join(out, 'cli.js');
  fs.chmodSync(cli, 0o755);
  // The CLI bundle must stand alone outside VS Code.
  if (/require\(["']vscode["']\)/.test(fs.readFileSync(cli, 'utf8'))) {
    throw new Error('dist/cli.js requires "vscode": a core/adapters/cli module imports the editor API');
  }
}

main().catch((err) => {
  console.error(err.message || err);
  process.exit(1);
});
