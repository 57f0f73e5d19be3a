'use strict';
// Headless Debian Chromium driven by playwright-core, plus a memory sampler for the processes a run
// starts (code-server's group and Chromium's group).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');
const { CHROMIUM, InfraError } = require('./env');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Chromium with its profile in `tmp`. Returns { context, page, pgid(), close() }. */
async function launchBrowser(tmp, { viewport = { width: 1400, height: 900 } } = {}) {
  const profile = path.join(tmp, 'chromium-profile');
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, viewport, args: CHROMIUM_ARGS, timeout: 60000,
    });
  } catch (e) {
    throw new InfraError(`cannot launch ${CHROMIUM}: ${e.message}`);
  }
  const page = context.pages()[0] || await context.newPage();
  // Playwright starts Chromium in its own process group; find its leader by the profile dir.
  const pgid = () => {
    try { return Number(execFileSync('pgrep', ['-o', '-f', `user-data-dir=${profile}`]).toString().trim()); } catch { return -1; }
  };
  const close = () => context.close().catch(() => {});
  return { context, page, pgid, close };
}

/**
 * Samples the proportional set size (PSS, MiB) of every process in the given process groups every
 * 500 ms and keeps the peak of each group and of their sum.
 * @param {Record<string, () => number>} groups name -> function returning the group id
 */
function memSampler(groups) {
  const peak = {};
  const sampleNow = () => {
    const ids = Object.fromEntries(Object.entries(groups).map(([k, f]) => [k, f()]));
    const now = {};
    for (const line of execFileSync('ps', ['-eo', 'pid=,pgid=']).toString().trim().split('\n')) {
      const [pid, pgid] = line.trim().split(/\s+/).map(Number);
      const name = Object.keys(ids).find((k) => ids[k] === pgid);
      if (!name) continue;
      try {
        const m = /^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
        now[name] = (now[name] || 0) + (m ? Number(m[1]) / 1024 : 0);
      } catch { /* process ended meanwhile */ }
    }
    for (const k of Object.keys(now)) peak[k] = Math.max(peak[k] || 0, now[k]);
    const total = Object.values(now).reduce((a, b) => a + b, 0);
    peak.total = Math.max(peak.total || 0, total);
  };
  const sample = () => { try { sampleNow(); } catch { /* ps failed: skip this sample */ } };
  const timer = setInterval(sample, 500);
  timer.unref();
  return {
    sample,
    stop: () => clearInterval(timer),
    report: () => Object.entries(peak).map(([k, v]) => `${k} ${v.toFixed(0)} MiB`).join(', '),
  };
}

module.exports = { launchBrowser, memSampler, CHROMIUM_ARGS };
