// Paths in a test file are relative to the test file. Resolved here as plain strings (no `path`
// module: core does no I/O and runs in the editor too), keeping the separator the caller used.

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(p);
}

/** `ref` as written in `testFile`, as a path the caller's file reader understands. */
export function resolveFrom(testFile: string, ref: string): string {
  if (isAbsolute(ref)) return normalize(ref);
  const cut = Math.max(testFile.lastIndexOf('/'), testFile.lastIndexOf('\\'));
  const dir = cut >= 0 ? testFile.slice(0, cut + 1) : '';
  return normalize(dir + ref);
}

/** Folds `.` and `dir/..` segments; leading `..` segments of a relative path stay. */
export function normalize(p: string): string {
  const sep = p.includes('\\') && !p.includes('/') ? '\\' : '/';
  const parts = p.split(/[\\/]/);
  const root = parts[0] === '' && parts.length > 1 ? sep : /^[A-Za-z]:$/.test(parts[0]) ? `${parts.shift()}${sep}` : '';
  if (root === sep) parts.shift();
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && root) continue;
    else out.push(part);
  }
  return root + out.join(sep) || '.';
}
