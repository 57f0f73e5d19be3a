// Test builders in one import: the lab's names, Kubernetes objects (and the seed lab snapshot), and the
// model objects and guardrail contexts built on them.
export * from './lab';
export * from './objects';
export * from './model';
