'use strict';
// One run = one isolated code-server + one headless Chromium page, torn down together.
const fs = require('fs');
const { ensureCodeServer, InfraError } = require('./env');
const { startCodeServer } = require('./code-server');
const { launchBrowser, memSampler } = require('./browser');

/**
 * Starts code-server (installing it first if needed) and Chromium; `untrusted`: in restricted mode.
 * Returns { cs, page, browser, mem, close({ keep }) }. Ctrl-C / SIGTERM end both and exit 2.
 */
async function openSession({ log, env = {}, untrusted = false }) {
  ensureCodeServer(log);
  const cs = await startCodeServer({ env, untrusted });
  log(`code-server listening on ${cs.host} (tmp ${cs.tmp})`);
  let browser;
  const onSignal = (sig) => {
    console.error(`[session] ${sig}: killing code-server and Chromium`);
    cs.kill();
    const pgid = browser ? browser.pgid() : -1;
    if (pgid > 0) try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ }
    try { fs.rmSync(cs.tmp, { recursive: true, force: true, maxRetries: 3 }); } catch { /* best effort */ }
    process.exit(2);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    browser = await launchBrowser(cs.tmp);
  } catch (e) {
    await cs.stop();
    throw e;
  }
  log('chromium launched');
  const mem = memSampler({ 'code-server': () => cs.proc.pid, chromium: browser.pgid });
  // Fail fast instead of waiting for a deadline when something underneath dies.
  const crashed = new Promise((_, reject) => {
    cs.exited.then((c) => reject(new InfraError(`code-server exited (${c}) during the run; see ${cs.logFile}`)));
    browser.page.on('crash', () => reject(new InfraError('the workbench page crashed')));
  });
  crashed.catch(() => {}); // only observed through race()

  let closed = false;
  return {
    cs, browser, page: browser.page, mem,
    /** Races `promise` against code-server / page crashes. */
    race: (promise) => Promise.race([promise, crashed]),
    /** Stops everything; removes the temp dir unless keep (then says where it is). */
    async close({ keep = false } = {}) {
      if (closed) return;
      closed = true;
      mem.sample();
      mem.stop();
      log(`peak memory (PSS): ${mem.report()}`);
      await browser.close();
      await cs.stop();
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      if (keep || process.env.REMEDIATOR_KEEP_TMP) log(`kept ${cs.tmp} (code-server.log, user-data/logs, ...)`);
      else fs.rmSync(cs.tmp, { recursive: true, force: true });
    },
  };
}

module.exports = { openSession };
