// Median (and fastest) wall time of repeated runs, after one warm-up run (JIT, lazy schema compile).
// The fastest run is the least disturbed by other load on the machine.
import * as v8 from 'v8';
import * as vm from 'vm';

export function time(fn: () => unknown, minRuns = 5, minMs = 300, beforeEach?: () => void): { median: number; fastest: number; runs: number } {
  const samples: number[] = [];
  const start = performance.now();
  fn();
  while (samples.length < minRuns || performance.now() - start < minMs) {
    beforeEach?.();
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
    if (samples.length > 10_000) break;
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], fastest: samples[0], runs: samples.length };
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection, so that one sample does not pay for the garbage the previous one left
 * (thousands of retained plans make that cost depend on the sample before, not on the work measured).
 */
export function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}
