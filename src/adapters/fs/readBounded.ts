// Reading a file without trusting its size: a regular file larger than the limit is refused from its
// stat alone; anything else (a pipe, a FIFO, a device such as /dev/zero, a file that grows while read)
// is read only up to limit + 1 bytes, so a hostile path can never make us allocate more. Shared by the
// CLI's inputs and the adapters that read user-named files (the local state file).
import * as fs from 'fs';

/** The file is larger than the limit; nothing past limit + 1 bytes was read. */
export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

const CHUNK = 64 * 1024;

export function readFileBounded(file: string, maxBytes: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) throw new FileTooLargeError(maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(CHUNK, maxBytes + 1 - total);
      const chunk = Buffer.allocUnsafe(want);
      const got = fs.readSync(fd, chunk, 0, want, null);
      if (got === 0) break;
      chunks.push(got === want ? chunk : chunk.subarray(0, got));
      total += got;
      if (total > maxBytes) throw new FileTooLargeError(maxBytes);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}
