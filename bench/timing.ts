// Median (and fastest) wall time of repeated runs, after one warm-up run (JIT, lazy schema compile).
// The fastest run is the least disturbed by other load on the machine.
export function time(fn: () => unknown, minRuns = 5, minMs = 300): { median: number; fastest: number; runs: number } {
  const samples: number[] = [];
  const start = performance.now();
  fn();
  while (samples.length < minRuns || performance.now() - start < minMs) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
    if (samples.length > 10_000) break;
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], fastest: samples[0], runs: samples.length };
}
