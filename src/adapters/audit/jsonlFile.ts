import * as fs from 'fs';
import * as path from 'path';
import { parseAuditJsonl, type AuditParse } from '../../core/audit/jsonl';
import type { NotificationAttemptRecord } from '../../core/audit/notificationAttempt';
import type { AuditRecord } from '../../core/model/audit';
import type { AuditSink } from '../../core/ports';
import { safeJsonLine } from '../../core/text/safe';

/** The audit (or state) file could not be read or appended to; the message names the file. */
export class AuditFileError extends Error {}

const { O_APPEND, O_CREAT, O_EXCL, O_RDWR, O_WRONLY } = fs.constants;
/** Directory fsync is not possible everywhere (some platforms and filesystems refuse it). */
const NO_DIRECTORY_SYNC = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP', 'EBADF']);

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

interface AppendHandle { handle: fs.promises.FileHandle; created: boolean; readable: boolean }

/** The file opened for appending when it exists; undefined when it (or its directory) does not. */
async function openExisting(file: string): Promise<AppendHandle | undefined> {
  try {
    return { handle: await fs.promises.open(file, O_RDWR | O_APPEND), created: false, readable: true };
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return undefined;
    if (codeOf(err) !== 'EACCES' && codeOf(err) !== 'EPERM') throw err;
  }
  // Write-only for us: we cannot look at the last byte.
  return { handle: await fs.promises.open(file, O_WRONLY | O_APPEND), created: false, readable: false };
}

/** Creates the file; one made meanwhile by someone else is opened instead. */
async function openForAppend(file: string): Promise<AppendHandle> {
  try {
    return { handle: await fs.promises.open(file, O_RDWR | O_APPEND | O_CREAT | O_EXCL, 0o600), created: true, readable: true };
  } catch (err) {
    if (codeOf(err) !== 'EEXIST') throw err;
  }
  const existing = await openExisting(file);
  if (!existing) throw Object.assign(new Error(`${file} vanished while being opened`), { code: 'ENOENT' });
  return existing;
}

/** False when the last byte is not a newline, or cannot be read: then the next record starts a fresh line. */
async function endsWithNewline(h: AppendHandle, size: number): Promise<boolean> {
  if (size === 0) return true;
  if (!h.readable) return false;
  const last = Buffer.alloc(1);
  const { bytesRead } = await h.handle.read(last, 0, 1, size - 1);
  return bytesRead === 1 && last[0] === 0x0a;
}

async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(dir, 'r');
  } catch (err) {
    if (NO_DIRECTORY_SYNC.has(codeOf(err) ?? '')) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!NO_DIRECTORY_SYNC.has(codeOf(err) ?? '')) throw err;
  } finally {
    await handle.close();
  }
}

/** Directories whose entries changed: the file's (when it was created) and the parent of each directory mkdir made. */
function changedDirectories(dir: string, firstCreated: string | undefined, fileCreated: boolean): string[] {
  const dirs = fileCreated ? [dir] : [];
  if (firstCreated) {
    for (let d = dir; ; d = path.dirname(d)) {
      dirs.push(path.dirname(d));
      if (d === firstCreated || d === path.dirname(d)) break;
    }
  }
  return dirs;
}

/**
 * Appends lines (each without a newline) to a JSONL file in one write and one fsync, so a completed
 * call is on disk. A torn last line left by a killed writer is closed with a newline first, so the new
 * records never glue onto the fragment. O_APPEND keeps concurrent writers' single writes whole; two
 * writers repairing the same fragment at once leave at most a blank line, which readers ignore. A new
 * file is 0600 and its directory entry is flushed too.
 */
export function appendJsonLines(file: string, lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return Promise.resolve();
  return groupCommit(path.resolve(file), lines);
}

interface Waiting { lines: readonly string[]; done(err?: unknown): void }
/** Per file (this process): the appends waiting while one write is in flight. */
const waitingByFile = new Map<string, Waiting[]>();

