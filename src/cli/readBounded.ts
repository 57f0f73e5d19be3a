// The CLI's inputs use the one bounded reader the adapters use too (src/adapters/fs/readBounded.ts).
export { FileTooLargeError, readFileBounded } from '../adapters/fs/readBounded';
