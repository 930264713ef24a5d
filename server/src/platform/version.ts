import { readFileSync } from 'node:fs';

/** The server package's version, reported in the OpenAPI document and `jinguan --version`. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