/**
 * Group commit: appends that arrive while a write to the same file is in flight wait and then go out
 * together, in arrival order, in one write and one fsync (serve's intake journal and audit file take
 * hundreds of appends a second). Each caller resolves only once its own lines are on disk, and a failed
 * write fails every caller of that batch, so no caller counts a line that was not written.
 */
function groupCommit(file: string, lines: readonly string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const entry: Waiting = { lines, done: (err) => (err === undefined ? resolve() : reject(err)) };
    const waiting = waitingByFile.get(file);
    if (waiting) {
      waiting.push(entry);
      return;
    }
    waitingByFile.set(file, [entry]);
    void drain(file);
  });
}

async function drain(file: string): Promise<void> {
  for (;;) {
    const batch = waitingByFile.get(file) ?? [];
    if (batch.length === 0) {
      waitingByFile.delete(file);
      return;
    }
    // Later arrivals queue behind this batch in a fresh list.
    waitingByFile.set(file, []);
    let failure: unknown;
    try {
      await appendNow(file, batch.flatMap((w) => w.lines));
    } catch (err) {
      failure = err ?? new Error('append failed');
    }
    for (const w of batch) w.done(failure);
  }
}

async function appendNow(file: string, lines: readonly string[]): Promise<void> {
  try {
    const dir = path.dirname(file);
    // The usual case first: the file is there (one open, no mkdir); else make the directory and the file.
    let firstCreated: string | undefined;
    let h = await openExisting(file);
    if (!h) {
      firstCreated = await fs.promises.mkdir(dir, { recursive: true });
      h = await openForAppend(file);
    }
    try {
      const stat = await h.handle.stat();
      // Pipes and devices (/dev/stdout) have no last line to repair and cannot be fsync'd.
      const regular = stat.isFile();
      const fresh = !regular || await endsWithNewline(h, stat.size);
      const data = Buffer.from((fresh ? '' : '\n') + lines.join('\n') + '\n', 'utf8');
      const { bytesWritten } = await h.handle.write(data, 0, data.length, null);
      // A short write leaves a torn line (repaired by the next append); the caller must not count this one as written.
      if (bytesWritten !== data.length) throw new Error(`short write (${bytesWritten} of ${data.length} bytes)`);
      if (regular) await h.handle.sync();
    } finally {
      await h.handle.close();
    }
    for (const d of changedDirectories(dir, firstCreated, h.created)) await syncDirectory(d);
  } catch (err) {
    if (err instanceof AuditFileError) throw err;
    throw new AuditFileError(`${file}: cannot append (${codeOf(err) ?? (err as Error).message})`);
  }
}

/** Append-only JSONL audit log: every completed write is on disk, and a torn last line never costs a later record. */
export class JsonlAuditFile implements AuditSink {
  constructor(readonly file: string) {}

  write(record: AuditRecord): Promise<void> {
    return this.writeMany([record]);
  }

  /**
   * Appends several records in one write and one fsync (a scan's "did nothing" decisions). Each line is
   * redacted and escaped as it is written: a message can carry an API server's or a webhook's words,
   * and the log must never keep a credential or a bidi override, whichever front end read it later.
   */
  writeMany(records: readonly AuditRecord[]): Promise<void> {
    return appendJsonLines(this.file, records.map((r) => safeJsonLine(r)));
  }

  /** One notification delivery attempt (redacted and escaped like every line). */
  attempt(record: NotificationAttemptRecord): Promise<void> {
    return appendJsonLines(this.file, [safeJsonLine(record)]);
  }
}

/** Records, and lines skipped (1-based) with the reason: a torn line after a crash, anything unreadable. */
export type AuditReadResult = AuditParse;

/** Reads a JSONL audit or history file with the one reader policy (src/core/audit/jsonl.ts); a missing file is empty. */
export function readAuditFile(file: string): AuditReadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return { records: [], attempts: [], skipped: [] };
    throw new AuditFileError(`${file}: cannot read (${codeOf(err) ?? (err as Error).message})`);
  }
  return parseAuditJsonl(text);
}
