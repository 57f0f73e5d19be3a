// The intake journal on disk (see src/core/serve/journal.ts for its lines). Opening it replays and
// compacts it (pending alerts rewritten to a new file, fsync'd, renamed over the old one), so it does not
// grow without bound across restarts.
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Alert } from '../../core/alerts/payload';
import { journalState, type JournalAlert, type JournalDone, type JournalState } from '../../core/serve/journal';
import { appendJsonLines } from '../audit/jsonlFile';

export class IntakeJournal {
  private constructor(readonly file: string) {}

  /** Opens (creating the directory), replays and compacts; returns the alerts still to handle. */
  static async open(file: string): Promise<{ journal: IntakeJournal; state: JournalState }> {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    let text = '';
    try {
      text = await fs.promises.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const state = journalState(text);
    if (state.doneCount > 0 || state.skipped.length > 0) await rewrite(file, state.pending);
    return { journal: new IntakeJournal(file), state };
  }

  /** Records every alert of one payload in one write and one fsync; resolves when they are on disk. */
  async append(alerts: readonly Alert[], receivedAt: Date): Promise<JournalAlert[]> {
    const lines: JournalAlert[] = alerts.map((alert) => ({ type: 'alert', id: randomUUID(), receivedAt: receivedAt.toISOString(), alert }));
    await appendJsonLines(this.file, lines.map((l) => JSON.stringify(l)));
    return lines;
  }

  async done(id: string, result: string, at: Date): Promise<void> {
    const line: JournalDone = { type: 'done', id, at: at.toISOString(), result };
    await appendJsonLines(this.file, [JSON.stringify(line)]);
  }
}

async function rewrite(file: string, pending: readonly JournalAlert[]): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  const h = await fs.promises.open(tmp, 'w', 0o600);
  try {
    await h.writeFile(pending.map((p) => JSON.stringify(p) + '\n').join(''));
    await h.sync();
  } finally {
    await h.close();
  }
  await fs.promises.rename(tmp, file);
  const dir = await fs.promises.open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
