import { parseXml, type XmlBytes, type XmlLimits } from '../../platform/exchange/index.ts';
import { ThreadPool } from '../../platform/threads/index.ts';
import { type CebMessage, type CebXmlData, cebMessageOf, readCebMessage } from './ceb.xml.ts';

/** What a reading thread is sent: the message's bytes and the limits of the XML parse. */
export interface CebReadJob {
  bytes: Uint8Array;
  limits: XmlLimits;
}

/**
 * Parses and reads CEB XML messages. With threads, the parse and the field checks — about half of
 * the request thread's work on a batch of lists (bench/ecommerce) — run on worker threads while the
 * request thread writes; with none, they run on the request thread.
 */
export interface CebReader {
  read(xml: XmlBytes): Promise<CebMessage>;
  close(): Promise<void>;
}

export function createCebReader(threads: number): CebReader {
  if (threads === 0)
    return {
      read: async (xml) => readCebMessage(parseXml(xml.bytes, xml.limits)),
      close: async () => {},
    };
  const pool = new ThreadPool<CebReadJob, CebXmlData>(
    new URL('./ceb-reader.worker.ts', import.meta.url),
    threads,
  );
  return {
    read: async (xml) => cebMessageOf(await pool.run({ bytes: xml.bytes, limits: xml.limits })),
    close: () => pool.close(),
  };
}
