'use strict';
// Starts an isolated code-server on 127.0.0.1: its config, user data, extensions, TMPDIR and XDG dirs
// all live in one throw-away directory, and it runs in its own process group (server, extension host,
// pty host, file watcher) so stop() can end every process it started.
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { CODE_SERVER_BIN, WORKSPACE_FIXTURE, InfraError, withDeadline } = require('./env');

const freePort = () => new Promise((resolve, reject) => {
  const srv = net.createServer().on('error', reject).listen(0, '127.0.0.1', () => {
    const { port } = srv.address();
    srv.close(() => resolve(port));
  });
});

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
};

/**
 * @param {object} opts
 * @param {Record<string,string>} [opts.env] extra environment for the server and so the extension host
 * @param {string} [opts.workspaceFixture] folder copied into the temp dir and opened as the workspace
 * @param {boolean} [opts.untrusted] workspace trust on and the folder not trusted (restricted mode);
 *   by default trust is off, so every folder is trusted
 */
async function startCodeServer({ env = {}, workspaceFixture = WORKSPACE_FIXTURE, untrusted = false } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'remediator-vscode-'));
  const dir = (name) => { const d = path.join(tmp, name); fs.mkdirSync(d, { recursive: true }); return d; };
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(workspaceFixture, workspace, { recursive: true });
  const userData = dir('user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  // Restricted mode: trust on, never asked at startup (nobody answers the dialog), so the folder stays untrusted.
  const settings = untrusted
    ? { ...USER_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }
    : USER_SETTINGS;
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const config = path.join(tmp, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const logFile = path.join(tmp, 'code-server.log');

  const host = `127.0.0.1:${await freePort()}`;
  const args = ['--config', config, '--auth', 'none', '--bind-addr', host,
    '--user-data-dir', userData, '--extensions-dir', dir('extensions'),
    '--disable-telemetry', '--disable-update-check', ...(untrusted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override', '--ignore-last-opened'];
  const proc = spawn(CODE_SERVER_BIN, args, {
    detached: true, // own process group, see stop()
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env, // KUBECONFIG, REMEDIATOR_TEST_* ... reach the extension host through the server
      ...env,
      HOME: process.env.HOME || os.homedir(),
      TMPDIR: dir('tmp'),
      XDG_CONFIG_HOME: dir('xdg/config'),
      XDG_DATA_HOME: dir('xdg/data'),
      XDG_CACHE_HOME: dir('xdg/cache'),
      XDG_STATE_HOME: dir('xdg/state'),
      XDG_RUNTIME_DIR: dir('xdg/runtime'),
      EXTENSIONS_GALLERY: '{}', // no marketplace (open-vsx) lookups
    },
  });
  const out = fs.createWriteStream(logFile);
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);

  const killGroup = (signal) => {
    try { process.kill(-proc.pid, signal); return true; } catch { return false; }
  };
  // Last resort if the runner dies without reaching stop().
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal)));
  /** Ends the whole process group: SIGTERM, then SIGKILL for anything still there after 1 s (nothing to save). */
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (killGroup('SIGTERM')) {
      const deadline = Date.now() + 1000;
      while (Date.now() < deadline && killGroup(0)) await new Promise((r) => setTimeout(r, 100));
      killGroup('SIGKILL');
    }
    await withDeadline(exited, 5000, 'code-server exit').catch(() => {});
  };

  try {
    await withDeadline(new Promise((resolve, reject) => {
      proc.stdout.on('data', (d) => { if (/HTTP server listening/.test(d)) resolve(); });
      proc.on('error', (e) => reject(new InfraError(`cannot start ${CODE_SERVER_BIN}: ${e.message}`)));
      exited.then((c) => reject(new InfraError(`code-server exited (${c}) before listening; see ${logFile}`)));
    }), 90000, 'code-server start');
  } catch (e) {
    await stop();
    e.tmp = tmp;
    throw e;
  }

  return {
    proc, host, tmp, workspace, logFile, exited, stop,
    /** Synchronous SIGKILL of the whole group (signal handlers). */
    kill: () => killGroup('SIGKILL'),
    /** vscode-remote URI of a path on this machine, as the workbench payload expects. */
    remote: (p) => `vscode-remote://${host}${path.resolve(p)}`,
    /**
     * Workbench URL opening the workspace. `payload` holds [key, value] pairs, the same keys as the
     * desktop command line (extensionDevelopmentPath, extensionTestsPath), with vscode-remote URIs.
     */
    url: (payload = []) => `http://${host}/?folder=${encodeURIComponent(workspace)}`
      + (payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''),
  };
}

module.exports = { startCodeServer };
