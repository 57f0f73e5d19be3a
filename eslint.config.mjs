// Import boundaries (STYLE.md): core is pure, only src/extension may import vscode,
// webview code only talks to the extension through src/protocol.
import tseslint from 'typescript-eslint';

const io = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process',
  'http', 'node:http', 'https', 'node:https', 'net', 'node:net', 'os', 'node:os'];
const restrict = (paths, patterns = []) => ({
  'no-restricted-imports': ['error', {
    paths: paths.map((name) => ({ name, message: 'not allowed in this layer (see STYLE.md)' })),
    patterns,
  }],
});

const adaptersOnlyThroughSession = {
  group: ['**/adapters', '**/adapters/**'], allowTypeImports: true,
  message: 'the extension reaches adapters only through src/extension/cluster/session.ts',
};
const bundleOnlyForSession = {
  group: ['**/kube', '**/k8sBundle'], allowTypeImports: true,
  message: 'the adapters bundle is loaded for src/extension/cluster/session.ts only; ask the session',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cluster/**', '.vscode-test/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: restrict(['vscode', '@kubernetes/client-node', ...io], [
      { group: ['**/adapters/**', '**/extension/**', '**/cli/**', '**/webview/**'], message: 'core depends on nothing but itself' },
    ]),
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: restrict(['vscode'], [{ group: ['**/extension/**', '**/cli/**', '**/webview/**'], message: 'adapters implement core ports only' }]),
  },
  {
    // The extension reaches the adapters only through its session module (session.ts opens the connection;
    // k8sBundle.ts is the lazily loaded bundle of adapters, which only session.ts and its Prometheus reader
    // metrics.ts load through kube.ts). Type-only imports stay allowed: they vanish from the bundle and let
    // views name the session's informer types.
    files: ['src/extension/**/*.ts'],
    ignores: ['src/extension/cluster/session.ts', 'src/extension/cluster/k8sBundle.ts', 'src/extension/cluster/metrics.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [adaptersOnlyThroughSession, bundleOnlyForSession] }] },
  },
  {
    files: ['src/extension/cluster/metrics.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [adaptersOnlyThroughSession] }] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(['vscode'], [{ group: ['**/extension/**', '**/webview/**'], message: 'the CLI never loads editor code' }]),
  },
  {
    files: ['src/protocol/**/*.ts'],
    rules: restrict(['vscode', '@kubernetes/client-node', ...io], [{ group: ['**/core/**', '**/adapters/**', '**/extension/**', '**/cli/**', '**/webview/**'], message: 'protocol is shared types only' }]),
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: restrict(['vscode', '@kubernetes/client-node', ...io], [{ group: ['**/core/**', '**/adapters/**', '**/extension/**', '**/cli/**'], message: 'webview imports only src/protocol' }]),
  },
);
