// A reading thread of ceb-reader.ts: parse, then read against the field specs, answered as plain data.
import { parseXml } from '../../platform/exchange/index.ts';
import { serveThread } from '../../platform/threads/index.ts';
import { readCebXmlData } from './ceb.xml.ts';
import type { CebReadJob } from './ceb-reader.ts';

serveThread(({ bytes, limits }: CebReadJob) => readCebXmlData(parseXml(bytes, limits)));
