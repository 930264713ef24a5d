// A reading thread of ceb-reader.ts: parse, read against the field specs, hash the ID numbers and
// rate the lists; answered as plain data.
import { parseXml } from '../../platform/exchange/index.ts';
import { serveThread } from '../../platform/threads/index.ts';
import { readCebXmlData } from './ceb.xml.ts';
import type { CebReaderInit, CebReadJob } from './ceb-reader.ts';
import { buyerHasher, rateDocuments } from './document-rating.ts';
import { PositiveList } from './positive-list.ts';

let positiveList: PositiveList | undefined;
const hashers = new Map<string, (id: string) => string>();

serveThread(({ bytes, limits, buyerKey }: CebReadJob, init: CebReaderInit) => {
  positiveList ??= new PositiveList(init.positiveList);
  let hash = hashers.get(buyerKey);
  if (!hash) {
    hash = buyerHasher(buyerKey);
    hashers.set(buyerKey, hash);
  }
  const message = readCebXmlData(parseXml(bytes, limits));
  rateDocuments(message.documents, hash, positiveList);
  return message;
});
