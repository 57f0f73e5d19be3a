// Generated inputs for tests: a small seeded generator (mulberry32), so a failing case replays from its seed.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings built from what matters to PromQL's lexer (quotes, escapes, braces, operators), control characters and Unicode. */
export function hostileLabelValue(next: () => number): string {
  const parts = ['"', "'", '`', '\\', '}', '{', ',', ' or ', 'vector(1)', '\n', '\r', '\t', '\x00', '\x1f', '\x7f', '=~', '.*', '|', '$1', '${APP}', 'é', '日本', '😀', 'a', '"} or vector(1) or {a="'];
  let out = '';
  const length = 1 + Math.floor(next() * 7); // never empty: templates refuse empty values
  for (let i = 0; i < length; i++) out += parts[Math.floor(next() * parts.length)];
  return out;
}
