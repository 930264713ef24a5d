export { FileStore, sniffMediaType } from './file-store.ts';
