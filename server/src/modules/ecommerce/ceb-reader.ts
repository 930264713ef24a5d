import { parseXml, type XmlBytes, type XmlLimits } from '../../platform/exchange/index.ts';
import { ThreadPool } from '../../platform/threads/index.ts';
import { type CebMessage, type CebXmlData, cebMessageOf, readCebMessage } from './ceb.xml.ts';
import { buyerHasher, rateDocuments } from './document-rating.ts';
import type { PositiveList, PositiveListEntry } from './positive-list.ts';

/** What a reading thread is sent: the message's bytes, the limits of the XML parse, the buyer-ID key. */
export interface CebReadJob {
  bytes: Uint8Array;
  limits: XmlLimits;
  buyerKey: string;
}

/** What a reading thread is started with. */
export interface CebReaderInit {
  positiveList: PositiveListEntry[];
}

/**
 * Parses and reads CEB XML messages, hashes the ID numbers in them and rates their lists
 * (document-rating.ts). With threads, that work — about half of the request thread's on a batch of
 * lists (bench/ecommerce) — runs on worker threads while the request thread writes; with none, it
 * runs on the request thread.
 */
export interface CebReader {
  read(xml: XmlBytes, buyerKey: string): Promise<CebMessage>;
  close(): Promise<void>;
}

export function createCebReader(threads: number, positiveList: PositiveList): CebReader {
  if (threads === 0)
    return {
      read: async (xml, buyerKey) => {
        const message = readCebMessage(parseXml(xml.bytes, xml.limits));
        rateDocuments(message.documents, buyerHasher(buyerKey), positiveList);
        return message;
      },
      close: async () => {},
    };
  const pool = new ThreadPool<CebReadJob, CebXmlData>(
    new URL('./ceb-reader.worker.ts', import.meta.url),
    threads,
    { positiveList: positiveList.all() } satisfies CebReaderInit,
  );
  return {
    read: async (xml, buyerKey) =>
      cebMessageOf(await pool.run({ bytes: xml.bytes, limits: xml.limits, buyerKey })),
    close: () => pool.close(),
  };
}
