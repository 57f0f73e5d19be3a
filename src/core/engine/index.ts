export * from './decide';
export * from './plan';
export * from './history';
export * from './mode';
export * from './sentence';
export * from './targets';
export * from './permissions';
export { scaleTo } from '../actions';
export * from './output';
