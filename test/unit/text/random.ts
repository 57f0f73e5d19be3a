/** mulberry32: small, fast, seeded; a failing case names its seed so it can be replayed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;
export const int = (random: Random, n: number) => Math.floor(random() * n);
export const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

/** Characters that must never reach a terminal raw, and ordinary ones around them. */
export const HOSTILE = [
  '\n', '\r', '\t', '\x1b', '\x1b[31m', '\x1b[2J', '\x1b[?25l', '\u009b1A', '\x1b]0;title\x07', '\x00', '\x07', '\x08', '\x7f', '\u0085', '\u009b', '\u061c',
  '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029',
];
export const ORDINARY = ['web', '-', '.', ' ', 'é', '漢', '😀', '/', '\\', '"', '{', '}', ':', 'x', '0', 'pod'];

export function hostileText(random: Random, length = 24): string {
  let text = '';
  for (let i = 0; i < length; i++) text += random() < 0.4 ? pick(random, HOSTILE) : pick(random, ORDINARY);
  return text;
}
