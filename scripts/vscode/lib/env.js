'use strict';
// Where things are (repo, code-server install, Chromium), logging, deadlines, and making sure
// code-server is installed. Everything is computed from this file's location and the environment.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '../../..');
const CODE_SERVER_VERSION = process.env.CODE_SERVER_VERSION || '4.100.3';
const CACHE = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'remediator');
const CODE_SERVER_DIR = process.env.REMEDIATOR_CODE_SERVER_DIR || path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
const CODE_SERVER_BIN = path.join(CODE_SERVER_DIR, 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.REMEDIATOR_CHROMIUM || '/usr/bin/chromium';
const INSTALL_SCRIPT = path.join(__dirname, '..', 'install-code-server.sh');

/** The test workspace (copied per run, so tests may write into it). */
const WORKSPACE_FIXTURE = path.join(REPO, 'test', 'vscode', 'workspace');
/** Bundled suite entry (esbuild: test/vscode/suite/index.entry.ts -> dist/test/vscode/suite/index.entry.js). */
const SUITE_ENTRY = path.join(REPO, 'dist', 'test', 'vscode', 'suite', 'index.entry.js');

const t0 = Date.now();
function logger(tag) {
  return (msg) => console.log(`[${tag} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
}

/** Exit codes shared by the runners. */
const EXIT = { PASS: 0, FAIL: 1, INFRA: 2 };

/** An error that means "the harness could not run", not "a test failed" (exit 2). */
class InfraError extends Error {}

/** Resolves/rejects like `promise`, or rejects with `what` after `ms`. */
function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new InfraError(`${what}: no result within ${(ms / 1000).toFixed(0)} s`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

function codeServerInstalled() {
  return [path.join(CODE_SERVER_DIR, '.remediator-installed'), CODE_SERVER_BIN, CHROMIUM, '/usr/bin/rg']
    .every((f) => fs.existsSync(f));
}

/** Runs scripts/vscode/install-code-server.sh unless code-server and Chromium are already there. */
function ensureCodeServer(log) {
  if (codeServerInstalled()) return;
  log(`code-server ${CODE_SERVER_VERSION} not found in ${CODE_SERVER_DIR}; installing (a few minutes, once)`);
  const r = spawnSync('bash', [INSTALL_SCRIPT], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0 || !codeServerInstalled()) {
    throw new InfraError(`install-code-server.sh failed (exit ${r.status ?? r.signal})`);
  }
}

module.exports = {
  REPO, CODE_SERVER_VERSION, CODE_SERVER_DIR, CODE_SERVER_BIN, CHROMIUM, WORKSPACE_FIXTURE, SUITE_ENTRY,
  EXIT, InfraError, logger, withDeadline, ensureCodeServer,
};
