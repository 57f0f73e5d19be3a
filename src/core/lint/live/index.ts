export * from './record';
export * from './scope';
export * from './probes';
export * from './diagnostics';
export * from './ranges';
export * from './inventory';
